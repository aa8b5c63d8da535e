/**
 * The messages between the page and the session worker (session-worker.ts). Calls go in and
 * come back as replies with the same id; events go out. Every reply and status carries the
 * session's state, so the page can answer `connected` and `active` at once.
 */
import type { FilterStatuses } from '../mqtt/subscriptions.js';
import type { ConnectionSettings, ConnectionStatus, PublishOptions } from '../mqtt/session.js';
import type { TopicRecord } from '../topics/topic-record.js';
import type { HistoryRule } from '../history/history.js';

export interface SessionState {
  readonly connected: boolean;
  readonly active: boolean;
}

export type SessionCall =
  | { readonly method: 'connect'; readonly args: [ConnectionSettings] }
  | { readonly method: 'disconnect'; readonly args: [{ announce?: boolean }] }
  | { readonly method: 'publish'; readonly args: [string, string, PublishOptions] };

export type ToWorker =
  /** First of all: where the worker keeps the topic records (null: nowhere, memory only). */
  | { readonly type: 'configure'; readonly dbName: string | null }
  | (SessionCall & { readonly type: 'call'; readonly id: number })
  /** What to subscribe; topics `whole` matches (discovery's configs) are decoded whole, not cut for display. */
  | { readonly type: 'filters'; readonly filters: readonly string[]; readonly whole?: readonly string[] }
  /** What to record in the history, and the budget for all of it. */
  | { readonly type: 'history'; readonly rules: readonly HistoryRule[]; readonly budgetBytes: number }
  /** The page cleared some history. */
  | { readonly type: 'history-cleared' }
  | { readonly type: 'reconnect-now' }
  /** The page has handled the last batch of records: the next may come. */
  | { readonly type: 'batch-handled' };

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
  /** The topics that changed since the last batch, decoded, one record each. */
  | { readonly type: 'records'; readonly records: readonly TopicRecord[] }
  | { readonly type: 'filters'; readonly statuses: FilterStatuses }
  /** Saving the records failed (problem), or works again (empty). */
  | { readonly type: 'storage'; readonly problem: string };
