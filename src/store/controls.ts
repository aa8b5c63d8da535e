/**
 * The controls slice: commands sent to devices and not yet confirmed by what the device
 * reported, and the last state an optimistic switch (one with no state topic) was sent.
 */
import { createStore, type Store } from './store.js';

/** A command waiting for the device to say it did it. */
export interface PendingCommand {
  /** The value the device should report: `on`/`off` for a switch, the number or choice. */
  readonly target: string;
  /** The outbox message that carries it. */
  readonly outboxId: number;
  /** When it was asked for (ms since the epoch): reports from before do not confirm it. */
  readonly since: number;
  /** queued: waits for a connection; waiting: sent, the device has not confirmed; no-answer: it did not in time. */
  readonly state: 'queued' | 'waiting' | 'no-answer';
}

export interface ControlsSlice {
  /** Per entity id. */
  readonly pending: Readonly<Record<string, PendingCommand>>;
  /** Per entity id: what an optimistic switch last sent. */
  readonly optimistic: Readonly<Record<string, string>>;
}

export type ControlsStore = Store<ControlsSlice>;

export function createControlsStore(initial: Partial<ControlsSlice> = {}): ControlsStore {
  return createStore<ControlsSlice>({ pending: {}, optimistic: {}, ...initial });
}

export function commandPending(store: ControlsStore, entityId: string, command: PendingCommand): void {
  store.update((s) => ({ ...s, pending: { ...s.pending, [entityId]: command } }));
}

export function commandStateChanged(store: ControlsStore, entityId: string, state: PendingCommand['state']): void {
  store.update((s) => {
    const command = s.pending[entityId];
    return command === undefined || command.state === state ? s : { ...s, pending: { ...s.pending, [entityId]: { ...command, state } } };
  });
}

/** The device confirmed (or a newer command replaced it, or it was cancelled). */
export function commandSettled(store: ControlsStore, entityId: string): void {
  store.update((s) => {
    if (!(entityId in s.pending)) return s;
    const { [entityId]: _settled, ...pending } = s.pending;
    return { ...s, pending };
  });
}

export function optimisticSent(store: ControlsStore, entityId: string, value: string): void {
  store.update((s) => (s.optimistic[entityId] === value ? s : { ...s, optimistic: { ...s.optimistic, [entityId]: value } }));
}

/** A follower tab takes on the leader's pending commands. */
export function controlsMirrored(store: ControlsStore, mirrored: ControlsSlice): void {
  store.update(() => mirrored);
}
