/**
 * The live topic table, in the session worker: one record per concrete topic that matches a
 * wanted filter. Messages are only noted as they arrive (the newest per topic, and how many);
 * they are decoded when the page asks for what changed, once per topic and batch, so a flood
 * of thousands of messages a second on a few topics costs a few decodings per frame.
 */
import { decodePayload, DISPLAY_LIMIT_BYTES } from '../mqtt/payload.js';
import { topicMatches } from '../mqtt/topic.js';
import type { Qos } from '../mqtt/session.js';
import type { TopicRecord } from './topic-record.js';

interface Arrival {
  payload: Uint8Array;
  retained: boolean;
  qos: Qos;
  receivedAt: number;
  seq: number;
  /** Messages on the topic since the last flush. */
  count: number;
}

/** The most of a document that is read whole: a device list of hundreds of devices fits. */
export const WHOLE_LIMIT_BYTES = 4 * 1024 * 1024;

export class TopicTable {
  private readonly records = new Map<string, TopicRecord>();
  private readonly arrivals = new Map<string, Arrival>();
  private filters: readonly string[] = [];
  /** Messages noted so far: each arrival's place in the order. */
  private seq = 0;
  /** Topics whose saved record was taken in: a saved count is added once. */
  private readonly hydrated = new Set<string>();
  /** Filters of documents read whole (a Zigbee2MQTT device list is far over the display limit). */
  private whole: readonly string[] = [];

  readWhole(filters: readonly string[]): void {
    this.whole = filters;
  }

  private limitOf(topic: string): number {
    return this.whole.length > 0 && this.whole.some((filter) => topicMatches(filter, topic)) ? WHOLE_LIMIT_BYTES : DISPLAY_LIMIT_BYTES;
  }

  /**
   * Notes a message; it is decoded by the next `flush`. A message no wanted filter matches
   * (a subscription dropped a moment ago, or kept by the broker's session) is ignored.
   */
  add(topic: string, payload: Uint8Array, retained: boolean, qos: Qos, receivedAt: number): void {
    const arrival = this.arrivals.get(topic);
    if (arrival === undefined) {
      // Known topics are wanted (setFilters drops the others): only a new one is matched.
      if (!this.records.has(topic) && !this.wanted(topic)) return;
      this.arrivals.set(topic, { payload, retained, qos, receivedAt, seq: ++this.seq, count: 1 });
    } else {
      arrival.payload = payload;
      arrival.retained = retained;
      arrival.qos = qos;
      arrival.receivedAt = receivedAt;
      arrival.seq = ++this.seq;
      arrival.count++;
    }
  }

  /** True when messages arrived since the last flush. */
  get changed(): boolean {
    return this.arrivals.size > 0;
  }

  /** Decodes what arrived since the last call and returns the records that changed. */
  flush(): TopicRecord[] {
    const changed: TopicRecord[] = [];
    for (const [topic, arrival] of this.arrivals) {
      const previous = this.records.get(topic);
      const record: TopicRecord = {
        ...decodePayload(arrival.payload, this.limitOf(topic)),
        topic,
        receivedAt: arrival.receivedAt,
        retained: arrival.retained,
        qos: arrival.qos,
        count: (previous?.count ?? 0) + arrival.count,
        seq: arrival.seq,
      };
      this.records.set(topic, record);
      changed.push(record);
    }
    this.arrivals.clear();
    return changed;
  }

  /**
   * Takes in records saved on an earlier visit. A topic already seen since keeps its newer
   * message and adds the saved count to its own.
   */
  hydrate(saved: readonly TopicRecord[]): void {
    for (const record of saved) {
      if (this.hydrated.has(record.topic) || !this.wanted(record.topic)) continue;
      this.hydrated.add(record.topic);
      const live = this.records.get(record.topic);
      this.records.set(record.topic, live === undefined ? record : { ...live, count: live.count + record.count });
    }
  }

  /** The filters wanted from now on: records no filter matches any more are dropped. */
  setFilters(filters: readonly string[]): void {
    this.filters = filters;
    for (const topic of [...this.records.keys(), ...this.arrivals.keys()]) {
      if (!this.wanted(topic)) {
        this.records.delete(topic);
        this.arrivals.delete(topic);
        this.hydrated.delete(topic);
      }
    }
  }

  /** Whether some wanted filter matches the topic. */
  wanted(topic: string): boolean {
    return this.filters.some((filter) => topicMatches(filter, topic));
  }

  get size(): number {
    return this.records.size;
  }
}
