import { expect } from '@open-wc/testing';
import type { Session } from '../../src/mqtt/session.js';
import { recordingSession, recordingWorkerSession, settings } from '../support/session.js';
import {
  freePort,
  publish,
  publishLines,
  restartBroker,
  silentWebSocketServer,
  startBroker,
  subscribe,
  uniqueTopic,
} from '../support/broker.js';
import { waitUntil } from '../support/wait.js';

describe('MQTT session against Mosquitto', () => {
  const sessions: Session[] = [];
  const track = <R extends { session: Session }>(r: R) => (sessions.push(r.session), r);
  const QOS1 = { qos: 1, retain: false } as const;
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.disconnect({ announce: false })));
  });
  /** A session connected to a broker of its own, and mosquitto_sub on a topic of its own there. */
  const connectedBesideSubscriber = async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const sub = await subscribe(topic);
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    return { topic, sub, r };
  };

  it('connects and says so, naming the broker', async () => {
    const broker = await startBroker();
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    expect(r.statuses[0]).to.deep.equal({ status: 'connecting', detail: broker.wsUrl, nextAttemptAt: null });
    await r.waitForStatus('connected');
    expect(r.last()?.detail).to.equal(broker.wsUrl);
  });

  it('receives what mosquitto_pub publishes on a subscribed topic', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    r.session.setFilters([topic]);
    await r.waitForFilter(topic, 'subscribed');
    expect(r.filters()).to.deep.equal({ [topic]: { state: 'subscribed', reason: '', via: topic } });
    await publish(topic, 'ThisIsIt');
    await waitUntil(() => r.messages[0], (m) => m !== undefined, 'first message');
    expect(r.messages[0]).to.deep.equal({ topic, text: 'ThisIsIt', retained: false, qos: 0 });
  });

  it('gets the retained message on subscribe, marked retained', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    await publish(topic, 'kept', { retain: true });
    const r = track(recordingSession());
    r.session.setFilters([topic]);
    expect(r.filters()[topic]?.state).to.equal('waiting');
    await r.session.connect(settings(broker.wsUrl));
    await waitUntil(() => r.messages[0], (m) => m !== undefined, 'retained message');
    expect(r.messages[0]).to.deep.equal({ topic, text: 'kept', retained: true, qos: 0 });
  });

  it('publishes text that mosquitto_sub receives', async () => {
    const { topic, sub, r } = await connectedBesideSubscriber();
    await r.session.publish(topic, 'from the browser', QOS1);
    expect(await sub.received(1)).to.deep.equal(['from the browser']);
  });

  it('sends a publish on the socket at once, not after the tasks already waiting (a flood of messages)', async () => {
    const { topic, sub, r } = await connectedBesideSubscriber();
    // What a flood leaves the thread: 20 tasks of 10 ms each, queued before the click.
    let backlogRan = 0;
    let backlogDoneAt = 0;
    for (let i = 0; i < 20; i++) {
      setTimeout(() => {
        const until = performance.now() + 10;
        while (performance.now() < until);
        backlogRan++;
        backlogDoneAt = performance.now();
      }, 0);
    }
    const send = WebSocket.prototype.send;
    let sentAt = 0;
    WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
      sentAt ||= performance.now();
      send.call(this, data);
    };
    try {
      await r.session.publish(topic, 'at once', { qos: 0, retain: false });
    } finally {
      WebSocket.prototype.send = send;
    }
    expect(await sub.received(1)).to.deep.equal(['at once']);
    await waitUntil(() => backlogRan, (n) => n === 20, 'the waiting tasks');
    expect(sentAt, 'sent before the waiting tasks ran').to.be.greaterThan(0).and.lessThan(backlogDoneAt);
  });

  it('publishes with QoS 2 and retained: a later mosquitto_sub gets it with the retain flag', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    await r.session.publish(topic, 'kept for later', { qos: 2, retain: true });
    const { publishes, messages } = await (await subscribe(topic, 'open', 2)).publishes(1);
    expect(messages).to.deep.equal(['kept for later']);
    expect(publishes).to.deep.equal([{ topic, qos: 2, retain: true, bytes: 14 }]);
  });

  it('refuses to publish while not connected, saying why', async () => {
    const r = track(recordingSession());
    let error: Error | undefined;
    await r.session.publish('edzna/hello', 'x', QOS1).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/Not connected/);
  });

  it('refuses an invalid filter with the reason, and subscribes the valid ones', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const r = track(recordingSession());
    r.session.setFilters(['home/#/x', topic]);
    expect(r.filters()['home/#/x']).to.deep.include({ state: 'refused' });
    expect(r.filters()['home/#/x']?.reason).to.match(/# must be the last level/);
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForFilter(topic, 'subscribed');
    expect(r.filters()['home/#/x']?.state).to.equal('refused');
  });

  it('subscribes a filter covered by a wider one only through the wider one', async () => {
    const broker = await startBroker();
    const base = uniqueTopic();
    const r = track(recordingSession());
    r.session.setFilters([`${base}/#`, `${base}/kitchen`, `${base}/+/temp`]);
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForFilter(`${base}/kitchen`, 'subscribed');
    expect(r.filters()).to.deep.equal({
      [`${base}/#`]: { state: 'subscribed', reason: '', via: `${base}/#` },
      [`${base}/kitchen`]: { state: 'subscribed', reason: '', via: `${base}/#` },
      [`${base}/+/temp`]: { state: 'subscribed', reason: '', via: `${base}/#` },
    });
    await publish(`${base}/kitchen`, 'once');
    await publish(`${base}/hall/temp`, 'also once');
    await waitUntil(() => r.messages.length, (n) => n >= 2, 'two messages');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.messages.map((m) => m.text)).to.deep.equal(['once', 'also once']);
  });

  it('subscribes what is newly wanted and unsubscribes what no longer is', async () => {
    const broker = await startBroker();
    const [first, second] = [uniqueTopic(), uniqueTopic()];
    const r = track(recordingSession());
    r.session.setFilters([first]);
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForFilter(first, 'subscribed');
    r.session.setFilters([second]);
    await r.waitForFilter(second, 'subscribed');
    expect(Object.keys(r.filters())).to.deep.equal([second]);
    // The UNSUBSCRIBE went out before the SUBSCRIBE: nothing more comes on the old topic.
    await publish(first, 'old topic');
    await publish(second, 'new topic');
    await waitUntil(() => r.messages.length, (n) => n >= 1, 'a message');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.messages.map((m) => m.text)).to.deep.equal(['new topic']);
  });

  it('subscribes 120 filters in chunks, and all of them deliver', async () => {
    const broker = await startBroker();
    const base = uniqueTopic();
    const filters = Array.from({ length: 120 }, (_, i) => `${base}/${i}`);
    const r = track(recordingSession());
    r.session.setFilters(filters);
    await r.session.connect(settings(broker.wsUrl));
    await waitUntil(() => Object.values(r.filters()).filter((s) => s.state === 'subscribed').length, (n) => n === 120, '120 subscribed');
    await publish(`${base}/119`, 'the last');
    await waitUntil(() => r.messages[0]?.text, (text) => text === 'the last', 'a message on the last filter');
  });

  it('reports a filter the broker refuses (ACL) with its reason, while the others keep receiving, also after a reconnect', async function () {
    this.timeout(30_000);
    const broker = await startBroker('acl');
    const allowed = uniqueTopic('test');
    const refused = uniqueTopic('secret');
    const r = track(recordingSession());
    r.session.setFilters([refused, allowed]);
    await r.session.connect(settings(broker.wsUrl));
    const refusal = await r.waitForFilter(refused, 'refused');
    expect(refusal?.reason).to.equal(
      `Not subscribed to ${refused}: the broker refused it (often its access control does not allow this filter).`,
    );
    await r.waitForFilter(allowed, 'subscribed');
    await publish(allowed, 'still flowing', { name: 'acl' });
    await waitUntil(() => r.messages[0]?.text, (text) => text === 'still flowing', 'a message on the allowed filter');

    await restartBroker('acl');
    await r.waitForStatus('reconnecting');
    await r.waitForStatus('connected');
    await r.waitForFilter(allowed, 'subscribed', 10_000);
    await r.waitForFilter(refused, 'refused');
    await publish(allowed, 'after the reconnect', { name: 'acl' });
    await waitUntil(() => r.messages.at(-1)?.text, (text) => text === 'after the reconnect', 'a message after the reconnect');
  });

  it('when a wide filter is refused, subscribes the narrower ones it covered on their own', async () => {
    const broker = await startBroker('acl');
    const allowed = uniqueTopic('test');
    const r = track(recordingSession());
    r.session.setFilters(['#', allowed]);
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForFilter('#', 'refused');
    const status = await r.waitForFilter(allowed, 'subscribed');
    expect(status?.via).to.equal(allowed);
    await publish(allowed, 'delivered all the same', { name: 'acl' });
    await waitUntil(() => r.messages[0]?.text, (text) => text === 'delivered all the same', 'a message');
  });

  it('reports an unreachable broker in plain words, with the time of the next try', async () => {
    const url = `ws://127.0.0.1:${await freePort()}`;
    const r = track(recordingSession());
    const before = Date.now();
    await r.session.connect(settings(url));
    const status = await r.waitForStatus('error');
    expect(status?.detail).to.contain(`Cannot reach ${url}`);
    // The first retry comes after 0.5 to 1 s (backoff from 1 s with jitter).
    expect(status?.nextAttemptAt).to.be.within(before + 500, Date.now() + 1000);
  });

  it('backs off between failed tries instead of retrying in a tight loop', async () => {
    const url = `ws://127.0.0.1:${await freePort()}`;
    const r = track(recordingSession());
    await r.session.connect(settings(url));
    await new Promise((resolve) => setTimeout(resolve, 3400));
    const tries = r.statuses.filter((s) => s.nextAttemptAt !== null);
    // Delays of 0.5–1, 1–2 and 2–4 s (jittered): the fourth try comes at 3.5 s at the
    // earliest, where a fixed 1 s period would have made four in 3.4 s.
    expect(tries.length).to.be.within(2, 3);
    const gaps = tries.slice(1).map((t, i) => t.nextAttemptAt! - tries[i]!.nextAttemptAt!);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).to.be.greaterThan(gaps[i - 1]! * 0.6);
  });

  it('backs off, and says why, when another client keeps taking its client ID (MQTT 3.1.1)', async function () {
    this.timeout(20_000);
    const broker = await startBroker();
    const shared = settings(broker.wsUrl);
    // Two clients with one ID: the broker closes the older connection, without a word in 3.1.1.
    const first = track(recordingSession());
    const second = track(recordingSession());
    await first.session.connect(shared);
    await first.waitForStatus('connected');
    await second.session.connect(shared);
    await new Promise((resolve) => setTimeout(resolve, 9000));
    const connects = [...first.statuses, ...second.statuses].filter((s) => s.status === 'connected').length;
    // Retrying each loss after 0.5–1 s, they would have thrown each other out 10 times or more.
    expect(connects).to.be.within(4, 8);
    const explained = [...first.statuses, ...second.statuses].find((s) => s.detail.includes('client ID'));
    expect(explained?.detail).to.contain(`Another client may be using the client ID “${shared.clientId}”`);
    expect(explained?.status).to.equal('reconnecting');
  });

  it('keeps a persistent session: QoS 1 messages sent while away arrive on return', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const clientId = `persistent-${crypto.randomUUID().slice(0, 8)}`;
    const first = track(recordingSession());
    await first.session.connect(settings(broker.wsUrl, { clientId }));
    await first.waitForStatus('connected');
    first.session.setFilters([topic]);
    await first.waitForFilter(topic, 'subscribed');
    await first.session.disconnect();
    await publish(topic, 'while you were away', { qos: 1 });
    const back = track(recordingSession());
    back.session.setFilters([topic]);
    await back.session.connect(settings(broker.wsUrl, { clientId }));
    await waitUntil(() => back.messages[0], (m) => m !== undefined, 'the message kept by the broker');
    expect(back.messages[0]?.text).to.equal('while you were away');
  });

  it('starts afresh with a clean session', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const clientId = `clean-${crypto.randomUUID().slice(0, 8)}`;
    const first = track(recordingSession());
    await first.session.connect(settings(broker.wsUrl, { clientId, cleanSession: true }));
    await first.waitForStatus('connected');
    first.session.setFilters([topic]);
    await first.waitForFilter(topic, 'subscribed');
    await first.session.disconnect();
    await publish(topic, 'lost by design', { qos: 1 });
    const back = track(recordingSession());
    await back.session.connect(settings(broker.wsUrl, { clientId, cleanSession: true }));
    await back.waitForStatus('connected');
    back.session.setFilters([topic]);
    await back.waitForFilter(topic, 'subscribed');
    await publish(topic, 'after return');
    await waitUntil(() => back.messages[0], (m) => m !== undefined, 'a message');
    expect(back.messages.map((m) => m.text)).to.deep.equal(['after return']);
  });

  it('explains a TLS failure: wss:// to a listener without TLS', async () => {
    const broker = await startBroker();
    const url = broker.wsUrl.replace('ws://', 'wss://');
    const r = track(recordingSession());
    await r.session.connect(settings(url));
    const status = await r.waitForStatus('error');
    expect(status?.detail).to.contain(`Cannot reach ${url}`);
    expect(status?.detail).to.contain('TLS certificate is not trusted by this browser');
  });

  it('says when the server at the URL is not an MQTT broker', async () => {
    const url = await silentWebSocketServer();
    const r = track(recordingSession({ connectTimeoutMs: 1000 }));
    await r.session.connect(settings(url));
    const status = await r.waitForStatus('error');
    expect(status?.detail).to.equal(`${url} accepted the connection but did not answer as an MQTT broker. Check the port and path.`);
  });

  it('reports a wrong URL without trying to connect', async () => {
    const r = track(recordingSession());
    await r.session.connect(settings('http://localhost:9001'));
    expect(r.statuses).to.have.length(1);
    expect(r.last()?.status).to.equal('error');
    expect(r.last()?.detail).to.match(/must start with ws:\/\/ or wss:\/\//);
  });

  it('reports a wrong password as refused and stops retrying', async () => {
    const broker = await startBroker('auth');
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl, { username: 'alice', password: 'wrong' }));
    const status = await r.waitForStatus('error');
    expect(status?.detail).to.equal('Broker refused: not authorized.');
    const count = r.statuses.length;
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(r.statuses.length, 'no reconnect attempts after a refusal').to.equal(count);
  });

  it('connects with the right user name and password', async () => {
    const broker = await startBroker('auth');
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl, { username: 'alice', password: 'wonderland' }));
    await r.waitForStatus('connected');
  });

  it('keeps one client when Connect is pressed twice in a row', async () => {
    const broker = await startBroker();
    const r = track(recordingSession());
    const same = settings(broker.wsUrl);
    void r.session.connect(same);
    await r.session.connect(same);
    await r.waitForStatus('connected');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // Two clients with one ID would knock each other off: the status would leave Connected.
    expect(r.last()?.status).to.equal('connected');
    expect(r.statuses.filter((s) => s.status === 'reconnecting')).to.deep.equal([]);
  });

  it('leaves a last will that the broker publishes when the connection drops', async () => {
    const broker = await startBroker();
    const willTopic = uniqueTopic('will');
    const sub = await subscribe(willTopic);
    const r = track(recordingSession());
    await r.session.connect(
      settings(broker.wsUrl, { will: { topic: willTopic, payload: 'offline', qos: 1, retain: false } }),
    );
    await r.waitForStatus('connected');
    // The network goes, with no DISCONNECT: as when a phone loses Wi-Fi.
    (r.session as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
    expect(await sub.received(1)).to.deep.equal(['offline']);
  });

  it('says Disconnected after disconnect', async () => {
    const broker = await startBroker();
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    await r.session.disconnect();
    expect(r.last()).to.deep.equal({ status: 'disconnected', detail: '', nextAttemptAt: null });
    expect(r.session.connected).to.equal(false);
  });

  it('stays connected while it works through a backlog longer than its keepalive', async function () {
    this.timeout(60_000);
    // The broker's answer to a ping waits behind every message queued before it. A flood the
    // session (in its worker, as in the app) needs several keepalives to read must not be
    // taken for a dead connection: reconnecting would lose the QoS 0 messages meanwhile.
    const broker = await startBroker('unbounded');
    const topic = uniqueTopic();
    const r = track(recordingWorkerSession());
    await r.session.connect(settings(broker.wsUrl, { keepalive: 2 }));
    await r.waitForStatus('connected');
    r.session.setFilters([topic]);
    await r.waitForFilter(topic, 'subscribed');
    const lines = Array.from({ length: 60_000 }, (_, i) => `message ${i}`);
    await publishLines(topic, lines, 'unbounded');
    await waitUntil(
      () => r.records.get(topic)?.count ?? 0,
      (n) => n >= lines.length || r.last()?.status !== 'connected',
      'the backlog',
      50_000,
    );
    expect(r.statuses.map((s) => s.status), JSON.stringify(r.statuses)).to.deep.equal(['connecting', 'connected']);
    // Coalesced in the worker: one record, which counted every message, ends on the last.
    expect(r.records.get(topic)?.count).to.equal(lines.length);
    expect(r.records.get(topic)?.text).to.equal(lines.at(-1));
  });
});
