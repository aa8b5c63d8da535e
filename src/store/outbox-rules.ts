/**
 * The outbox's rules: its order (pending first, in sending order, then the newest few sent of
 * each entity), what is sent next, and the changes the outbox makes as messages go out. Loaded
 * with the outbox (app/outbox.ts), after the first paint.
 */
import type { OutboxItem, OutboxSlice, OutboxStore } from './outbox.js';

/** How many sent messages stay listed per entity. */
export const SENT_SHOWN = 3;


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
