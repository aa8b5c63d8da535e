import { expect } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import {
  DB_VERSION,
  loadEntities,
  loadSettings,
  loadTopicRecords,
  openAppDb,
  pruneTopicRecords,
  saveEntities,
  saveSettings,
  saveTopicRecords,
  type AppDB,
} from '../../src/db/database.js';
import { addToOutbox, loadOutbox, removeFromOutbox } from '../../src/db/outbox-db.js';
import { createEntity } from '../../src/entities/entity.js';
import { defaultConfig } from '../../src/store/connection.js';
import { topicRecord } from '../support/fake-session.js';
import { putsBeforeAnotherTask } from '../support/idb-puts.js';

/** A last message as version 2 saved it. */
const v2Message = {
  text: 'ThisIsIt',
  format: 'text',
  byteLength: 8,
  truncated: false,
  topic: 'home/hello',
  receivedAt: 1_700_000_000_000,
  retained: true,
};

const record = (topic: string) => topicRecord(topic, 'x');

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

  it('creates the schema with hello_mqtt’s entity when there was no database', async () => {
    db = await openAppDb(name);
    expect(db.version).to.equal(DB_VERSION);
    expect([...db.objectStoreNames].sort()).to.deep.equal(['entities', 'history', 'historyTopics', 'outbox', 'settings', 'topics']);
    expect(await loadSettings(db)).to.equal(undefined);
    const entities = await loadEntities(db);
    expect(entities.map((e) => [e.name, e.topic, e.kind])).to.deep.equal([['hello_mqtt', 'edzna/hello', 'text']]);
  });

  it('upgrades a database written by version 2: its topic, last message, drafts and outbox are kept', async () => {
    // Exactly what version 2 of the app wrote: one topic in the settings, its last message by
    // filter, a half-typed Set state, and a queued message.
    const config = { ...defaultConfig('client-v2'), brokerUrl: 'ws://192.168.1.10:9001' };
    const v2 = await openDB(name, 2, {
      upgrade(old) {
        old.createObjectStore('settings', { keyPath: 'id' });
        old.createObjectStore('lastMessages', { keyPath: 'filter' });
        old.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      },
    });
    await v2.put('settings', {
      id: 'app',
      config,
      topic: 'home/hello',
      wantsConnection: true,
      drafts: { newState: 'half typed', connection: null },
    });
    await v2.put('lastMessages', { filter: 'home/hello', message: v2Message });
    await v2.put('lastMessages', { filter: 'edzna/hello', message: { ...v2Message, topic: 'edzna/hello', text: 'older topic' } });
    await v2.add('outbox', { topic: 'home/hello', text: 'queued while offline', createdAt: 5 });
    v2.close();

    db = await openAppDb(name);
    const [entity, ...others] = await loadEntities(db);
    expect(others).to.deep.equal([]);
    expect(entity).to.deep.include({ name: 'hello_mqtt', topic: 'home/hello', kind: 'text' });
    expect(await loadTopicRecords(db, ['home/hello'])).to.deep.equal([{ ...v2Message, qos: 1, count: 1, seq: 0 }]);
    expect([...db.objectStoreNames]).to.not.include('lastMessages');
    const settings = await loadSettings(db);
    expect(settings).to.deep.equal({
      id: 'app',
      config,
      wantsConnection: true,
      drafts: { connection: null, publish: { [entity!.id]: { text: 'half typed', topic: '' } }, entityForm: null },
    });
    expect(await loadOutbox(db)).to.deep.equal([
      { id: 1, topic: 'home/hello', text: 'queued while offline', createdAt: 5, entityId: entity!.id, qos: 1, retain: false },
    ]);
  });

  it('upgrades a database written by version 3: entities, records and outbox kept, history starts empty and on', async () => {
    // Version 3's schema, as openAppDb made it before history: an entity saved without history options.
    const v3 = await openDB(name, 3, {
      upgrade(old) {
        old.createObjectStore('settings', { keyPath: 'id' });
        old.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        old.createObjectStore('entities', { keyPath: 'id' });
        old.createObjectStore('topics', { keyPath: 'topic' });
      },
    });
    const { history: _none, ...v3Options } = createEntity('Power', 'tele/plug/SENSOR').options;
    await v3.put('entities', { ...createEntity('Power', 'tele/plug/SENSOR', {}, { id: 'e-1' }), options: v3Options, position: 0 });
    await v3.put('topics', record('tele/plug/SENSOR'));
    v3.close();
    db = await openAppDb(name);
    const [entity] = await loadEntities(db);
    expect(entity?.options.history).to.deep.equal({ keep: true, maxMessages: 10_000, maxBytes: 2 * 1024 * 1024, fields: [] });
    expect((await loadTopicRecords(db, ['tele/plug/SENSOR'])).length).to.equal(1);
    expect(await db.count('history')).to.equal(0);
  });

  it('upgrades a version 1 database (no outbox yet)', async () => {
    const v1 = await openDB(name, 1, {
      upgrade(old) {
        old.createObjectStore('settings', { keyPath: 'id' });
        old.createObjectStore('lastMessages', { keyPath: 'filter' });
      },
    });
    await v1.put('lastMessages', { filter: 'edzna/hello', message: { ...v2Message, topic: 'edzna/hello' } });
    v1.close();
    db = await openAppDb(name);
    expect((await loadTopicRecords(db, ['edzna/hello']))[0]?.text).to.equal('ThisIsIt');
    expect(await loadOutbox(db)).to.deep.equal([]);
  });

  it('keeps the entities in their order, and forgets removed ones', async () => {
    db = await openAppDb(name);
    const [a, b, c] = [createEntity('A', 'a'), createEntity('B', 'b/#'), createEntity('C', 'c')];
    await saveEntities(db, [c, a, b]);
    await saveEntities(db, [c, b]);
    db.close();
    db = await openAppDb(name);
    expect((await loadEntities(db)).map((e) => e.name)).to.deep.equal(['C', 'B']);
  });

  it('finds the records of a topic or a filter by key range', async () => {
    db = await openAppDb(name);
    await saveTopicRecords(db, ['home/a/temp', 'home/b/temp', 'home/b/hum', 'garden', 'homes/x/temp'].map((t) => record(t)));
    const topics = async (filters: string[]) => (await loadTopicRecords(db!, filters)).map((r) => r.topic).sort();
    expect(await topics(['home/+/temp'])).to.deep.equal(['home/a/temp', 'home/b/temp']);
    expect(await topics(['garden'])).to.deep.equal(['garden']);
    expect(await topics(['#'])).to.have.length(5);
    expect(await topics(['home/#', 'home/a/temp'])).to.deep.equal(['home/a/temp', 'home/b/hum', 'home/b/temp']);
  });

  it('saves 1,000 records in one transaction, letting other work run between slices of them', async () => {
    db = await openAppDb(name);
    const topics = Array.from({ length: 1000 }, (_, i) => `flood/${i}`);
    const seenByOtherTask = await putsBeforeAnotherTask(() => saveTopicRecords(db!, topics.map((t) => record(t))));
    expect(seenByOtherTask).to.be.above(0).and.below(1000);
    expect(await loadTopicRecords(db, ['flood/#'])).to.have.length(1000);
  });

  it('prunes the records no filter wants', async () => {
    db = await openAppDb(name);
    await saveTopicRecords(db, ['a/1', 'a/2', 'b'].map((t) => record(t)));
    expect(await pruneTopicRecords(db, ['a/#'])).to.equal(1);
    expect((await loadTopicRecords(db, ['#'])).map((r) => r.topic)).to.deep.equal(['a/1', 'a/2']);
  });

  it('keeps the outbox in order, with QoS and retain, and removes what was sent', async () => {
    db = await openAppDb(name);
    const entry = { entityId: 'e1', topic: 't', qos: 2 as const, retain: true };
    const a = await addToOutbox(db, { ...entry, text: 'a', createdAt: 1 });
    await addToOutbox(db, { ...entry, text: 'b', createdAt: 2 });
    await addToOutbox(db, { ...entry, text: 'c', createdAt: 3 });
    await removeFromOutbox(db, a);
    db.close();
    db = await openAppDb(name);
    expect((await loadOutbox(db)).map((e) => [e.text, e.qos, e.retain])).to.deep.equal([
      ['b', 2, true],
      ['c', 2, true],
    ]);
  });

  it('restores the settings after reopening', async () => {
    db = await openAppDb(name);
    const config = { ...defaultConfig('client-1'), brokerUrl: 'ws://127.0.0.1:9001' };
    await saveSettings(db, { config, wantsConnection: true, theme: 'dark' });
    db.close();
    db = await openAppDb(name);
    expect(await loadSettings(db)).to.deep.equal({ id: 'app', config, wantsConnection: true, theme: 'dark' });
  });

  it('closes when a newer version of the app opens the database elsewhere', async () => {
    db = await openAppDb(name);
    const newer = await openDB(name, DB_VERSION + 1);
    expect(newer.version).to.equal(DB_VERSION + 1);
    newer.close();
  });
});
