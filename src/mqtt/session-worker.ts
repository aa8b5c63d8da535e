/**
 * The session worker: runs the MQTT session (and mqtt.js with it) off the page's main thread.
 * Under a flood of thousands of messages a second, every WebSocket message is a task on the
 * thread that owns the socket; here that thread is this worker's, and the page gets the
 * messages in batches: one batch at a time, the next only once the page has handled the last,
 * so a busy page gets fewer, larger batches and an idle one gets each message at once.
 */
import { MqttSession, type Session } from './session.js';
import type { ArrivedMessage, FromWorker, SessionState, ToWorker } from './worker-protocol.js';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let pending: ArrivedMessage[] = [];
let batchOut = false;

function sendBatch(): void {
  if (batchOut || pending.length === 0) return;
  const batch = pending;
  pending = [];
  batchOut = true;
  scope.postMessage({ type: 'messages', batch }, batch.map((m) => m.payload.buffer as ArrayBuffer));
}

const session: Session = new MqttSession({
  status: (status, detail, nextAttemptAt) => scope.postMessage({ type: 'status', status, detail, nextAttemptAt, state: state() }),
  message: (topic, payload, retained) => {
    // A copy of its own: mqtt.js's payload may be a view into a larger buffer, which would
    // be cloned whole; this one is moved to the page, not copied again.
    pending.push({ topic, payload: new Uint8Array(payload), retained });
    sendBatch();
  },
  subscribed: (filters) => scope.postMessage({ type: 'subscribed', filters, state: state() }),
  subscribeFailed: (reason) => scope.postMessage({ type: 'subscribe-failed', reason }),
});

function state(): SessionState {
  return { connected: session.connected, active: session.active, subscriptions: session.subscriptions };
}

async function call(message: Extract<ToWorker, { type: 'call' }>): Promise<void> {
  try {
    switch (message.method) {
      case 'connect':
        await session.connect(...message.args);
        break;
      case 'disconnect':
        await session.disconnect(...message.args);
        break;
      case 'subscribe':
        await session.subscribe(...message.args);
        break;
      case 'unsubscribe':
        await session.unsubscribe(...message.args);
        break;
      case 'publish':
        await session.publish(...message.args);
        break;
    }
    scope.postMessage({ type: 'reply', id: message.id, state: state() });
  } catch (error) {
    const { name, message: text } = error instanceof Error ? error : new Error(String(error));
    scope.postMessage({ type: 'reply', id: message.id, error: { name, message: text }, state: state() });
  }
}

scope.onmessage = ({ data }) => {
  switch (data.type) {
    case 'call':
      void call(data);
      break;
    case 'reconnect-now':
      session.reconnectNow();
      break;
    case 'batch-handled':
      batchOut = false;
      sendBatch();
      break;
  }
};

scope.postMessage({ type: 'ready' });
