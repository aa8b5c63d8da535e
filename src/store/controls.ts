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
