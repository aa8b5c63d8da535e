/**
 * The page's side of the session worker: the Session the app talks to, with the MQTT work,
 * the topic table and its saving done in session-worker.ts. The page keeps a copy of the
 * worker's state (updated with every reply and status) for the synchronous getters.
 */
import type { FilterStatuses } from '../mqtt/subscriptions.js';
import { SessionError, type ConnectionSettings, type ConnectionStatus, type PublishOptions, type Session } from '../mqtt/session.js';
import type { TopicRecord } from '../topics/topic-record.js';
import type { HistoryRule } from '../history/history.js';
import type { FromWorker, SessionCall, SessionState, ToWorker } from './protocol.js';

/** What the page hears from the session worker. */
export interface LiveListener {
  /** `detail` is the broker URL, or the problem in words; see SessionListener. */
  status(status: ConnectionStatus, detail: string, nextAttemptAt: number | null): void;
  /** The topics that changed since the last call, decoded: one record each. */
  records(records: readonly TopicRecord[]): void;
  filters(statuses: FilterStatuses): void;
  /** Saving topic records failed (the problem in words), or works again (empty). */
  storage(problem: string): void;
}

/** The part of a Worker this class uses. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
}

const WORKER_FAILED = 'The MQTT worker could not run. Reload the page to connect again.';

export interface WorkerSessionOptions {
  /**
   * When to ask for the next batch of records. The page shows one state per frame, so the
   * app asks once per animation frame: a flood then crosses as one batch per frame, not as
   * thousands of small ones a second. By default, at once.
   */
  readonly whenReadyForMore?: (callback: () => void) => void;
  /** The database the worker saves topic records in; null: it keeps them in memory only. */
  readonly dbName?: string | null;
}

/** The session the app runs: an MQTT session that also records history. */
export interface LiveSession extends Session {
  /** The filters to subscribe, and those whose payloads are documents to read whole (discovery configs). */
  setFilters(filters: readonly string[], whole?: readonly string[]): void;
  /** Which topics the history keeps, within which limits, and the budget for all of them. */
  setHistory(rules: readonly HistoryRule[], budgetBytes: number): void;
  /** Some history was cleared (in the database): what is kept is counted again. */
  historyCleared(): void;
}

export class WorkerSession implements LiveSession {
  private state: SessionState = { connected: false, active: false };
  private readonly replies = new Map<number, { resolve(): void; reject(error: Error): void }>();
  private nextId = 1;
  private failed = false;
  private ready = false;
  private readonly whenReadyForMore: (callback: () => void) => void;

  constructor(
    private readonly listener: LiveListener,
    /** Null when the browser would not start one. */
    private readonly worker: WorkerLike | null,
    { whenReadyForMore = (callback) => callback(), dbName = null }: WorkerSessionOptions = {},
  ) {
    this.whenReadyForMore = whenReadyForMore;
    if (worker === null) {
      queueMicrotask(() => this.fail());
      return;
    }
    worker.addEventListener('message', ({ data }) => this.receive(data));
    worker.addEventListener('error', (event) => {
      // Before it says it runs, an error means its script did not load or start. Later ones
      // are bugs that leave it running; they go to the console as usual.
      if (this.ready) return;
      event.preventDefault();
      this.fail();
    });
    worker.postMessage({ type: 'configure', dbName });
  }

  get connected(): boolean {
    return this.state.connected;
  }

  get active(): boolean {
    return this.state.active;
  }

  connect(settings: ConnectionSettings): Promise<void> {
    this.state = { ...this.state, active: true };
    return this.call({ method: 'connect', args: [settings] });
  }

  disconnect(options: { announce?: boolean } = {}): Promise<void> {
    this.state = { active: false, connected: false };
    return this.call({ method: 'disconnect', args: [options] });
  }

  reconnectNow(): void {
    this.worker?.postMessage({ type: 'reconnect-now' });
  }

  setFilters(filters: readonly string[], whole: readonly string[] = []): void {
    this.worker?.postMessage({ type: 'filters', filters: [...filters], whole: [...whole] });
  }

  setHistory(rules: readonly HistoryRule[], budgetBytes: number): void {
    this.worker?.postMessage({ type: 'history', rules: [...rules], budgetBytes });
  }

  historyCleared(): void {
    this.worker?.postMessage({ type: 'history-cleared' });
  }

  publish(topic: string, text: string, options: PublishOptions): Promise<void> {
    return this.call({ method: 'publish', args: [topic, text, options] });
  }

  private call(call: SessionCall): Promise<void> {
    const worker = this.worker;
    if (this.failed || worker === null) return Promise.reject(new SessionError(WORKER_FAILED));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      worker.postMessage({ type: 'call', id, ...call } as ToWorker);
    });
  }

  private receive(data: FromWorker): void {
    switch (data.type) {
      case 'ready':
        this.ready = true;
        break;
      case 'reply': {
        this.state = data.state;
        const reply = this.replies.get(data.id);
        this.replies.delete(data.id);
        if (data.error === undefined) reply?.resolve();
        else reply?.reject(data.error.name === 'SessionError' ? new SessionError(data.error.message) : new Error(data.error.message));
        break;
      }
      case 'status':
        // State first: the listener may ask whether the session is connected.
        this.state = data.state;
        this.listener.status(data.status, data.detail, data.nextAttemptAt);
        break;
      case 'records':
        this.listener.records(data.records);
        this.whenReadyForMore(() => this.worker?.postMessage({ type: 'batch-handled' }));
        break;
      case 'filters':
        this.listener.filters(data.statuses);
        break;
      case 'storage':
        this.listener.storage(data.problem);
        break;
    }
  }

  /** The worker could not load or crashed: say so, and fail whatever waits for it. */
  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.state = { connected: false, active: false };
    for (const { reject } of this.replies.values()) reject(new SessionError(WORKER_FAILED));
    this.replies.clear();
    this.listener.status('error', WORKER_FAILED, null);
  }
}

/** A session in its worker. Vite builds the worker from this literal URL. */
export function createSession(listener: LiveListener, options?: WorkerSessionOptions): LiveSession {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./session-worker.ts', import.meta.url), { type: 'module', name: 'mqtt-session' });
  } catch {
    // A browser without module workers: the session says so in its status.
  }
  return new WorkerSession(listener, worker, options);
}
