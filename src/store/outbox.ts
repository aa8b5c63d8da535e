/**
 * The outbox slice and its rules: messages published and not yet acknowledged, in sending
 * order, then the last few sent of each entity, so that the user sees them go out.
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

/** How many sent messages stay listed per entity. */
export const SENT_SHOWN = 3;

export function createOutboxStore(items: readonly OutboxItem[] = []): OutboxStore {
  return createStore<OutboxSlice>({ items, problems: {} });
}

/** Sent items go last; only the newest SENT_SHOWN of each entity stay. Pending keep their order. */
function ordered(items: readonly OutboxItem[]): readonly OutboxItem[] {
  const pending = items.filter((i) => i.state !== 'sent');
  const sent = items.filter((i) => i.state === 'sent');
  const kept = sent.filter((item, index) => sent.slice(index + 1).filter((later) => later.entityId === item.entityId).length < SENT_SHOWN);
  return [...pending, ...kept];
}

/** The next message to send: the oldest queued one. */
export function nextQueued(slice: OutboxSlice): OutboxItem | undefined {
  return slice.items.find((i) => i.state === 'queued');
}

/**
 * The outbox as stored (`saved`, oldest first, all unsent). What this tab already knows keeps
 * its state (a message being sent stays "sending"); a queued message no longer stored was
 * sent or cancelled by another tab; messages kept only in memory (negative ids) stay.
 */
export function outboxLoaded(store: OutboxStore, saved: readonly OutboxItem[]): void {
  store.update((s) => {
    const known = new Map(s.items.map((i) => [i.id, i]));
    const savedIds = new Set(saved.map((i) => i.id));
    const fromStorage = saved.map((i) => known.get(i.id) ?? i);
    const kept = s.items.filter((i) => !savedIds.has(i.id) && (i.state !== 'queued' || i.id < 0));
    return { ...s, items: ordered([...fromStorage, ...kept]) };
  });
}

export function outboxAdded(store: OutboxStore, item: OutboxItem): void {
  store.update((s) => {
    const { [item.entityId]: _solved, ...problems } = s.problems;
    return { items: ordered([...s.items, item]), problems };
  });
}

export function outboxItemChanged(store: OutboxStore, id: number, state: OutboxItem['state']): void {
  store.update((s) => {
    const item = s.items.find((i) => i.id === id);
    if (item === undefined || item.state === state) return s;
    const items = s.items.map((i) => (i.id === id ? { ...i, state } : i));
    // A sent item moves to the end of the list, after everything still pending.
    return { ...s, items: state === 'sent' ? ordered([...items.filter((i) => i.id !== id), { ...item, state }]) : items };
  });
}

export function outboxItemRemoved(store: OutboxStore, id: number): void {
  store.update((s) => (s.items.some((i) => i.id === id) ? { ...s, items: s.items.filter((i) => i.id !== id) } : s));
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
