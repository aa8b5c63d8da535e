/**
 * The messages between the page and the session worker (session-worker.ts). Calls go in and
 * come back as replies with the same id; events go out. Every reply and status carries the
 * session's state, so the page can answer `connected`, `active` and `subscriptions` at once.
 */
import type { ConnectionSettings, ConnectionStatus } from './session.js';

export interface SessionState {
  readonly connected: boolean;
  readonly active: boolean;
  readonly subscriptions: readonly string[];
}

export type SessionCall =
  | { readonly method: 'connect'; readonly args: [ConnectionSettings] }
  | { readonly method: 'disconnect'; readonly args: [{ announce?: boolean }] }
  | { readonly method: 'subscribe' | 'unsubscribe'; readonly args: [string] }
  | { readonly method: 'publish'; readonly args: [string, string] };

export type ToWorker =
  | (SessionCall & { readonly type: 'call'; readonly id: number })
  | { readonly type: 'reconnect-now' }
  /** The page has handled the last batch of messages: the next may come. */
  | { readonly type: 'batch-handled' };

export interface ArrivedMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly retained: boolean;
}

export type FromWorker =
  /** The worker's script has loaded and runs. */
  | { readonly type: 'ready' }
  | { readonly type: 'reply'; readonly id: number; readonly error?: { name: string; message: string }; readonly state: SessionState }
  | {
      readonly type: 'status';
      readonly status: ConnectionStatus;
      readonly detail: string;
      readonly nextAttemptAt: number | null;
      readonly state: SessionState;
    }
  | { readonly type: 'messages'; readonly batch: readonly ArrivedMessage[] }
  | { readonly type: 'subscribed'; readonly filters: string[]; readonly state: SessionState }
  | { readonly type: 'subscribe-failed'; readonly reason: string };
