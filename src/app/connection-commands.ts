/**
 * Saved connections: keeps the registry in step with this tab's connection (its name and
 * broker, as they are saved), lists them in the store, and adds, opens and removes them.
 * Opening one is a navigation (each has its own database, opened before anything else):
 * the platform does it. Loaded after the first paint.
 */
import type { SharedDiscovery } from '../setup/setup-file.js';
import { databaseName } from '../connections/current.js';
import {
  listConnections,
  newConnectionId,
  openRegistry,
  removeConnection,
  saveConnection,
  type Registry,
} from '../connections/registry.js';
import { openAppDb, saveEntities, saveSettings } from '../db/database.js';
import { describeStorageError } from '../db/storage-error.js';
import type { Entity } from '../entities/entity.js';
import type { AppStores } from '../store/app-stores.js';
import { defaultConfig, type ConnectionConfig } from '../store/connection.js';
import { connectionsFailed, connectionsListed } from '../store/connections.js';

export interface ConnectionCommands {
  /** Opens another saved connection (in this tab). */
  openConnection(id: string): void;
  /** Adds an empty connection and opens it, at its broker settings. */
  addConnection(name: string): Promise<void>;
  /**
   * Adds a connection with these settings (never a password, a client ID of its own) and
   * entities, and opens it: a setup taken from another device. False when it could not be
   * saved (the slice says why).
   */
  addConnectionWith(config: Partial<ConnectionConfig>, entities: readonly Entity[], discovery?: SharedDiscovery): Promise<boolean>;
  /** Forgets a saved connection other than this tab's, with its entities and password. */
  removeConnection(id: string): Promise<void>;
}

export interface ConnectionDeps {
  readonly stores: AppStores;
  /** Goes to the saved connection with this id (main.ts: a navigation). */
  readonly open: (id: string) => void;
  readonly now?: () => number;
}

/** Tabs of other connections hear of a change to the list on this channel. */
const CHANNEL = 'hello-mqtt-connections';

export function connectionCommands({ stores, open, now = Date.now }: ConnectionDeps): ConnectionCommands {
  const { connection, connections } = stores;
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  let registry: Promise<Registry> | undefined;
  const opened = () => (registry ??= openRegistry());

  async function relist(): Promise<void> {
    connectionsListed(connections, await listConnections(await opened()));
  }

  /** Runs a change of the registry; a failure is said in the store, and changes nothing else. */
  async function change(work: (db: Registry) => Promise<void>): Promise<boolean> {
    try {
      await work(await opened());
      await relist();
      channel?.postMessage('changed');
      return true;
    } catch (error) {
      connectionsFailed(connections, describeStorageError(error));
      return false;
    }
  }

  /** This tab's connection as listed: saved as it is now (added on the first start). */
  const saveCurrent = () =>
    change(async (db) => {
      const { name, brokerUrl } = connection.getState().config;
      await saveConnection(db, { id: connections.getState().currentId, name, brokerUrl, addedAt: now() });
    });

  void saveCurrent();
  connection.subscribe((state, previous) => {
    if (state.config.name !== previous.config.name || state.config.brokerUrl !== previous.config.brokerUrl) void saveCurrent();
  });
  channel?.addEventListener('message', () => void relist().catch(() => undefined));

  async function addWith(config: Partial<ConnectionConfig>, entities: readonly Entity[] | null, discovery?: SharedDiscovery): Promise<boolean> {
    const id = newConnectionId();
    const full: ConnectionConfig = { ...defaultConfig(), ...config, password: '', rememberPassword: false };
    const added = await change(async (db) => {
      // Its database first: a connection listed is one that opens.
      const connectionDb = await openAppDb(databaseName(id));
      try {
        await saveSettings(connectionDb, { config: full, wantsConnection: false, ...(discovery === undefined ? {} : { discovery: { ...discovery, shown: {} } }) });
        if (entities !== null) await saveEntities(connectionDb, entities);
      } finally {
        connectionDb.close();
      }
      await saveConnection(db, { id, name: full.name, brokerUrl: full.brokerUrl, addedAt: now() });
    });
    if (added) open(id);
    return added;
  }

  return {
    openConnection: (id) => {
      if (id !== connections.getState().currentId) open(id);
    },
    addConnection: async (name) => void (await addWith({ name: name.trim() }, null)),
    addConnectionWith: (config, entities, discovery) => addWith(config, entities, discovery),
    async removeConnection(id) {
      if (id === connections.getState().currentId) return;
      await change((db) => removeConnection(db, id));
    },
  };
}
