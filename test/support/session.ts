/** Sessions that record what they report, for tests against real brokers. */
import type { FilterState, FilterStatuses } from '../../src/mqtt/subscriptions.js';
import { MqttSession, type ConnectionSettings, type ConnectionStatus, type Qos, type Session } from '../../src/mqtt/session.js';
import type { TopicRecord } from '../../src/topics/topic-record.js';
import { createSession } from '../../src/worker/worker-session.js';
import { waitUntil } from './wait.js';

interface Status {
  status: ConnectionStatus;
  detail: string;
  nextAttemptAt: number | null;
}

function recorder() {
  const statuses: Status[] = [];
  let filters: FilterStatuses = {};
  const last = () => statuses[statuses.length - 1];
  return {
    statuses,
    last,
    onStatus: (status: ConnectionStatus, detail: string, nextAttemptAt: number | null) => statuses.push({ status, detail, nextAttemptAt }),
    onFilters: (statuses: FilterStatuses) => (filters = statuses),
    /** The status of every wanted filter, as last reported. */
    filters: () => filters,
    waitForStatus: (status: ConnectionStatus) => waitUntil(last, (s) => s?.status === status, `status ${status}`),
    waitForFilter: (filter: string, state: FilterState, timeoutMs?: number) =>
      waitUntil(() => filters[filter], (s) => s?.state === state, `${filter} ${state}`, timeoutMs),
  };
}

/** An MqttSession in this page, recording every message as it comes. */
export function recordingSession({ connectTimeoutMs, qos1RetryFirstMs }: { connectTimeoutMs?: number; qos1RetryFirstMs?: number } = {}) {
  const r = recorder();
  const messages: { topic: string; text: string; retained: boolean; qos: Qos }[] = [];
  const session = new MqttSession(
    {
      status: r.onStatus,
      message: (topic, payload, retained, qos) => messages.push({ topic, text: new TextDecoder().decode(payload), retained, qos }),
      filters: r.onFilters,
    },
    undefined,
    connectTimeoutMs,
    qos1RetryFirstMs,
  );
  return { ...r, session: session as Session, messages };
}

/** A session in its worker, as the app runs it, recording the topic records it hands over. */
export function recordingWorkerSession() {
  const r = recorder();
  /** Every batch, as handed over. */
  const batches: (readonly TopicRecord[])[] = [];
  /** The newest record of each topic. */
  const records = new Map<string, TopicRecord>();
  const session = createSession({
    status: r.onStatus,
    records: (batch) => {
      batches.push(batch);
      for (const record of batch) records.set(record.topic, record);
    },
    filters: r.onFilters,
    storage: () => undefined,
  });
  const waitForRecord = async (topic: string, accept: (record: TopicRecord) => boolean = () => true, timeoutMs?: number) =>
    (await waitUntil(() => records.get(topic), (record) => record !== undefined && accept(record), `a record of ${topic}`, timeoutMs))!;
  return { ...r, session, batches, records, waitForRecord };
}

export const settings = (url: string, extra: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  url,
  clientId: `session-test-${crypto.randomUUID().slice(0, 8)}`,
  keepalive: 60,
  username: '',
  password: '',
  ...extra,
});
