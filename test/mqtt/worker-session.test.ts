/**
 * The session in its worker, as the app runs it: the same behaviour as in the page, against a
 * real Mosquitto, with the topics decoded in the worker and handed to the page as one record
 * per changed topic and batch.
 */
import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { loadTopicRecords, openAppDb, saveTopicRecords } from '../../src/db/database.js';
import { SessionError, type Session } from '../../src/mqtt/session.js';
import { createSession, WorkerSession } from '../../src/worker/worker-session.js';
import type { TopicRecord } from '../../src/topics/topic-record.js';
import { publish, publishLines, startBroker, subscribe, uniqueTopic } from '../support/broker.js';
import { recordingWorkerSession, settings } from '../support/session.js';
import { waitUntil, waitUntilAsync } from '../support/wait.js';

describe('MQTT session in its worker', () => {
  const sessions: Session[] = [];
  const inWorker = () => {
    const r = recordingWorkerSession();
    sessions.push(r.session);
    return r;
  };
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.disconnect({ announce: false })));
  });

  it('connects, subscribes and receives a decoded record, and the page knows its state at once', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker');
    const r = inWorker();
    expect(r.session.active).to.equal(false);
    await r.session.connect(settings(broker.wsUrl));
    expect(r.session.active).to.equal(true);
    await r.waitForStatus('connected');
    expect(r.session.connected).to.equal(true);
    r.session.setFilters([topic]);
    await r.waitForFilter(topic, 'subscribed');
    await publish(topic, 'Grüße aus der Küche 🌡');
    const record = await r.waitForRecord(topic);
    expect(record).to.deep.include({ topic, text: 'Grüße aus der Küche 🌡', format: 'text', retained: false, qos: 0, count: 1 });
    expect(record.byteLength).to.equal(new TextEncoder().encode('Grüße aus der Küche 🌡').length);
  });

  it('decodes JSON once, in the worker', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker-json');
    const r = inWorker();
    r.session.setFilters([topic]);
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForFilter(topic, 'subscribed');
    // Tasmota's tele/<topic>/SENSOR of an AM2301 (Tasmota docs, "AM2301" sensor example).
    const payload = '{"Time":"2024-01-01T12:00:00","AM2301":{"Temperature":21.6,"Humidity":48.2,"DewPoint":10.1},"TempUnit":"C"}';
    await publish(topic, payload);
    const record = await r.waitForRecord(topic);
    expect(record.format).to.equal('json');
    expect(record.json).to.deep.equal(JSON.parse(payload));
  });

  it('coalesces a burst of 3,000 messages into one record per topic that counts them all', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker-burst');
    const r = inWorker();
    r.session.setFilters([topic]);
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForFilter(topic, 'subscribed');
    const lines = Array.from({ length: 3000 }, (_, i) => `message ${i}`);
    await publishLines(topic, lines);
    const last = await r.waitForRecord(topic, (record) => record.count === 3000, 20_000);
    expect(last.text).to.equal('message 2999');
    // Far fewer hand-overs than messages: the page works per frame, not per message.
    const handedOver = r.batches.flat().filter((record) => record.topic === topic).length;
    expect(handedOver).to.be.below(3000);
  });

  it('hands over only the topics that changed, each once per batch', async () => {
    const broker = await startBroker();
    const base = uniqueTopic('worker-many');
    const r = inWorker();
    r.session.setFilters([`${base}/#`]);
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForFilter(`${base}/#`, 'subscribed');
    for (let i = 0; i < 5; i++) await publishLines(`${base}/${i}`, ['a', 'b', 'c']);
    await waitUntil(() => r.records.size, (n) => n === 5, 'five topics');
    for (const batch of r.batches) expect(new Set(batch.map((record) => record.topic)).size).to.equal(batch.length);
    expect([...r.records.values()].map((record) => record.count)).to.deep.equal([3, 3, 3, 3, 3]);
  });

  it('saves the records in IndexedDB, and takes in saved counts on the next start', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker-saved');
    const dbName = `test-${crypto.randomUUID()}`;
    const db = await openAppDb(dbName);
    try {
      const earlier: TopicRecord = {
        topic,
        text: 'from yesterday',
        format: 'text',
        byteLength: 14,
        truncated: false,
        receivedAt: 1_700_000_000_000,
        retained: false,
        qos: 1,
        count: 41,
        seq: 0,
      };
      await saveTopicRecords(db, [earlier]);
      const records = new Map<string, TopicRecord>();
      let subscribed = false;
      const session = createSession(
        {
          status: () => undefined,
          records: (batch) => batch.forEach((r) => records.set(r.topic, r)),
          filters: (statuses) => (subscribed = statuses[topic]?.state === 'subscribed'),
          storage: () => undefined,
        },
        { dbName },
      );
      sessions.push(session);
      session.setFilters([topic]);
      await session.connect(settings(broker.wsUrl));
      await waitUntil(() => subscribed, (s) => s, 'subscribed');
      await publish(topic, 'today');
      await waitUntil(() => records.get(topic)?.count, (count) => count === 42, 'the 42nd message');
      const saved = await waitUntilAsync(() => loadTopicRecords(db, [topic]), (found) => found[0]?.text === 'today', 'saved');
      expect(saved[0]?.count).to.equal(42);
    } finally {
      db.close();
      await deleteDB(dbName);
    }
  });

  it('publishes to mosquitto_sub, and refuses a bad topic with the reason', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker-publish');
    const sub = await subscribe(topic);
    const r = inWorker();
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    await r.session.publish(topic, 'set from the worker', { qos: 1, retain: false });
    expect(await sub.received(1)).to.deep.equal(['set from the worker']);

    const refusal = await r.session.publish('home/+/light', 'x', { qos: 1, retain: false }).catch((error: unknown) => error);
    expect(refusal).to.be.instanceOf(SessionError);
    expect((refusal as Error).message).to.contain('wildcard');
  });

  it('says in words when the broker refuses the login, and stops', async () => {
    const broker = await startBroker('auth');
    const r = inWorker();
    await r.session.connect(settings(broker.wsUrl, { username: 'alice', password: 'wrong' }));
    const status = await r.waitForStatus('error');
    expect(status?.detail).to.equal('Broker refused: not authorized.');
    expect(status?.nextAttemptAt).to.equal(null);
  });

  it('disconnects when asked, and the page knows at once', async () => {
    const broker = await startBroker();
    const r = inWorker();
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    const done = r.session.disconnect();
    expect(r.session.connected).to.equal(false);
    expect(r.session.active).to.equal(false);
    await done;
    expect(r.last()?.status).to.equal('disconnected');
  });

  it('says so when the worker cannot run, and fails what waits for it', async () => {
    const statuses: string[] = [];
    const broken = new Worker(URL.createObjectURL(new Blob(['throw new Error("no worker today")'], { type: 'text/javascript' })));
    const session = new WorkerSession(
      { status: (_status, detail) => statuses.push(detail), records: () => {}, filters: () => {}, storage: () => {} },
      broken,
    );
    const connecting = session.connect(settings('ws://127.0.0.1:1')).catch((error: unknown) => error);
    await waitUntil(() => statuses.length, (n) => n > 0, 'a status');
    expect(statuses[0]).to.equal('The MQTT worker could not run. Reload the page to connect again.');
    expect(await connecting).to.be.instanceOf(SessionError);
    expect(session.connected).to.equal(false);
    broken.terminate();
  });
});
