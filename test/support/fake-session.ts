/**
 * A session with no broker behind it, for app tests that need none: the test says what the
 * "worker" reports (statuses, records, filter statuses) and reads what the app asked of it.
 * While online it grants the filters it is given, as a broker's SUBACK would, except those
 * whose status the test reported.
 * Floods of 10,000 topics are then tested deterministically.
 */
import type { FilterStatuses } from '../../src/mqtt/subscriptions.js';
import type { ConnectionSettings, PublishOptions } from '../../src/mqtt/session.js';
import type { TopicRecord } from '../../src/topics/topic-record.js';
import type { HistoryRule } from '../../src/history/history.js';
import type { LiveListener, LiveSession } from '../../src/worker/worker-session.js';

export interface FakeSession extends LiveSession {
  /** The filters the app wants, as last set. */
  readonly filters: readonly string[];
  /** What the app asked to record, as last set, and how often it said history was cleared. */
  readonly history: { rules: readonly HistoryRule[]; budgetBytes: number; cleared: number };
  readonly published: { topic: string; text: string; options: PublishOptions }[];
  readonly connects: ConnectionSettings[];
  /** Reports these records as the worker would hand them over. */
  deliver(records: readonly TopicRecord[]): void;
  reportFilters(statuses: FilterStatuses): void;
  goOnline(url?: string): void;
  /** The connection drops; the session tries again. */
  goOffline(): void;
}

export function fakeSession(listener: LiveListener): FakeSession {
  let connected = false;
  let active = false;
  let filters: readonly string[] = [];
  const reported = new Map<string, FilterStatuses[string]>();
  const grant = () => {
    if (!connected) return;
    queueMicrotask(() => {
      const statuses = Object.fromEntries(filters.map((filter) => [filter, reported.get(filter) ?? { state: 'subscribed' as const, reason: '', via: filter }]));
      listener.filters(statuses);
    });
  };
  const published: FakeSession['published'] = [];
  const connects: ConnectionSettings[] = [];
  const history: FakeSession['history'] = { rules: [], budgetBytes: 0, cleared: 0 };
  return {
    get connected() {
      return connected;
    },
    get active() {
      return active;
    },
    get filters() {
      return filters;
    },
    published,
    connects,
    async connect(settings) {
      connects.push(settings);
      active = true;
    },
    async disconnect({ announce = true } = {}) {
      active = false;
      connected = false;
      if (announce) listener.status('disconnected', '', null);
    },
    reconnectNow: () => undefined,
    setFilters(next) {
      filters = [...next];
      grant();
    },
    history,
    setHistory(rules, budgetBytes) {
      history.rules = rules;
      history.budgetBytes = budgetBytes;
    },
    historyCleared() {
      history.cleared++;
    },
    async publish(topic, text, options) {
      if (!connected) throw new Error('Not connected to a broker, so nothing was sent.');
      published.push({ topic, text, options });
    },
    deliver: (records) => listener.records(records),
    reportFilters(statuses) {
      for (const [filter, status] of Object.entries(statuses)) reported.set(filter, status);
      listener.filters(statuses);
    },
    goOnline(url = 'ws://fake') {
      connected = true;
      active = true;
      listener.status('connected', url, null);
      grant();
    },
    goOffline() {
      connected = false;
      listener.status('reconnecting', 'The connection was lost.', null);
    },
  };
}

let seq = 0;

/** A record as the worker makes one, each later in the order of arrival than the one before. */
export function topicRecord(topic: string, text: string, extra: Partial<TopicRecord> = {}): TopicRecord {
  return {
    seq: ++seq,
    topic,
    text,
    format: 'text',
    byteLength: new TextEncoder().encode(text).length,
    truncated: false,
    receivedAt: Date.now(),
    retained: false,
    qos: 0,
    count: 1,
    ...extra,
  };
}
