/** A session that records what it reports, for tests against real brokers. */
import { MqttSession, type ConnectionSettings, type ConnectionStatus, type Session, type SessionListener } from '../../src/mqtt/session.js';
import { createSession } from '../../src/mqtt/worker-session.js';
import { waitUntil } from './wait.js';

/** Where the session runs: in this page (MqttSession) or in its worker, as in the app. */
export interface RecordingOptions {
  readonly inWorker?: boolean;
  /** In this page only: the worker's session keeps the default. */
  readonly connectTimeoutMs?: number;
}

/** A session against a real broker, recording what it reports. */
export function recordingSession({ inWorker = false, connectTimeoutMs }: RecordingOptions = {}) {
  const statuses: { status: ConnectionStatus; detail: string; nextAttemptAt: number | null }[] = [];
  const messages: { topic: string; text: string; retained: boolean }[] = [];
  const subscribed: string[] = [];
  const subscribeFailures: string[] = [];
  const listener: SessionListener = {
    status: (status, detail, nextAttemptAt) => statuses.push({ status, detail, nextAttemptAt }),
    message: (topic, payload, retained) => messages.push({ topic, text: new TextDecoder().decode(payload), retained }),
    subscribed: (filters) => subscribed.push(...filters),
    subscribeFailed: (reason) => subscribeFailures.push(reason),
  };
  const session: Session = inWorker ? createSession(listener) : new MqttSession(listener, undefined, connectTimeoutMs);
  const last = () => statuses[statuses.length - 1];
  const waitForStatus = (status: ConnectionStatus) =>
    waitUntil(last, (s) => s?.status === status, `status ${status}`);
  return { session, statuses, messages, subscribed, last, waitForStatus };
}

export const settings = (url: string, extra: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  url,
  clientId: `session-test-${crypto.randomUUID().slice(0, 8)}`,
  keepalive: 60,
  username: '',
  password: '',
  ...extra,
});

