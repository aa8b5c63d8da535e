/**
 * IndexedDB persistence: the typed schema, its versioned upgrades and small async reads and
 * writes. What is here is shown at once on the next start, before any connection. The page
 * and the session worker each open it: the page for settings, entities and the outbox, the
 * worker for the topic records it writes as messages arrive.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { inSlices } from './in-slices.js';
import { defaultEntities, DEFAULT_DEVICE, DEFAULT_OPTIONS, DEFAULT_TOPIC, type Entity } from '../entities/entity.js';
import { isConcreteTopic, literalPrefix, topicMatches } from '../mqtt/topic.js';
import type { ConnectionConfig } from '../store/connection.js';
import type { DraftsSlice } from '../store/drafts.js';
import type { OutboxItem } from '../store/outbox.js';
import type { Theme } from '../store/ui.js';
import type { DiscoverySettings } from '../store/discovery.js';
import type { TopicRecord } from '../topics/topic-record.js';
import type { HistoryChunk, HistorySummary } from '../history/history.js';

/** The settings record: connection and app configuration, one row. */
export interface StoredSettings {
  readonly id: 'app';
  readonly config: ConnectionConfig;
  readonly wantsConnection: boolean;
  /** Text typed and not yet acted on (absent in records saved before drafts were kept). */
  readonly drafts?: DraftsSlice;
  readonly theme?: Theme;
  /** Bytes of history kept for all topics (absent: the default). */
  readonly historyBudget?: number;
  /** What each optimistic switch (no state topic) last sent, by entity id. */
  readonly optimistic?: Readonly<Record<string, string>>;
  /** Which discovery sources are read, and the discovered entities hidden or shown (absent: none). */
  readonly discovery?: DiscoverySettings;
}

/** An entity with its place in the user's order. */
export interface StoredEntity extends Entity {
  readonly position: number;
}

/** A message not yet acknowledged by the broker, as kept; ids give the sending order. */
export type StoredOutboxEntry = Omit<OutboxItem, 'id' | 'state'> & { readonly id?: number };

export interface AppDBSchema extends DBSchema {
  settings: { key: 'app'; value: StoredSettings };
  entities: { key: string; value: StoredEntity };
  /** The last message of every concrete topic an entity follows. */
  topics: { key: string; value: TopicRecord };
  outbox: { key: number; value: StoredOutboxEntry };
  /** Every message recorded, in chunks keyed [topic, start, seq]: a topic's history is one key range. */
  history: { key: [string, number, number]; value: HistoryChunk; indexes: { 'by-time': [number, number] } };
  /** Per topic with history: its count, size and last text. */
  historyTopics: { key: string; value: HistorySummary };
}

export type AppDB = IDBPDatabase<AppDBSchema>;

export const DB_NAME = 'hello-mqtt';
export const DB_VERSION = 4;

/** What version 2 kept: one topic in the settings, its last message by filter. */
interface Version2Settings {
  readonly topic?: string;
  readonly drafts?: { readonly newState?: string; readonly connection?: ConnectionConfig | null };
}
interface Version2LastMessage {
  readonly filter: string;
  readonly message: Omit<TopicRecord, 'qos' | 'count' | 'seq'>;
}

/** The stores as the upgrade sees them: old ones included, types loosened where they changed. */
type UpgradeTransaction = IDBPTransaction<AppDBSchema, StoreNames<AppDBSchema>[], 'versionchange'>;
interface LooseStore {
  get(key: string): Promise<unknown>;
  getAll(): Promise<unknown[]>;
  put(value: unknown): Promise<unknown>;
}
const loose = (transaction: UpgradeTransaction, name: string) =>
  transaction.objectStore(name as StoreNames<AppDBSchema>) as unknown as LooseStore;

/**
 * Version 3 turns the one topic of version 2 into the first entity, its last message into
 * that topic's record, and gives queued messages the entity, QoS and retain flag they now
 * carry. A new database gets the same first entity: hello_mqtt's.
 */
async function upgradeToEntities(db: AppDB, transaction: UpgradeTransaction, oldVersion: number): Promise<void> {
  db.createObjectStore('entities', { keyPath: 'id' });
  db.createObjectStore('topics', { keyPath: 'topic' });
  const settings = oldVersion >= 1 ? ((await loose(transaction, 'settings').get('app')) as (StoredSettings & Version2Settings) | undefined) : undefined;
  const [entity] = defaultEntities(settings?.topic ?? DEFAULT_TOPIC);
  await transaction.objectStore('entities').put({ ...entity!, position: 0 });
  if (oldVersion >= 1) {
    const last = (await loose(transaction, 'lastMessages').get(entity!.topic)) as Version2LastMessage | undefined;
    // Version 2 did not keep the QoS a message came with; its subscriptions used 1.
    if (last !== undefined) await transaction.objectStore('topics').put({ ...last.message, qos: 1, count: 1, seq: 0 });
    db.deleteObjectStore('lastMessages' as StoreNames<AppDBSchema>);
  }
  if (settings !== undefined) {
    const { topic: _topic, drafts, ...rest } = settings;
    const newState = drafts?.newState ?? '';
    await transaction.objectStore('settings').put({
      ...rest,
      drafts: {
        connection: drafts?.connection ?? null,
        publish: newState === '' ? {} : { [entity!.id]: { text: newState, topic: '' } },
        entityForm: null,
      },
    });
  }
  if (oldVersion >= 2) {
    const outbox = loose(transaction, 'outbox');
    for (const entry of (await outbox.getAll()) as StoredOutboxEntry[]) {
      // Version 2 sent every Set state with QoS 1, not retained.
      await outbox.put({ ...entry, entityId: entity!.id, qos: 1, retain: false });
    }
  }
}

/** Opens (creating or upgrading) the app's database. Rejects where IndexedDB is unavailable. */
export async function openAppDb(name = DB_NAME): Promise<AppDB> {
  if (typeof indexedDB === 'undefined') throw new Error('This browser has no IndexedDB.');
  const db = await openDB<AppDBSchema>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        db.createObjectStore('settings', { keyPath: 'id' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      }
      if (oldVersion < 3) await upgradeToEntities(db, transaction, oldVersion);
      if (oldVersion < 4) {
        // The oldest messages of all topics come first in by-time: the budget drops those.
        db.createObjectStore('history', { keyPath: ['topic', 'start', 'seq'] }).createIndex('by-time', ['start', 'seq']);
        db.createObjectStore('historyTopics', { keyPath: 'topic' });
      }
    },
    // A newer version of the app, in another tab, wants to upgrade: let it.
    blocking: () => db.close(),
  });
  return db;
}

/**
 * Opens the database as the page made it, without its upgrades: the session worker's way in.
 * The page opens (and upgrades) the database before it starts the worker, so the worker
 * needs neither the upgrade code nor what it imports; a database at another version is refused.
 */
export async function openExistingAppDb(name = DB_NAME): Promise<AppDB> {
  if (typeof indexedDB === 'undefined') throw new Error('This browser has no IndexedDB.');
  const db = await openDB<AppDBSchema>(name, undefined, { blocking: () => db.close() });
  if (db.version !== DB_VERSION) {
    db.close();
    throw new Error(`The database is at version ${db.version}, not ${DB_VERSION}. Reload the page.`);
  }
  return db;
}

export async function loadSettings(db: AppDB): Promise<StoredSettings | undefined> {
  return db.get('settings', 'app');
}

export async function saveSettings(db: AppDB, settings: Omit<StoredSettings, 'id'>): Promise<void> {
  await db.put('settings', { id: 'app', ...settings });
}

/** The entities in the user's order. */
export async function loadEntities(db: AppDB): Promise<Entity[]> {
  const stored = await db.getAll('entities');
  // Options added since an entity was saved (its history) get their defaults.
  return stored
    .sort((a, b) => a.position - b.position)
    .map(({ position: _position, ...entity }) => ({
      ...entity,
      options: { ...DEFAULT_OPTIONS, ...entity.options },
      device: { ...DEFAULT_DEVICE, ...entity.device },
    }));
}

/** Replaces the saved entities with `entities`, in this order, in one transaction. */
export async function saveEntities(db: AppDB, entities: readonly Entity[]): Promise<void> {
  const transaction = db.transaction('entities', 'readwrite');
  const store = transaction.objectStore('entities');
  const kept = new Set(entities.map((e) => e.id));
  for (const id of await store.getAllKeys()) if (!kept.has(id)) void store.delete(id);
  entities.forEach((entity, position) => void store.put({ ...entity, position }));
  await transaction.done;
}

/**
 * The saved records of every topic that one of `filters` matches. A topic is read by its key;
 * a filter reads the key range of its literal start (`home/` for `home/+/temp`).
 */
export async function loadTopicRecords(db: AppDB, filters: readonly string[]): Promise<TopicRecord[]> {
  const transaction = db.transaction('topics');
  const store = transaction.objectStore('topics');
  const found = new Map<string, TopicRecord>();
  await Promise.all(
    filters.map(async (filter) => {
      if (isConcreteTopic(filter)) {
        const record = await store.get(filter);
        if (record !== undefined) found.set(record.topic, record);
        return;
      }
      const prefix = literalPrefix(filter);
      const range = prefix === '' ? undefined : IDBKeyRange.bound(prefix, `${prefix}\uffff`);
      for (const record of await store.getAll(range)) {
        if (topicMatches(filter, record.topic)) found.set(record.topic, record);
      }
    }),
  );
  return [...found.values()];
}

/** Saves the newest record of each topic, in one transaction. */
export async function saveTopicRecords(db: AppDB, records: readonly TopicRecord[]): Promise<void> {
  if (records.length === 0) return;
  const transaction = db.transaction('topics', 'readwrite');
  await inSlices(records, (record) => transaction.store.put(record));
  await transaction.done;
}

/** Removes the saved records of topics that none of `filters` matches. */
export async function pruneTopicRecords(db: AppDB, filters: readonly string[]): Promise<number> {
  const transaction = db.transaction('topics', 'readwrite');
  let removed = 0;
  for (const topic of await transaction.store.getAllKeys()) {
    if (!filters.some((filter) => topicMatches(filter, topic))) {
      void transaction.store.delete(topic);
      removed++;
    }
  }
  await transaction.done;
  return removed;
}
