/**
 * The outbox in IndexedDB: messages not yet acknowledged by the broker, in sending order.
 * Apart from database.ts so that it loads with the outbox, after the first paint.
 */
import type { AppDB, StoredOutboxEntry } from './database.js';

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
