import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isConcreteTopic } from '../mqtt/topic.js';
import { arrivedAfter, type TopicRecord } from '../topics/topic-record.js';
import type { FilterView, TopicStore } from '../topics/topic-store.js';
import { TopicTree } from '../topics/topic-tree.js';
import { topicsContext } from './context.js';

/**
 * Gives a view the records of one topic or filter, from the topic store, and re-renders the
 * host when, and only when, one of them changed. For a filter it also keeps the topics as a
 * tree (updated with what changed, not rebuilt) and the newest record.
 */
export class TopicController implements ReactiveController {
  private topics: TopicStore | undefined;
  private filterValue = '';
  private unsubscribe: (() => void) | undefined;
  private viewValue: FilterView | undefined;
  /** The topics of a filter as a tree; empty for a single topic. */
  readonly tree = new TopicTree();
  private newestValue: TopicRecord | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    new ContextConsumer(host, {
      context: topicsContext,
      subscribe: true,
      callback: (topics: TopicStore | undefined) => {
        this.stop();
        this.topics = topics;
        this.follow();
      },
    });
  }

  /** Follows this topic or filter from now on. */
  set filter(filter: string) {
    if (filter === this.filterValue) return;
    this.stop();
    this.filterValue = filter;
    this.follow();
  }

  get filter(): string {
    return this.filterValue;
  }

  get view(): FilterView | undefined {
    return this.viewValue;
  }

  /** The record of the topic, for a single topic; the newest of all, for a filter. */
  get newest(): TopicRecord | undefined {
    return this.newestValue;
  }

  hostConnected(): void {
    if (this.unsubscribe === undefined) this.follow();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private follow(): void {
    const topics = this.topics;
    if (topics === undefined || this.filterValue === '' || !this.host.isConnected) return;
    const single = isConcreteTopic(this.filterValue);
    this.unsubscribe = topics.observe(this.filterValue, (view, changed) => {
      this.viewValue = view;
      if (changed.length === 0) {
        // Topics went away: start again from what is left.
        this.tree.reset(single ? [] : view.records.values());
        this.newestValue = newestOf(view.records.values());
      } else {
        if (!single) this.tree.update(changed);
        const newest = newestOf(changed);
        if (newest !== undefined && (this.newestValue === undefined || !arrivedAfter(this.newestValue, newest))) {
          this.newestValue = newest;
        }
      }
      this.host.requestUpdate();
    });
    const view = topics.view(this.filterValue);
    this.viewValue = view;
    this.tree.reset(single ? [] : view.records.values());
    this.newestValue = newestOf(view.records.values());
    this.host.requestUpdate();
  }
}

function newestOf(records: Iterable<TopicRecord>): TopicRecord | undefined {
  let newest: TopicRecord | undefined;
  for (const record of records) if (newest === undefined || !arrivedAfter(newest, record)) newest = record;
  return newest;
}
