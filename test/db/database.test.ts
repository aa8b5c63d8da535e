import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import {
  DB_VERSION,
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
    expect([...db.objectStoreNames].sort()).to.deep.equal(['lastMessages', 'settings']);
    expect(await loadSettings(db)).to.equal(undefined);
    expect(await loadLastMessage(db, 'edzna/hello')).to.equal(null);
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
