/**
 * The page's copy of the live topic table: one record per concrete topic, updated with the
 * records that changed in each frame. Views observe one filter (a topic is a filter that
 * matches itself) and hear only of changes to what it matches: the topics a record belongs
 * to are worked out once per topic and kept, so 10,000 topics cost per message what 10 do.
 * Observed filters are shared and counted, as home-assistant-js-websocket's collections are.
 */
import { topicMatches } from '../mqtt/topic.js';
import type { TopicRecord } from './topic-record.js';

/** The records one filter matches, kept current while someone observes it. */
export interface FilterView {
  readonly filter: string;
  /** By topic, in the order they were first seen. */
  readonly records: ReadonlyMap<string, TopicRecord>;
  /** Bumped by every change, so a view can tell whether it must redraw. */
  readonly version: number;
}

/** What a reader found in a topic's records, and in which record (TopicStore.lastFound). */
export interface Found {
  readonly value: unknown;
  readonly record: TopicRecord;
}

interface Remembered {
  readonly read: (record: TopicRecord) => unknown;
  found: Found | undefined;
}

type ViewListener = (view: FilterView, changed: readonly TopicRecord[]) => void;

class ObservedFilter implements FilterView {
  readonly records = new Map<string, TopicRecord>();
  readonly listeners = new Set<ViewListener>();
  version = 0;
  /** Changed in the batch being applied. */
  changed: TopicRecord[] = [];
  constructor(readonly filter: string) {}
}

export class TopicStore {
  private readonly records = new Map<string, TopicRecord>();
  private readonly observed = new Map<string, ObservedFilter>();
  /** Per topic, the observed filters that match it; cleared when the observed set changes. */
  private readonly matching = new Map<string, ObservedFilter[]>();
  private readonly appliedListeners = new Set<(records: readonly TopicRecord[]) => void>();
  /** Per topic, the readers asked of it (see `lastFound`), each with the last it found. */
  private readonly readers = new Map<string, Map<string, Remembered>>();

  get(topic: string): TopicRecord | undefined {
    return this.records.get(topic);
  }

  /**
   * The newest record of `topic` in which `read` found something, and what it found. On a topic
   * that carries a different key each time, as Tasmota's stat/…/RESULT answers each command
   * with that command's key alone, a message about another key leaves the last value where it
   * was (Home Assistant likewise ignores a value template that renders nothing). From the first
   * call for `key` on, every record of the topic is read as it is applied; messages that the
   * worker coalesced into one frame before that are not seen. Bound: it is handed to readers.
   */
  readonly lastFound = (topic: string, key: string, read: (record: TopicRecord) => unknown): Found | undefined => {
    let byKey = this.readers.get(topic);
    if (byKey === undefined) this.readers.set(topic, (byKey = new Map()));
    let remembered = byKey.get(key);
    const record = this.records.get(topic);
    if (remembered === undefined) {
      const value = record === undefined ? undefined : read(record);
      remembered = { read, found: value === undefined || record === undefined ? undefined : { value, record } };
      byKey.set(key, remembered);
    }
    return remembered.found;
  };

  get size(): number {
    return this.records.size;
  }

  all(): TopicRecord[] {
    return [...this.records.values()];
  }

  /**
   * Calls `listener` with the filter's records after every batch that changed one of them;
   * returns the function that stops it. The view is current at once (see `view`).
   */
  observe(filter: string, listener: ViewListener): () => void {
    const observed = this.observeFilter(filter);
    observed.listeners.add(listener);
    return () => {
      observed.listeners.delete(listener);
      if (observed.listeners.size > 0) return;
      this.observed.delete(filter);
      this.matching.clear();
    };
  }

  /** The records a filter matches now (observed or not). */
  view(filter: string): FilterView {
    return this.observed.get(filter) ?? this.fill(new ObservedFilter(filter));
  }

  /** Takes in the records that changed; each observer of a matching filter hears once. */
  apply(records: readonly TopicRecord[]): void {
    if (records.length === 0) return;
    const touched = new Set<ObservedFilter>();
    for (const record of records) {
      this.records.set(record.topic, record);
      const readers = this.readers.get(record.topic);
      if (readers !== undefined) {
        for (const remembered of readers.values()) {
          const value = remembered.read(record);
          if (value !== undefined) remembered.found = { value, record };
        }
      }
      for (const observed of this.observersOf(record.topic)) {
        observed.records.set(record.topic, record);
        observed.changed.push(record);
        touched.add(observed);
      }
    }
    for (const observed of touched) {
      observed.version++;
      const changed = observed.changed;
      observed.changed = [];
      for (const listener of [...observed.listeners]) listener(observed, changed);
    }
    for (const listener of [...this.appliedListeners]) listener(records);
  }

  /** Drops the records of topics that `wanted` says no one follows any more. */
  retain(wanted: (topic: string) => boolean): void {
    for (const topic of [...this.records.keys()]) {
      if (wanted(topic)) continue;
      this.records.delete(topic);
      this.readers.delete(topic);
      this.matching.delete(topic);
      for (const observed of this.observed.values()) {
        if (observed.records.delete(topic)) {
          observed.version++;
          for (const listener of [...observed.listeners]) listener(observed, []);
        }
      }
    }
  }

  /** Calls `listener` with every batch applied (to pass on to other tabs). */
  onApplied(listener: (records: readonly TopicRecord[]) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  private observeFilter(filter: string): ObservedFilter {
    let observed = this.observed.get(filter);
    if (observed === undefined) {
      observed = this.fill(new ObservedFilter(filter));
      this.observed.set(filter, observed);
      this.matching.clear();
    }
    return observed;
  }

  private fill(observed: ObservedFilter): ObservedFilter {
    for (const record of this.records.values()) {
      if (topicMatches(observed.filter, record.topic)) observed.records.set(record.topic, record);
    }
    return observed;
  }

  private observersOf(topic: string): ObservedFilter[] {
    let found = this.matching.get(topic);
    if (found === undefined) {
      found = [...this.observed.values()].filter((observed) => topicMatches(observed.filter, topic));
      this.matching.set(topic, found);
    }
    return found;
  }
}
