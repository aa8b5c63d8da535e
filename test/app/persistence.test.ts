import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { persistSettings } from '../../src/app/persistence.js';
import { loadSettings, openAppDb, type AppDB } from '../../src/db/database.js';
import { describeStorageError } from '../../src/db/storage-error.js';
import { createAppStores } from '../../src/store/app-stores.js';
import { connectRequested, defaultConfig } from '../../src/store/connection.js';
import { connectionDrafted, publishDrafted } from '../../src/store/drafts.js';
import { themeChosen } from '../../src/store/ui.js';
import { waitUntil, waitUntilAsync } from '../support/wait.js';

describe('saving the settings', () => {
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

  it('saves the configuration but not the password unless asked to', async () => {
    const stores = createAppStores();
    persistSettings(stores, db);
    const config = { ...defaultConfig('c1'), brokerUrl: 'ws://h:1', username: 'u', password: 'secret' };
    connectRequested(stores.connection, config);
    let saved = await waitUntilAsync(() => loadSettings(db), (v) => v?.config.brokerUrl === 'ws://h:1', 'settings');
    expect(saved?.config.password).to.equal('');
    expect(saved?.config.username).to.equal('u');
    expect(saved?.wantsConnection).to.equal(true);

    connectRequested(stores.connection, { ...config, rememberPassword: true });
    saved = await waitUntilAsync(() => loadSettings(db), (v) => v?.config.rememberPassword === true, 'remembered');
    expect(saved?.config.password).to.equal('secret');
  });

  it('forgets a saved password as soon as Remember is unticked in the form', async () => {
    const stores = createAppStores();
    persistSettings(stores, db);
    const config = { ...defaultConfig('c1'), brokerUrl: 'ws://h:1', password: 'secret', rememberPassword: true };
    connectRequested(stores.connection, config);
    await waitUntilAsync(() => loadSettings(db), (v) => v?.config.password === 'secret', 'remembered');
    connectionDrafted(stores.drafts, { ...config, rememberPassword: false });
    const saved = await waitUntilAsync(() => loadSettings(db), (v) => v?.config.password === '', 'forgotten');
    expect(saved?.drafts?.connection?.password).to.equal('');
  });

  it('saves what is typed in a publish form, and the theme', async () => {
    const stores = createAppStores();
    persistSettings(stores, db);
    publishDrafted(stores.drafts, 'e1', { text: 'half typed' });
    themeChosen(stores.ui, 'dark');
    const saved = await waitUntilAsync(() => loadSettings(db), (v) => v?.theme === 'dark', 'saved');
    expect(saved?.drafts?.publish).to.deep.equal({ e1: { text: 'half typed', topic: '' } });
  });

  it('says the app cannot save when the database has gone, and keeps the state', async () => {
    const stores = createAppStores();
    persistSettings(stores, db);
    db.close();
    publishDrafted(stores.drafts, 'e1', { text: 'kept in memory' });
    const storage = await waitUntil(() => stores.storage.getState(), (s) => s.problem !== '', 'a storage problem');
    expect(storage.saving).to.equal(false);
    expect(storage.problem).to.match(/^Cannot save in this browser/);
    expect(stores.drafts.getState().publish.e1?.text).to.equal('kept in memory');
  });

  it('names a full disk in words', () => {
    expect(describeStorageError(new DOMException('quota', 'QuotaExceededError'))).to.match(/storage for the app is full/);
  });
});
