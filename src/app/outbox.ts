/**
 * The durable outbox: every publish goes here first, into IndexedDB, and leaves only when the
 * broker has it (the PUBACK or PUBCOMP of QoS 1 and 2; written to the socket for QoS 0). Sent
 * one at a time, in order, whenever the session is connected; what was published offline
 * survives reloads and browser restarts, with its QoS and retain flag.
 */
import type { AppDB } from '../db/database.js';
import { addToOutbox, loadOutbox, removeFromOutbox } from '../db/outbox-db.js';
import { describeStorageError } from '../db/storage-error.js';
import type { PublishOptions, Session } from '../mqtt/session.js';
import {
  nextQueued,
  outboxAdded,
  outboxItemChanged,
  outboxItemRemoved,
  outboxLoaded,
} from '../store/outbox-rules.js';
import type { OutboxStore } from '../store/outbox.js';
import { storageFailed, type StorageStore } from '../store/storage.js';

export class Outbox {
  private sending = false;
  /** Asked to pump while a drain was finishing: it may have looked before the newest arrived. */
  private pumpAgain = false;
  /** Ids for messages kept in memory only, when the browser cannot store them. */
  private nextMemoryId = -1;

  constructor(
    private readonly store: OutboxStore,
    private readonly storage: StorageStore,
    private readonly db: AppDB | null,
    private readonly session: Pick<Session, 'connected' | 'publish'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Restores what was queued before the page was closed. */
  async load(): Promise<void> {
    if (this.db === null) return;
    try {
      const entries = await loadOutbox(this.db);
      outboxLoaded(this.store, entries.map((entry) => ({ ...entry, state: 'queued' as const })));
    } catch (error) {
      storageFailed(this.storage, describeStorageError(error));
    }
    this.pump();
  }

  /** Queues a message (saved before anything is sent) and sends it when it can; returns its id. */
  async add(entityId: string, topic: string, text: string, { qos, retain }: PublishOptions): Promise<number> {
    const entry = { entityId, topic, text, qos, retain, createdAt: this.now() };
    let id = this.nextMemoryId--;
    if (this.db !== null) {
      try {
        id = await addToOutbox(this.db, entry);
      } catch (error) {
        // Kept in memory: it is still sent, but would not survive closing the tab.
        storageFailed(this.storage, describeStorageError(error));
      }
    }
    outboxAdded(this.store, { ...entry, id, state: 'queued' });
    this.pump();
    return id;
  }

  /** Removes a message that has not been sent yet. */
  async cancel(id: number): Promise<void> {
    const item = this.store.getState().items.find((i) => i.id === id);
    if (item === undefined || item.state !== 'queued') return;
    outboxItemRemoved(this.store, id);
    if (this.db !== null && id >= 0) await removeFromOutbox(this.db, id).catch(() => undefined);
  }

  /** Sends queued messages in order while connected; call again when the connection returns. */
  pump(): void {
    if (this.sending) {
      this.pumpAgain = true;
      return;
    }
    this.sending = true;
    void this.drain().finally(() => {
      this.sending = false;
      if (!this.pumpAgain) return;
      this.pumpAgain = false;
      this.pump();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = nextQueued(this.store.getState());
      if (next === undefined || !this.session.connected) return;
      outboxItemChanged(this.store, next.id, 'sending');
      try {
        await this.session.publish(next.topic, next.text, { qos: next.qos, retain: next.retain });
      } catch {
        // Not acknowledged (the connection went, or was replaced): it stays first in line.
        outboxItemChanged(this.store, next.id, 'queued');
        return;
      }
      if (this.db !== null && next.id >= 0) {
        await removeFromOutbox(this.db, next.id).catch((error: unknown) =>
          storageFailed(this.storage, describeStorageError(error)),
        );
      }
      outboxItemChanged(this.store, next.id, 'sent');
    }
  }
}
