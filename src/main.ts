/**
 * Start-up: open the database, restore the entities and their topics, paint them, and only
 * then connect. The order matters: the user sees the last state at once, even offline.
 */
// First: the database starts opening before the rest of the code is evaluated.
import { connectionDbName, connectionId, openingDb } from './db/early-open.js';
import { createApp } from './app/app.js';
import { nextFrame } from './app/frame-batch.js';
import { readConnectLink, withoutLinkParameters } from './app/connect-link.js';
import './components/mq-app.js';
import {
  loadEntities,
  loadSettings,
  loadTopicRecords,
  saveEntities,
  saveSettings,
  type AppDB,
  type StoredSettings,
} from './db/database.js';
import { describeStorageError } from './db/storage-error.js';
import { DEFAULT_TOPIC, defaultEntities, wantedFilters, type Entity } from './entities/entity.js';
import { createTabLink } from './pwa/tab-link.js';
import { createAppStores } from './store/app-stores.js';
import { deviceChanged } from './store/device.js';
import { defaultConfig } from './store/connection.js';
import { NO_DRAFTS } from './store/drafts.js';
import type { TopicRecord } from './topics/topic-record.js';
import { TopicStore } from './topics/topic-store.js';
import { createSession } from './worker/worker-session.js';

interface Restored {
  readonly db: AppDB | null;
  readonly saved: StoredSettings | undefined;
  readonly entities: Entity[];
  readonly problem: string;
}

async function openStorage(): Promise<Restored> {
  try {
    const db = await openingDb;
    const [saved, entities] = await Promise.all([loadSettings(db), loadEntities(db)]);
    return { db, saved, entities, problem: '' };
  } catch (error) {
    return { db: null, saved: undefined, entities: defaultEntities(), problem: describeStorageError(error) };
  }
}

async function start(): Promise<void> {
  const { db, saved, entities: stored, problem } = await openStorage();
  const defaults = { ...defaultConfig(), brokerUrl: import.meta.env.VITE_DEFAULT_BROKER_URL ?? '' };
  // Saved by an older version, a configuration may lack newer fields: defaults fill them.
  const savedConfig = saved === undefined ? defaults : { ...defaults, ...saved.config };
  const [first, ...rest] = stored;
  const link = readConnectLink(location.search, savedConfig, first?.topic ?? DEFAULT_TOPIC);
  let entities = stored;
  // `?topic=` moves the first entity, as it moved hello_mqtt's; an invalid one is refused on
  // the entity, with the reason, like any filter the broker cannot take.
  if (first !== undefined && link.topic !== first.topic) {
    entities = [{ ...first, topic: link.topic }, ...rest];
    if (db !== null) await saveEntities(db, entities).catch(() => undefined);
  }
  const search = withoutLinkParameters(location.search);
  if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);

  const filters = wantedFilters(entities);
  let records: TopicRecord[] = [];
  if (db !== null) records = await loadTopicRecords(db, filters).catch(() => []);
  const topics = new TopicStore();
  topics.apply(records);

  const wantsConnection = saved?.wantsConnection ?? false;
  const stores = createAppStores({
    connection: { config: link.config, wantsConnection },
    entities,
    controls: { optimistic: saved?.optimistic ?? {} },
    drafts: { ...NO_DRAFTS, ...saved?.drafts },
    device: { secureContext: isSecureContext, version: __APP_VERSION__ },
    storage: { saving: db !== null, problem },
    // A first start with no broker opens the settings, at the broker form.
    ui: { theme: saved?.theme ?? 'system', ...(saved?.historyBudget === undefined ? {} : { historyBudget: saved.historyBudget }), view: link.config.brokerUrl === '' ? 'settings' : 'dashboard' },
    connectionId,
    ...(saved?.discovery === undefined ? {} : { discovery: saved.discovery }),
  });
  if (db !== null) {
    // The client ID is made once per install: keep it from the first visit on.
    if (saved === undefined) {
      await saveSettings(db, { config: { ...link.config, password: '' }, wantsConnection }).catch(() => undefined);
    }
  }

  /** Set once the service worker is registered, after the first paint. */
  let applyUpdate: () => Promise<void> = async () => undefined;
  // Chromium may offer the install before the install code (loaded after the paint) has come.
  let earlyOffer: Event | null = null;
  const keepOffer = (event: Event) => {
    event.preventDefault();
    earlyOffer = event;
  };
  window.addEventListener('beforeinstallprompt', keepOffer);
  let promptInstall: () => Promise<void> = async () => undefined;
  const tabs = createTabLink(connectionDbName) ?? undefined;
  const app = createApp({
    stores,
    topics,
    db,
    restoredFilters: filters,
    tabs,
    // MQTT runs in a worker: a flood of messages never holds up this page's main thread, and
    // what changed crosses over once per frame.
    createSession: (listener) => createSession(listener, { whenReadyForMore: nextFrame, dbName: db === null ? null : connectionDbName }),
    platform: {
      applyUpdate: () => applyUpdate(),
      promptInstall: () => promptInstall(),
      // This page at `?connection=<id>` (connections/current.ts): the same path, no fragment.
      openConnection: (id) => location.assign(`?connection=${id}`),
    },
    pageProtocol: location.protocol,
  });
  const view = document.querySelector('mq-app');
  if (view === null) throw new Error('index.html has no <mq-app>');
  view.app = app;
  await view.updateComplete;
  // What needs no part of the first paint starts once the paint is done: loading and running
  // it before made the saved state reach the screen a frame later (the cold-start figure).
  const startAfterPaint = () => {
    // A share link's setup is offered once its code has come, after the paint (pwa/share-links.ts).
    void import('./pwa/share-links.js').then((part) => part.watchShareLinks((hash) => void app.commands.offerShareLink(hash)));

    // Saving the settings as they change needs no part of the first paint either; it saves
    // once as it starts, so a change made before it came is kept too.
    if (db !== null) void import('./app/persistence.js').then((part) => part.persistSettings(stores, db));

    // The service worker caches the app for offline use and offers updates: it needs no part of
    // the first paint.
    const deviceChange = (change: Parameters<typeof deviceChanged>[1]) => deviceChanged(stores.device, change);
    void import('./pwa/service-worker.js').then((part) => {
      applyUpdate = part.registerServiceWorker(deviceChange);
    });
    void import('./pwa/install.js').then((part) => {
      window.removeEventListener('beforeinstallprompt', keepOffer);
      promptInstall = part.watchInstallOffer(deviceChange, earlyOffer);
    });
    void import('./pwa/network.js').then((part) => part.watchNetwork((online) => app.networkChanged(online)));
    void import('./pwa/persistent-storage.js').then((part) => part.requestPersistentStorage(stores.device));
    // A reload comes back where the user was, once the cards up to there are in.
    void import('./pwa/scroll-position.js').then((part) => part.keepScrollPosition());
    // The next start paints a copy of this screen at once, kept by the service worker.
    void import('./pwa/keep-last-screen.js').then((part) =>
      part.keepLastScreen({
        root: view,
        use: () => {
          if (stores.connection.getState().config.brokerUrl === '') return 'forget';
          return stores.ui.getState().view === 'dashboard' ? 'keep' : 'leave';
        },
      }),
    );
  };
  let started = false;
  const startOnce = () => {
    if (started) return;
    started = true;
    startAfterPaint();
  };
  requestAnimationFrame(() => {
    // For the benchmark's cold-start figure: the frame that paints the saved state is under
    // way (the figure itself is that frame's paint, the page's first contentful paint).
    performance.mark('hello-mqtt:last-state-rendered');
    // The copy of the last screen, painted before this code ran (public/sw/last-screen.js), goes
    // in the frame that paints the app's own screen: the same, where it was, and live.
    const lastScreen = document.getElementById('mq-last-screen');
    if (lastScreen !== null) {
      lastScreen.remove();
      performance.mark('hello-mqtt:last-screen-replaced');
    }
    setTimeout(startOnce, 0);
  });
  // A page opened in a hidden tab paints no frame until it is shown: it starts them anyway.
  setTimeout(startOnce, 250);

  await app.start({ connect: link.connect });
}

void start();
