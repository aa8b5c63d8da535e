/**
 * Start-up: open the database, restore the last state, paint it, and only then connect.
 * The order matters: the user sees the last message at once, even offline.
 */
// First: the database starts opening before the rest of the code is evaluated.
import { openingDb } from './db/early-open.js';
import { createApp } from './app/app.js';
import { nextFrame } from './app/frame-batch.js';
import { readConnectLink, withoutLinkParameters } from './app/connect-link.js';
import { describeStorageError, persistStore } from './app/persistence.js';
import './components/mq-app.js';
import {
  loadLastMessage,
  loadSettings,
  saveSettings,
  type AppDB,
  type StoredSettings,
} from './db/database.js';
import { createSession } from './mqtt/worker-session.js';
import { watchInstallOffer } from './pwa/install.js';
import { watchNetwork } from './pwa/network.js';
import { requestPersistentStorage } from './pwa/persistent-storage.js';
import { createTabLink } from './pwa/tab-link.js';
import { registerServiceWorker } from './pwa/service-worker.js';
import { createAppStore, defaultConfig, DEFAULT_TOPIC, initialState } from './store/app-state.js';

async function openStorage(): Promise<{ db: AppDB | null; saved: StoredSettings | undefined; problem: string }> {
  try {
    const db = await openingDb;
    return { db, saved: await loadSettings(db), problem: '' };
  } catch (error) {
    return { db: null, saved: undefined, problem: describeStorageError(error) };
  }
}

async function start(): Promise<void> {
  const { db, saved, problem } = await openStorage();
  const defaults = { ...defaultConfig(), brokerUrl: import.meta.env.VITE_DEFAULT_BROKER_URL ?? '' };
  // Saved by an older version, a configuration may lack newer fields: defaults fill them.
  const savedConfig = saved === undefined ? defaults : { ...defaults, ...saved.config };
  const link = readConnectLink(location.search, savedConfig, saved?.topic ?? DEFAULT_TOPIC);
  const rest = withoutLinkParameters(location.search);
  if (rest !== location.search) history.replaceState(history.state, '', `${location.pathname}${rest}${location.hash}`);
  const lastMessage = db === null ? null : await loadLastMessage(db, link.topic).catch(() => null);
  const wantsConnection = saved?.wantsConnection ?? false;
  const initial = initialState({
    config: link.config,
    topic: link.topic,
    lastMessage,
    wantsConnection,
    drafts: { newState: saved?.drafts?.newState ?? '', connection: saved?.drafts?.connection ?? null },
    storage: { saving: db !== null, problem },
    version: __APP_VERSION__,
  });
  const store = createAppStore({ ...initial, device: { ...initial.device, secureContext: isSecureContext } });
  if (db !== null) {
    persistStore(store, db);
    // The client ID is made once per install: keep it from the first visit on.
    if (saved === undefined) {
      const settings = { config: { ...link.config, password: '' }, topic: link.topic, wantsConnection };
      await saveSettings(db, settings).catch(() => undefined);
    }
  }

  const applyUpdate = registerServiceWorker(store);
  const promptInstall = watchInstallOffer(store);
  const tabs = createTabLink() ?? undefined;
  const app = createApp({
    store,
    db,
    tabs,
    // MQTT runs in a worker: a flood of messages never holds up this page's main thread, and
    // crosses over once per frame.
    createSession: (listener) => createSession(listener, nextFrame),
    platform: { applyUpdate, promptInstall },
    pageProtocol: location.protocol,
  });
  const view = document.querySelector('mq-app');
  if (view === null) throw new Error('index.html has no <mq-app>');
  view.app = app;
  await view.updateComplete;
  // For the benchmark's cold-start figure: the saved state is on screen from here.
  requestAnimationFrame(() => performance.mark('hello-mqtt:last-state-painted'));

  watchNetwork((online) => app.networkChanged(online));
  void requestPersistentStorage(store);
  await app.start({ connect: link.connect });
}

void start();
