/** The discovery slice's actions, loaded with discovery (after the first paint). */
import type { Catalog } from '../discovery/catalog.js';
import type { DiscoverySettings, DiscoveryStore } from './discovery.js';

export function discoveryConfigured(store: DiscoveryStore, change: Partial<DiscoverySettings>): void {
  store.update((s) => {
    const settings = { ...s.settings, ...change };
    return JSON.stringify(settings) === JSON.stringify(s.settings) ? s : { ...s, settings };
  });
}

/** The user hides a discovered entity (false), or shows one hidden by default (true). */
export function discoveredShown(store: DiscoveryStore, id: string, shown: boolean): void {
  store.update((s) => (s.settings.shown[id] === shown ? s : { ...s, settings: { ...s.settings, shown: { ...s.settings.shown, [id]: shown } } }));
}

export function catalogFound(store: DiscoveryStore, catalog: Catalog | null): void {
  store.update((s) => (s.catalog === catalog ? s : { ...s, catalog }));
}
