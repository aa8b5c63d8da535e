import { expect } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import {
  addToOutbox,
  DB_VERSION,
  loadOutbox,
  removeFromOutbox,
  loadLastMessage,
  loadSettings,
  openAppDb,
  saveLastMessage,
  saveSettings,
  type AppDB,
} from '../../src/db/database.js';
import { defaultConfig, type LastMessage } from '../../src/store/app-state.js';

const message: LastMessage = {
  text: 'ThisIsIt',
  format: 'text',
  byteLength: 8,
  truncated: false,
  topic: 'edzna/hello',
  receivedAt: 1_700_000_000_000,
  retained: false,
};

describe('IndexedDB persistence', () => {
  let name: string;
  let db: AppDB | undefined;
  beforeEach(() => {
    name = `test-${crypto.randomUUID()}`;
  });
  afterEach(async () => {
    db?.close();
    db = undefined;
    await deleteDB(name);
  });

  it('creates the schema when upgrading from no database (version 0)', async () => {
    db = await openAppDb(name);
    expect(db.version).to.equal(DB_VERSION);
    expect([...db.objectStoreNames].sort()).to.deep.equal(['lastMessages', 'outbox', 'settings']);
    expect(await loadSettings(db)).to.equal(undefined);
    expect(await loadLastMessage(db, 'edzna/hello')).to.equal(null);
  });

  it('upgrades a version 1 database, keeping its last message, and adds the outbox', async () => {
    const v1 = await openDB(name, 1, {
      upgrade(old) {
        old.createObjectStore('settings', { keyPath: 'id' });
        old.createObjectStore('lastMessages', { keyPath: 'filter' });
      },
    });
    await v1.put('lastMessages', { filter: 'edzna/hello', message });
    v1.close();
    db = await openAppDb(name);
    expect(await loadLastMessage(db, 'edzna/hello')).to.deep.equal(message);
    expect(await loadOutbox(db)).to.deep.equal([]);
  });

  it('keeps the outbox in order and removes what was sent', async () => {
    db = await openAppDb(name);
    const a = await addToOutbox(db, { topic: 't', text: 'a', createdAt: 1 });
    await addToOutbox(db, { topic: 't', text: 'b', createdAt: 2 });
    await addToOutbox(db, { topic: 't', text: 'c', createdAt: 3 });
    await removeFromOutbox(db, a);
    db.close();
    db = await openAppDb(name);
    expect((await loadOutbox(db)).map((e) => e.text)).to.deep.equal(['b', 'c']);
  });

  it('restores settings and the last message after reopening', async () => {
    db = await openAppDb(name);
    const config = { ...defaultConfig('client-1'), brokerUrl: 'ws://127.0.0.1:9001' };
    await saveSettings(db, { config, topic: 'edzna/hello', wantsConnection: true });
    await saveLastMessage(db, 'edzna/hello', message);
    db.close();
    db = await openAppDb(name);
    expect(await loadSettings(db)).to.deep.equal({ id: 'app', config, topic: 'edzna/hello', wantsConnection: true });
    expect(await loadLastMessage(db, 'edzna/hello')).to.deep.equal(message);
    expect(await loadLastMessage(db, 'other/topic')).to.equal(null);
  });
});
