/**
 * The page's side of the session worker: the same Session the app would get from an
 * MqttSession in the page, with the MQTT work done in session-worker.ts. The page keeps a copy
 * of the worker's state (updated with every reply and status) for the synchronous getters.
 */
import { checkSubscribeTopic } from './topic.js';
import { SessionError, type ConnectionSettings, type Session, type SessionListener } from './session.js';
import type { FromWorker, SessionCall, SessionState, ToWorker } from './worker-protocol.js';

/** The part of a Worker this class uses. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
}

const WORKER_FAILED = 'The MQTT worker could not run. Reload the page to connect again.';

export class WorkerSession implements Session {
  private state: SessionState = { connected: false, active: false, subscriptions: [] };
  private readonly replies = new Map<number, { resolve(): void; reject(error: Error): void }>();
  private nextId = 1;
  private failed = false;
  private ready = false;

  constructor(
    private readonly listener: SessionListener,
    /** Null when the browser would not start one. */
    private readonly worker: WorkerLike | null,
    /**
     * When to ask for the next batch of messages. The page shows one state per frame, so the
     * app asks once per animation frame: a flood then crosses as one batch per frame, not as
     * thousands of small ones a second. By default, at once.
     */
    private readonly whenReadyForMore: (callback: () => void) => void = (callback) => callback(),
  ) {
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
  }

  get connected(): boolean {
    return this.state.connected;
  }

  get active(): boolean {
    return this.state.active;
  }

  get subscriptions(): readonly string[] {
    return this.state.subscriptions;
  }

  connect(settings: ConnectionSettings): Promise<void> {
    this.state = { ...this.state, active: true };
    return this.call({ method: 'connect', args: [settings] });
  }

  disconnect(options: { announce?: boolean } = {}): Promise<void> {
    this.state = { ...this.state, active: false, connected: false };
    return this.call({ method: 'disconnect', args: [options] });
  }

  reconnectNow(): void {
    this.worker?.postMessage({ type: 'reconnect-now' });
  }

  subscribe(filter: string): Promise<void> {
    // Checked here too, so that the list below only ever holds what the worker will keep.
    const check = checkSubscribeTopic(filter);
    if (!check.ok) return Promise.reject(new SessionError(check.reason));
    if (!this.state.subscriptions.includes(filter)) {
      this.state = { ...this.state, subscriptions: [...this.state.subscriptions, filter] };
    }
    return this.call({ method: 'subscribe', args: [filter] });
  }

  unsubscribe(filter: string): Promise<void> {
    this.state = { ...this.state, subscriptions: this.state.subscriptions.filter((t) => t !== filter) };
    return this.call({ method: 'unsubscribe', args: [filter] });
  }

  publish(topic: string, text: string): Promise<void> {
    return this.call({ method: 'publish', args: [topic, text] });
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
      case 'messages':
        for (const { topic, payload, retained } of data.batch) this.listener.message(topic, payload, retained);
        this.whenReadyForMore(() => this.worker?.postMessage({ type: 'batch-handled' }));
        break;
      case 'subscribed':
        this.state = data.state;
        this.listener.subscribed(data.filters);
        break;
      case 'subscribe-failed':
        this.listener.subscribeFailed(data.reason);
        break;
    }
  }

  /** The worker could not load or crashed: say so, and fail whatever waits for it. */
  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.state = { connected: false, active: false, subscriptions: this.state.subscriptions };
    for (const { reject } of this.replies.values()) reject(new SessionError(WORKER_FAILED));
    this.replies.clear();
    this.listener.status('error', WORKER_FAILED, null);
  }
}

/** A session in its worker. Vite builds the worker from this literal URL. */
export function createSession(listener: SessionListener, whenReadyForMore?: (callback: () => void) => void): Session {
  let worker: Worker | null = null;
  try {
    worker = new Worker(new URL('./session-worker.ts', import.meta.url), { type: 'module', name: 'mqtt-session' });
  } catch {
    // A browser without module workers: the session says so in its status.
  }
  return new WorkerSession(listener, worker, whenReadyForMore);
}
