/**
 * The outbox slice: messages published and not yet acknowledged, in sending order, then the
 * last few sent of each entity, so that the user sees them go out. Its rules of order are in
 * outbox-rules.ts, with the outbox's code (after the first paint); here is what any tab does.
 */
import type { Qos } from '../mqtt/session.js';
import { createStore, type Store } from './store.js';

/** A message on its way: kept (in IndexedDB) until the broker has it. */
export interface OutboxItem {
  readonly id: number;
  /** The entity it was published from. */
  readonly entityId: string;
  readonly topic: string;
  readonly text: string;
  readonly qos: Qos;
  readonly retain: boolean;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** queued: waits for a connection; sending: awaits the broker's acknowledgement; sent: done. */
  readonly state: 'queued' | 'sending' | 'sent';
}

export interface OutboxSlice {
  readonly items: readonly OutboxItem[];
  /** Per entity id: why its last publish was refused before it was queued. */
  readonly problems: Readonly<Record<string, string>>;
}

export type OutboxStore = Store<OutboxSlice>;

export function createOutboxStore(items: readonly OutboxItem[] = []): OutboxStore {
  return createStore<OutboxSlice>({ items, problems: {} });
}

/** A new leader resends what the old one had in flight: unconfirmed, it is queued again. */
export function inFlightRequeued(store: OutboxStore): void {
  store.update((s) =>
    s.items.some((i) => i.state === 'sending')
      ? { ...s, items: s.items.map((i) => (i.state === 'sending' ? { ...i, state: 'queued' as const } : i)) }
      : s,
  );
}

export function publishRefused(store: OutboxStore, entityId: string, problem: string): void {
  store.update((s) => (s.problems[entityId] === problem ? s : { ...s, problems: { ...s.problems, [entityId]: problem } }));
}

/** A follower tab takes on the leader's outbox as it is (its own refusals stay its own). */
export function outboxMirrored(store: OutboxStore, items: readonly OutboxItem[]): void {
  store.update((s) => ({ ...s, items }));
}
