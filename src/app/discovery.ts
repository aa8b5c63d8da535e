/**
 * Discovery in the app: while a source is switched on, its config topics are followed, every
 * config that arrives (or was saved on an earlier visit) is read into the catalog, and the
 * entities it shows join the user's in what is subscribed, recorded and asked for. Loaded
 * when a source is first switched on, after the first paint.
 */
import { DiscoveryReader, discoveryFilters } from '../discovery/catalog.js';
import type { Entity } from '../entities/entity.js';
import { catalogFound } from '../store/discovery-actions.js';
import type { DiscoveryStore } from '../store/discovery.js';
import type { TopicStore } from '../topics/topic-store.js';

export interface DiscoveryOptions {
  readonly store: DiscoveryStore;
  readonly topics: TopicStore;
  /** The filters to follow for the sources, and the entities shown, changed. */
  readonly changed: (sourceFilters: readonly string[], followed: readonly Entity[]) => void;
}

export interface Discovery {
  dispose(): void;
}

export function startDiscovery({ store, topics, changed }: DiscoveryOptions): Discovery {
  const reader = new DiscoveryReader(store.getState().settings);
  let stops: (() => void)[] = [];
  let filters: string[] = [];
  let scheduled = false;
  let lastFollowed = '';

  /** One catalog per task, however many batches of configs came in it. */
  function rebuild(): void {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      const catalog = reader.catalog();
      catalogFound(store, catalog);
      const key = JSON.stringify([filters, catalog.followed]);
      if (key === lastFollowed) return;
      lastFollowed = key;
      changed(filters, catalog.followed);
    }, 0);
  }

  function follow(): void {
    for (const stop of stops) stop();
    const { settings } = store.getState();
    reader.configure(settings);
    filters = discoveryFilters(settings).map(({ filter }) => filter);
    stops = filters.map((filter) => {
      const stop = topics.observe(filter, (_view, records) => {
        // A record dropped from the view (no longer followed) takes its findings with it.
        if (records.length === 0) for (const topic of reader.topics()) if (topics.get(topic) === undefined) reader.forget(topic);
        reader.read(records, (topic) => topics.get(topic));
        rebuild();
      });
      reader.read([...topics.view(filter).records.values()], (topic) => topics.get(topic));
      return stop;
    });
    rebuild();
  }

  follow();
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.settings === previous.settings) return;
    const sourcesChanged = JSON.stringify({ ...state.settings, shown: {} }) !== JSON.stringify({ ...previous.settings, shown: {} });
    if (sourcesChanged) follow();
    else {
      reader.configure(state.settings);
      rebuild();
    }
  });

  return {
    dispose() {
      unsubscribe();
      for (const stop of stops) stop();
      catalogFound(store, null);
      changed([], []);
    },
  };
}
