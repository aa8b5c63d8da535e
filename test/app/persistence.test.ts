import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { describeStorageError, persistStore } from '../../src/app/persistence.js';
import { loadLastMessage, loadSettings, openAppDb, type AppDB } from '../../src/db/database.js';
import {
  connectionDrafted,
  connectRequested,
  createAppStore,
  defaultConfig,
  initialState,
  messageReceived,
  type LastMessage,
} from '../../src/store/app-state.js';
import { waitUntil, waitUntilAsync } from '../support/wait.js';

const message = (text: string): LastMessage => ({
  text,
  format: 'text',
  byteLength: text.length,
  truncated: false,
  topic: 'edzna/hello',
  receivedAt: Date.now(),
  retained: false,
});

describe('saving the store', () => {
  let name: string;
  let db: AppDB;
  beforeEach(async () => {
    name = `test-${crypto.randomUUID()}`;
    db = await openAppDb(name);
  });
  afterEach(async () => {
    db.close();
    await deleteDB(name);
  });

  it('saves the newest last message of a burst', async () => {
    const store = createAppStore();
    persistStore(store, db);
    for (let i = 0; i < 50; i++) messageReceived(store, message(`m${i}`));
    const saved = await waitUntilAsync(() => loadLastMessage(db, 'edzna/hello'), (m) => m?.text === 'm49', 'm49 saved');
    expect(saved?.text).to.equal('m49');
  });

  it('saves the configuration but not the password unless asked to', async () => {
    const store = createAppStore();
    persistStore(store, db);
    const config = { ...defaultConfig('c1'), brokerUrl: 'ws://h:1', username: 'u', password: 'secret' };
    connectRequested(store, config);
    let saved = await waitUntilAsync(() => loadSettings(db), (v) => v?.config.brokerUrl === 'ws://h:1', 'settings');
    expect(saved?.config.password).to.equal('');
    expect(saved?.config.username).to.equal('u');
    expect(saved?.wantsConnection).to.equal(true);

    connectRequested(store, { ...config, rememberPassword: true });
    saved = await waitUntilAsync(() => loadSettings(db), (v) => v?.config.rememberPassword === true, 'remembered');
    expect(saved?.config.password).to.equal('secret');
  });

  it('forgets a saved password as soon as Remember is unticked in the form', async () => {
    const store = createAppStore();
    persistStore(store, db);
    const config = { ...defaultConfig('c1'), brokerUrl: 'ws://h:1', password: 'secret', rememberPassword: true };
    connectRequested(store, config);
    await waitUntilAsync(() => loadSettings(db), (v) => v?.config.password === 'secret', 'remembered');
    connectionDrafted(store, { ...config, rememberPassword: false });
    const saved = await waitUntilAsync(() => loadSettings(db), (v) => v?.config.password === '', 'forgotten');
    expect(saved?.drafts?.connection?.password).to.equal('');
  });

  it('says the app cannot save when the database has gone, and keeps the state', async () => {
    const store = createAppStore(initialState());
    persistStore(store, db);
    db.close();
    messageReceived(store, message('kept in memory'));
    const state = await waitUntil(() => store.getState(), (s) => s.storage.problem !== '', 'a storage problem');
    expect(state.storage.saving).to.equal(false);
    expect(state.storage.problem).to.match(/^Cannot save in this browser/);
    expect(state.lastMessage?.text).to.equal('kept in memory');
  });

  it('names a full disk in words', () => {
    expect(describeStorageError(new DOMException('quota', 'QuotaExceededError'))).to.match(/storage for the app is full/);
  });
});
