/**
 * The discovery slice: which sources are read (each off until switched on in Settings), and
 * what they found (discovery/catalog.ts). Its actions are in discovery-actions.ts, loaded with
 * discovery, after the first paint.
 */
import type { Entity } from '../entities/entity.js';
import type { Catalog } from '../discovery/catalog.js';
import type { DiscoverySource } from '../discovery/sources.js';
import { createStore, type Store } from './store.js';

export interface DiscoverySettings {
  readonly homeAssistant: boolean;
  /** Home Assistant's discovery prefix; it may hold slashes. */
  readonly homeAssistantPrefix: string;
  readonly tasmota: boolean;
  readonly zigbee2mqtt: boolean;
  /** Zigbee2MQTT's base topic. */
  readonly zigbee2mqttBase: string;
  /** Per discovered entity id: false, hidden by the user; true, shown though hidden by default. */
  readonly shown: Readonly<Record<string, boolean>>;
}

export const DEFAULT_DISCOVERY: DiscoverySettings = {
  homeAssistant: false,
  homeAssistantPrefix: 'homeassistant',
  tasmota: false,
  zigbee2mqtt: false,
  zigbee2mqttBase: 'zigbee2mqtt',
  shown: {},
};

export interface DiscoverySlice {
  readonly settings: DiscoverySettings;
  /** What the sources found; null until discovery has run. */
  readonly catalog: Catalog | null;
}

export type DiscoveryStore = Store<DiscoverySlice>;

export function createDiscoveryStore(settings: Partial<DiscoverySettings> = {}): DiscoveryStore {
  return createStore<DiscoverySlice>({ settings: { ...DEFAULT_DISCOVERY, ...settings }, catalog: null });
}

export function discoveryOn({ homeAssistant, tasmota, zigbee2mqtt }: DiscoverySettings): boolean {
  return homeAssistant || tasmota || zigbee2mqtt;
}

/** The sources these settings read, in the order of the settings. */
export function sourcesOn({ homeAssistant, tasmota, zigbee2mqtt }: Pick<DiscoverySettings, 'homeAssistant' | 'tasmota' | 'zigbee2mqtt'>): DiscoverySource[] {
  return [...(homeAssistant ? ['home-assistant' as const] : []), ...(tasmota ? ['tasmota' as const] : []), ...(zigbee2mqtt ? ['zigbee2mqtt' as const] : [])];
}

/** An entity of the user's list, or one discovery shows. */
export function findEntity(stores: { entities: Store<{ list: readonly Entity[] }>; discovery: DiscoveryStore }, id: string): Entity | undefined {
  return stores.entities.getState().list.find((e) => e.id === id) ?? stores.discovery.getState().catalog?.followed.find((e) => e.id === id);
}
