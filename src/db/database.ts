/**
 * IndexedDB persistence: the typed schema, its versioned upgrades and small async reads and
 * writes. What is here is shown at once on the next start, before any connection.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ConnectionConfig, Drafts, LastMessage } from '../store/app-state.js';

/** The settings record: connection and entity configuration, one row. */
export interface StoredSettings {
  readonly id: 'app';
  readonly config: ConnectionConfig;
  readonly topic: string;
  readonly wantsConnection: boolean;
  /** Text typed and not yet sent (absent in records saved before drafts were kept). */
  readonly drafts?: Drafts;
}

/** The last message seen for one entity topic filter. */
export interface StoredLastMessage {
  readonly filter: string;
  readonly message: LastMessage;
}

/** A set_state message not yet acknowledged by the broker; ids give the sending order. */
export interface StoredOutboxEntry {
  readonly id?: number;
  readonly topic: string;
  readonly text: string;
  readonly createdAt: number;
}

export interface AppDBSchema extends DBSchema {
  settings: { key: 'app'; value: StoredSettings };
  lastMessages: { key: string; value: StoredLastMessage };
  outbox: { key: number; value: StoredOutboxEntry };
}

export type AppDB = IDBPDatabase<AppDBSchema>;

export const DB_NAME = 'hello-mqtt';
export const DB_VERSION = 2;

/** Opens (creating or upgrading) the app's database. Rejects where IndexedDB is unavailable. */
export async function openAppDb(name = DB_NAME): Promise<AppDB> {
  if (typeof indexedDB === 'undefined') throw new Error('This browser has no IndexedDB.');
  return openDB<AppDBSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('settings', { keyPath: 'id' });
        db.createObjectStore('lastMessages', { keyPath: 'filter' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      }
    },
  });
}

export async function loadSettings(db: AppDB): Promise<StoredSettings | undefined> {
  return db.get('settings', 'app');
}

export async function saveSettings(db: AppDB, settings: Omit<StoredSettings, 'id'>): Promise<void> {
  await db.put('settings', { id: 'app', ...settings });
}

export async function loadLastMessage(db: AppDB, filter: string): Promise<LastMessage | null> {
  return (await db.get('lastMessages', filter))?.message ?? null;
}

export async function saveLastMessage(db: AppDB, filter: string, message: LastMessage): Promise<void> {
  await db.put('lastMessages', { filter, message });
}

/** Adds a message to the end of the outbox; returns its id. */
export async function addToOutbox(db: AppDB, entry: Omit<StoredOutboxEntry, 'id'>): Promise<number> {
  return db.add('outbox', entry);
}

/** The outbox, oldest first. */
export async function loadOutbox(db: AppDB): Promise<Required<StoredOutboxEntry>[]> {
  return (await db.getAll('outbox')) as Required<StoredOutboxEntry>[];
}

export async function removeFromOutbox(db: AppDB, id: number): Promise<void> {
  await db.delete('outbox', id);
}
