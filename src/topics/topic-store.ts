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

  get(topic: string): TopicRecord | undefined {
    return this.records.get(topic);
  }

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
