/**
 * The app's slow state: one small store per slice. What changes per message (the topics)
 * lives in the topic store instead (src/topics/topic-store.ts), observed per topic.
 */
import { createConnectionStore, type ConnectionSlice, type ConnectionStore } from './connection.js';
import { createConnectionsStore, type ConnectionsStore } from './connections.js';
import { createControlsStore, type ControlsSlice, type ControlsStore } from './controls.js';
import { createDiscoveryStore, type DiscoverySettings, type DiscoveryStore } from './discovery.js';
import { createDeviceStore, type DeviceSlice, type DeviceStore } from './device.js';
import { createDraftsStore, type DraftsSlice, type DraftsStore } from './drafts.js';
import { createEntitiesStore, type EntitiesStore } from './entities.js';
import { createOutboxStore, type OutboxStore } from './outbox.js';
import { createSetupStore, type SetupStore } from './setup.js';
import { createStorageStore, type StorageSlice, type StorageStore } from './storage.js';
import { createUiStore, type UiSlice, type UiStore } from './ui.js';
import type { Entity } from '../entities/entity.js';
import { DEFAULT_CONNECTION_ID } from '../connections/current.js';

export interface AppStores {
  readonly connection: ConnectionStore;
  readonly entities: EntitiesStore;
  readonly controls: ControlsStore;
  readonly outbox: OutboxStore;
  readonly drafts: DraftsStore;
  readonly device: DeviceStore;
  readonly storage: StorageStore;
  readonly ui: UiStore;
  readonly setup: SetupStore;
  readonly connections: ConnectionsStore;
  readonly discovery: DiscoveryStore;
}

export interface InitialState {
  readonly connection?: Partial<ConnectionSlice>;
  readonly entities?: readonly Entity[];
  readonly controls?: Partial<ControlsSlice>;
  readonly drafts?: DraftsSlice;
  readonly device?: Partial<DeviceSlice>;
  readonly storage?: StorageSlice;
  readonly ui?: Partial<UiSlice>;
  /** The saved connection this tab shows (connections/current.ts). */
  readonly connectionId?: string;
  readonly discovery?: Partial<DiscoverySettings>;
}

export function createAppStores(initial: InitialState = {}): AppStores {
  return {
    connection: createConnectionStore(initial.connection),
    entities: createEntitiesStore(initial.entities),
    controls: createControlsStore(initial.controls),
    outbox: createOutboxStore(),
    drafts: createDraftsStore(initial.drafts),
    device: createDeviceStore(initial.device),
    storage: createStorageStore(initial.storage),
    ui: createUiStore(initial.ui),
    setup: createSetupStore(),
    connections: createConnectionsStore(initial.connectionId ?? DEFAULT_CONNECTION_ID),
    discovery: createDiscoveryStore(initial.discovery),
  };
}
