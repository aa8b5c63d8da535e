import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TopicRecord } from '../topics/topic-record.js';
import type { TopicStore } from '../topics/topic-store.js';
import { topicsContext } from './context.js';

/**
 * Gives a view the records of a few topics (a device's state topics and its availability),
 * and re-renders the host when one of them changes.
 */
export class RecordsController implements ReactiveController {
  private store: TopicStore | undefined;
  private topicsValue: readonly string[] = [];
  private stops: (() => void)[] = [];

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    new ContextConsumer(host, {
      context: topicsContext,
      subscribe: true,
      callback: (store: TopicStore | undefined) => {
        this.stop();
        this.store = store;
        this.follow();
      },
    });
  }

  /** Follows these topics from now on. */
  set topics(topics: readonly string[]) {
    const unique = [...new Set(topics.filter((topic) => topic !== ''))];
    if (unique.length === this.topicsValue.length && unique.every((topic, i) => topic === this.topicsValue[i])) return;
    this.stop();
    this.topicsValue = unique;
    this.follow();
  }

  /** A followed topic's record. */
  readonly get = (topic: string): TopicRecord | undefined => this.store?.get(topic);

  /** What a reader last found in a followed topic's records (TopicStore.lastFound). */
  readonly lastFound: TopicStore['lastFound'] = (topic, key, read) => this.store?.lastFound(topic, key, read);

  hostConnected(): void {
    if (this.stops.length === 0) this.follow();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
  }

  private follow(): void {
    const store = this.store;
    if (store === undefined || !this.host.isConnected) return;
    this.stops = this.topicsValue.map((topic) => store.observe(topic, () => this.host.requestUpdate()));
    this.host.requestUpdate();
  }
}
