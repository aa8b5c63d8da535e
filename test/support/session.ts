/** An MqttSession that records what it reports, for tests against real brokers. */
import { MqttSession, type ConnectionSettings, type ConnectionStatus } from '../../src/mqtt/session.js';
import { waitUntil } from './wait.js';

/** A session against a real Mosquitto, recording what it reports. */
export function recordingSession(connectTimeoutMs?: number) {
  const statuses: { status: ConnectionStatus; detail: string; nextAttemptAt: number | null }[] = [];
  const messages: { topic: string; text: string; retained: boolean }[] = [];
  const subscribed: string[] = [];
  const subscribeFailures: string[] = [];
  const session = new MqttSession({
    status: (status, detail, nextAttemptAt) => statuses.push({ status, detail, nextAttemptAt }),
    message: (topic, payload, retained) => messages.push({ topic, text: new TextDecoder().decode(payload), retained }),
    subscribed: (filters) => subscribed.push(...filters),
    subscribeFailed: (reason) => subscribeFailures.push(reason),
  }, undefined, connectTimeoutMs);
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

