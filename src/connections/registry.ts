/**
 * The saved connections: a small database of their own, apart from each connection's
 * database (current.ts), so that listing them opens no connection's data. The service worker
 * reads it too, for the home-screen shortcuts (public/manifest-shortcuts.js knows its name,
 * store and fields: change them together).
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { databaseName, DEFAULT_CONNECTION_ID } from './current.js';

/** A saved connection as listed: what the switch and the shortcuts show. */
export interface SavedConnection {
  readonly id: string;
  /** As the user named it; may be empty (see connectionLabel). */
  readonly name: string;
  readonly brokerUrl: string;
  /** When it was added (ms since the epoch): the list's order. */
  readonly addedAt: number;
}

interface RegistrySchema extends DBSchema {
  connections: { key: string; value: SavedConnection };
}

export type Registry = IDBPDatabase<RegistrySchema>;

export const REGISTRY_NAME = 'hello-mqtt-connections';

export async function openRegistry(): Promise<Registry> {
  if (typeof indexedDB === 'undefined') throw new Error('This browser has no IndexedDB.');
  const db = await openDB<RegistrySchema>(REGISTRY_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('connections', { keyPath: 'id' });
    },
    blocking: () => db.close(),
  });
  return db;
}

/** The saved connections, oldest first. */
export async function listConnections(registry: Registry): Promise<SavedConnection[]> {
  return (await registry.getAll('connections')).sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
}

/** Saves a connection's name and broker; one not listed yet is added (the first one, on an upgrade). */
export async function saveConnection(registry: Registry, connection: SavedConnection): Promise<void> {
  const transaction = registry.transaction('connections', 'readwrite');
  const known = await transaction.store.get(connection.id);
  await transaction.store.put({ ...connection, addedAt: known?.addedAt ?? connection.addedAt });
  await transaction.done;
}

/** Forgets a connection and deletes its database: its entities, topics, outbox and password. */
export async function removeConnection(registry: Registry, id: string): Promise<void> {
  await registry.delete('connections', id);
  await deleteDB(databaseName(id));
}

/** An id for a new connection: short, for addresses, and never the first one's. */
export function newConnectionId(): string {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, '0')).join('');
  return id === DEFAULT_CONNECTION_ID ? newConnectionId() : id;
}

/** What a connection is called where it is listed: its name, else its broker's host. */
export function connectionLabel(connection: Pick<SavedConnection, 'name' | 'brokerUrl'>): string {
  const name = connection.name.trim();
  if (name !== '') return name;
  try {
    return new URL(connection.brokerUrl.split(/[\s,]+/)[0] ?? '').host || 'New connection';
  } catch {
    return 'New connection';
  }
}
