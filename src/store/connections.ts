/**
 * The saved-connections slice: which one this tab shows, and all of them as listed (read from
 * the registry after the first paint; until then, none).
 */
import type { SavedConnection } from '../connections/registry.js';
import { createStore, type Store } from './store.js';

export interface ConnectionsSlice {
  readonly currentId: string;
  readonly list: readonly SavedConnection[];
  /** Why the list could not be read or changed; empty when it could. */
  readonly problem: string;
}

export type ConnectionsStore = Store<ConnectionsSlice>;

export function createConnectionsStore(currentId: string): ConnectionsStore {
  return createStore<ConnectionsSlice>({ currentId, list: [], problem: '' });
}

export function connectionsListed(store: ConnectionsStore, list: readonly SavedConnection[]): void {
  store.update((s) => ({ ...s, list, problem: '' }));
}

export function connectionsFailed(store: ConnectionsStore, problem: string): void {
  store.update((s) => ({ ...s, problem }));
}
