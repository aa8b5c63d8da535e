import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { createApp, type AppOptions } from '../../src/app/app.js';
import type { TabLink, TabMessage } from '../../src/app/tabs.js';
import { loadEntities, openAppDb, saveTopicRecords, type AppDB } from '../../src/db/database.js';
import { createEntity, type Entity } from '../../src/entities/entity.js';
import type { Session } from '../../src/mqtt/session.js';
import { createAppStores, type InitialState } from '../../src/store/app-stores.js';
import { defaultConfig } from '../../src/store/connection.js';
import { TopicStore } from '../../src/topics/topic-store.js';
import { createSession } from '../../src/worker/worker-session.js';
import { pauseBroker, publish, resumeBroker, startBroker, subscribe, uniqueTopic } from '../support/broker.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { waitUntil, waitUntilAsync } from '../support/wait.js';

type TestApp = ReturnType<typeof createApp>;

/** The whole app without views. By default its session runs in its worker, against Mosquitto. */
function startApp(entities: readonly Entity[], options: Partial<AppOptions> & { initial?: InitialState } = {}) {
  const stores = createAppStores({ entities, ...options.initial });
  const topics = new TopicStore();
  return createApp({ stores, topics, db: null, createSession, ...options });
}


const connected = (app: TestApp) =>
  waitUntil(() => app.stores.connection.getState().status, (s) => s === 'connected', 'connected');
const subscribedTo = (app: TestApp, filter: string) =>
  waitUntil(() => app.stores.connection.getState().filters[filter]?.state, (s) => s === 'subscribed', `subscribed to ${filter}`);
const shown = (app: TestApp, topic: string) => app.topics.get(topic)?.text;

describe('the app against Mosquitto', () => {
  const apps: TestApp[] = [];
  const track = (app: TestApp) => (apps.push(app), app);
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.dispose()));
  });

  it('shows nothing for an entity before its first message, then what mosquitto_pub sends', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const app = track(startApp([createEntity('hello_mqtt', topic)]));
    expect(app.topics.get(topic)).to.equal(undefined);
    expect(await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl })).to.equal(null);
    await subscribedTo(app, topic);
    await publish(topic, 'ThisIsIt');
    await waitUntil(() => shown(app, topic), (text) => text === 'ThisIsIt', 'ThisIsIt');
  });

  it('follows every topic of an entity on a filter, each with its own last message', async () => {
    const broker = await startBroker();
    const base = uniqueTopic('home');
    const app = track(startApp([createEntity('Temperatures', `${base}/+/temp`), createEntity('Hall', `${base}/hall/temp`)]));
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await subscribedTo(app, `${base}/+/temp`);
    // The narrower entity is delivered through the wider filter, and gets its messages.
    expect(app.stores.connection.getState().filters[`${base}/hall/temp`]?.via).to.equal(`${base}/+/temp`);
    for (const room of ['kitchen', 'hall', 'garage']) await publish(`${base}/${room}/temp`, `${room} 21`);
    await waitUntil(() => app.topics.view(`${base}/+/temp`).records.size, (n) => n === 3, 'three topics');
    expect(shown(app, `${base}/hall/temp`)).to.equal('hall 21');
    expect(app.topics.view(`${base}/hall/temp`).records.size).to.equal(1);
  });

  it('publishes from an entity to its topic, seen by mosquitto_sub', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const sub = await subscribe(topic);
    const entity = createEntity('hello_mqtt', topic);
    const app = track(startApp([entity]));
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await connected(app);
    await app.commands.publish(entity.id, 'ThisIsIt');
    expect(await sub.received(1)).to.deep.equal(['ThisIsIt']);
    const items = await waitUntil(() => app.stores.outbox.getState().items, (o) => o[0]?.state === 'sent', 'sent');
    expect(items.map((i) => [i.text, i.state, i.qos])).to.deep.equal([['ThisIsIt', 'sent', 1]]);
  });

  it('publishes with the entity’s QoS 2 and retain flag: a later mosquitto_sub gets it retained', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const entity = createEntity('Lamp', topic, { publishQos: 2, publishRetain: true });
    const app = track(startApp([entity]));
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await connected(app);
    await app.commands.publish(entity.id, 'ON');
    await waitUntil(() => app.stores.outbox.getState().items[0]?.state, (s) => s === 'sent', 'sent');
    const { publishes } = await (await subscribe(topic, 'open', 2)).publishes(1);
    expect(publishes).to.deep.equal([{ topic, qos: 2, retain: true, bytes: 2 }]);
  });

  it('queues what is published while not connected and sends it, in order, once connected', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const sub = await subscribe(topic);
    const entity = createEntity('hello_mqtt', topic);
    const app = track(startApp([entity]));
    await app.commands.publish(entity.id, 'first');
    await app.commands.publish(entity.id, 'second');
    expect(app.stores.outbox.getState().items.map((i) => [i.text, i.state])).to.deep.equal([
      ['first', 'queued'],
      ['second', 'queued'],
    ]);
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    expect(await sub.received(2)).to.deep.equal(['first', 'second']);
  });

  it('sends a QoS 0 message queued while offline exactly once when connected', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const sub = await subscribe(topic);
    const entity = createEntity('Fire and forget', topic, { publishQos: 0 });
    const app = track(startApp([entity]));
    await app.commands.publish(entity.id, 'once');
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await waitUntil(() => app.stores.outbox.getState().items[0]?.state, (s) => s === 'sent', 'sent');
    await publish(topic, 'marker');
    // mosquitto_sub sees the marker after the app's message: had it gone twice, the second
    // would stand before the marker.
    expect(await sub.received(2)).to.deep.equal(['once', 'marker']);
  });

  it('puts a message back in the queue when Disconnect cuts it off before its PUBACK', async () => {
    const broker = await startBroker();
    const entity = createEntity('hello_mqtt', uniqueTopic('edzna'));
    const app = track(startApp([entity]));
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await connected(app);
    await pauseBroker();
    try {
      await app.commands.publish(entity.id, 'unconfirmed');
      await waitUntil(() => app.stores.outbox.getState().items[0]?.state, (s) => s === 'sending', 'sending');
      await app.commands.disconnect();
      const items = await waitUntil(() => app.stores.outbox.getState().items, (o) => o[0]?.state === 'queued', 'queued again');
      expect(items.map((i) => i.text)).to.deep.equal(['unconfirmed']);
    } finally {
      await resumeBroker();
    }
  });

  it('moves an entity to another topic and follows the new one only', async () => {
    const broker = await startBroker();
    const [first, second] = [uniqueTopic(), uniqueTopic()];
    const entity = createEntity('hello_mqtt', first);
    const app = track(startApp([entity]));
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await subscribedTo(app, first);
    app.commands.openEntityForm(entity.id);
    app.commands.draftEntityForm({ ...app.stores.drafts.getState().entityForm!.draft, topic: second });
    expect(await app.commands.saveEntityForm()).to.equal(null);
    await subscribedTo(app, second);
    expect(Object.keys(app.stores.connection.getState().filters)).to.deep.equal([second]);
    await publish(first, 'old topic');
    await publish(second, 'new topic');
    await waitUntil(() => shown(app, second), (text) => text === 'new topic', 'new topic');
    expect(app.topics.get(first)).to.equal(undefined);
  });

  it('refuses a connection with a bad configuration and says which field', async () => {
    const app = track(startApp([]));
    const problem = await app.commands.connect({ ...defaultConfig(), brokerUrl: 'ws://host:9001', keepalive: -1 });
    expect(problem?.field).to.equal('keepalive');
    expect(app.stores.connection.getState().status).to.equal('error');
  });
});

describe('the app’s entities', () => {
  it('adds an entity, refusing an invalid filter and a duplicate name with the reason', async () => {
    const { app } = startFakeApp([createEntity('Kitchen', 'home/kitchen')]);
    app.commands.openEntityForm(null);
    const form = () => app.stores.drafts.getState().entityForm!;
    app.commands.draftEntityForm({ ...form().draft, name: 'kitchen', topic: 'home/#/x' });
    expect((await app.commands.saveEntityForm())?.field).to.equal('name');
    app.commands.draftEntityForm({ ...form().draft, name: 'Hall' });
    expect(await app.commands.saveEntityForm()).to.deep.include({ field: 'topic' });
    app.commands.draftEntityForm({ ...form().draft, topic: ' home/hall/# ' });
    expect(await app.commands.saveEntityForm()).to.equal(null);
    expect(app.stores.entities.getState().list.map((e) => [e.name, e.topic])).to.deep.equal([
      ['Kitchen', 'home/kitchen'],
      ['Hall', 'home/hall/#'],
    ]);
    expect(app.stores.drafts.getState().entityForm).to.equal(null);
    await app.dispose();
  });

  it('removes an entity with an Undo that puts it back, and forgets it once Undo is gone', async () => {
    const [a, b] = [createEntity('A', 'a'), createEntity('B', 'b')];
    const { app, session } = startFakeApp([a, b], { undoMs: 100 });
    await app.start({ connect: false });
    await app.commands.removeEntity(a.id);
    expect(session.filters).to.deep.equal(['b']);
    expect(app.stores.entities.getState().removed?.entity.name).to.equal('A');
    await app.commands.undoRemove();
    expect(app.stores.entities.getState().list.map((e) => e.name)).to.deep.equal(['A', 'B']);
    expect(session.filters).to.deep.equal(['a', 'b']);
    await app.commands.removeEntity(b.id);
    await waitUntil(() => app.stores.entities.getState().removed, (r) => r === null, 'the Undo offer gone');
    expect(app.stores.entities.getState().list.map((e) => e.name)).to.deep.equal(['A']);
    await app.dispose();
  });

  it('saves every change of the entities, in order', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const db: AppDB = await openAppDb(name);
    try {
      const [a, b, c] = [createEntity('A', 'a'), createEntity('B', 'b'), createEntity('C', 'c')];
      const { app } = startFakeApp([a, b, c], { db });
      await app.commands.moveEntity(c.id, 0);
      await app.commands.removeEntity(a.id);
      expect((await loadEntities(db)).map((e) => e.name)).to.deep.equal(['C', 'B']);
      await app.dispose();
    } finally {
      db.close();
      await deleteDB(name);
    }
  });

  it('refuses to publish from an entity on a filter until a topic is given, then publishes there', async () => {
    const entity = createEntity('Lights', 'home/+/light');
    const { app, session } = startFakeApp([entity]);
    await app.start({ connect: false });
    session.goOnline();
    await app.commands.publish(entity.id, 'ON');
    expect(app.stores.outbox.getState().problems[entity.id]).to.equal(
      'Enter the topic to publish to: home/+/light is a filter, and messages go to one topic.',
    );
    app.commands.draftPublish(entity.id, { topic: 'home/+/x' });
    await app.commands.publish(entity.id, 'ON');
    expect(app.stores.outbox.getState().problems[entity.id]).to.equal('Cannot publish to a topic with wildcards (+ or #).');
    app.commands.draftPublish(entity.id, { topic: 'home/hall/light' });
    await app.commands.publish(entity.id, 'ON');
    await waitUntil(() => session.published.length, (n) => n === 1, 'published');
    expect(session.published[0]).to.deep.equal({ topic: 'home/hall/light', text: 'ON', options: { qos: 1, retain: false } });
    await app.dispose();
  });

  it('handles a flood of 10,000 topics as records, without losing the entity’s own', async () => {
    const entity = createEntity('Everything', 'site/#');
    const hello = createEntity('hello_mqtt', 'site/42/hello');
    const { app, session } = startFakeApp([entity, hello]);
    session.deliver(Array.from({ length: 10_000 }, (_, i) => topicRecord(`site/${i}/hello`, `v${i}`)));
    expect(app.topics.view('site/#').records.size).to.equal(10_000);
    expect(app.topics.view('site/42/hello').records.get('site/42/hello')?.text).to.equal('v42');
    await app.dispose();
  });

  it('shows a refused filter’s reason on its entity', async () => {
    const entity = createEntity('Secrets', 'secret/#');
    const { app, session } = startFakeApp([entity]);
    session.reportFilters({ 'secret/#': { state: 'refused', reason: 'Not subscribed to secret/#: not authorized.', via: 'secret/#' } });
    expect(app.stores.connection.getState().filters['secret/#']?.reason).to.equal('Not subscribed to secret/#: not authorized.');
    await app.dispose();
  });

  it('restores saved records when an entity starts following a new filter', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const db = await openAppDb(name);
    try {
      await saveTopicRecords(db, [topicRecord('garden/pond', 'saved earlier')]);
      const { app } = startFakeApp([], { db });
      app.commands.openEntityForm(null);
      app.commands.draftEntityForm({ ...app.stores.drafts.getState().entityForm!.draft, name: 'Pond', topic: 'garden/#' });
      await app.commands.saveEntityForm();
      await waitUntilAsync(async () => app.topics.get('garden/pond')?.text, (t) => t === 'saved earlier', 'restored');
      await app.dispose();
    } finally {
      db.close();
      await deleteDB(name);
    }
  });
});

describe('the app in an https page', () => {
  it('refuses ws:// and explains that the browser blocks it', async () => {
    const app = startApp([], { pageProtocol: 'https:' });
    const problem = await app.commands.connect({ ...defaultConfig(), brokerUrl: 'ws://192.168.1.10:9001' });
    expect(problem?.field).to.equal('brokerUrl');
    expect(problem?.reason).to.match(/served over https, so the browser blocks unencrypted ws:\/\/.*wss:\/\//);
    expect(app.stores.connection.getState().detail).to.equal(problem?.reason);
    await app.dispose();
  });
});

describe('the app as one of several tabs', () => {
  /** The tabs' side of the link, driven by the test: it says when this tab leads or not. */
  function tabLink() {
    const posted: TabMessage[] = [];
    let tell: (leading: boolean) => void = () => undefined;
    let hear: (message: TabMessage) => void = () => undefined;
    const link: TabLink = {
      onLeadership: (listener) => (tell = listener),
      post: (message) => posted.push(message),
      onMessage: (listener) => (hear = listener),
    };
    return { link, posted, tell: (leading: boolean) => tell(leading), hear: (message: TabMessage) => hear(message) };
  }

  function startTab(brokerUrl: string, link: TabLink) {
    const sessions: Session[] = [];
    const app = startApp([createEntity('hello_mqtt', uniqueTopic('edzna'))], {
      tabs: link,
      initial: { connection: { config: { ...defaultConfig(), brokerUrl }, wantsConnection: true } },
      createSession: (listener) => {
        const session = createSession(listener);
        sessions.push(session);
        return session;
      },
    });
    return { app, session: () => sessions[0]! };
  }

  it('connects when it becomes the leader, and lets the connection go when it steps down', async () => {
    const broker = await startBroker();
    const tabs = tabLink();
    const { app, session } = startTab(broker.wsUrl, tabs.link);
    void app.start({ connect: false });
    expect(session().active).to.equal(false);
    tabs.tell(true);
    await connected(app);
    tabs.tell(false);
    expect(session().active).to.equal(false);
    // Once its connection is closed, it asks the leader for its state, and to send what this
    // tab left unconfirmed.
    const posted = await waitUntil(() => tabs.posted.slice(-2), (last) => last[1]?.type === 'outbox-changed', 'asked');
    expect(posted).to.deep.equal([{ type: 'hello' }, { type: 'outbox-changed' }]);
    await app.dispose();
  });

  it('told to step down while it is still taking the lead, does not connect', async () => {
    const broker = await startBroker();
    const tabs = tabLink();
    const { app, session } = startTab(broker.wsUrl, tabs.link);
    void app.start({ connect: false });
    tabs.tell(true);
    tabs.tell(false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(session().active).to.equal(false);
    expect(app.stores.connection.getState().status).to.not.equal('connected');
    await app.dispose();
  });

  it('as the leader, answers a new tab with everything, then passes on only the topics that change', async () => {
    const tabs = tabLink();
    const { app, session } = startFakeApp([createEntity('All', 'home/#')], { tabs: tabs.link });
    void app.start({ connect: false });
    tabs.tell(true);
    session.deliver([topicRecord('home/a', '1'), topicRecord('home/b', '2')]);
    // No follower yet: nothing is posted per batch.
    expect(tabs.posted.filter((m) => m.type === 'records')).to.deep.equal([]);
    tabs.hear({ type: 'hello' });
    const snapshot = tabs.posted.filter((m) => m.type === 'records').at(-1);
    expect(snapshot?.type === 'records' && snapshot.records.map((r) => r.topic)).to.deep.equal(['home/a', 'home/b']);
    session.deliver([topicRecord('home/b', '3')]);
    const change = tabs.posted.at(-1);
    expect(change?.type === 'records' && change.records.map((r) => [r.topic, r.text])).to.deep.equal([['home/b', '3']]);
    await app.dispose();
  });

  it('as a new leader, asks the tabs that followed another one to say hello, and then passes on its topics', async () => {
    const tabs = tabLink();
    const { app, session } = startFakeApp([createEntity('All', 'home/#')], { tabs: tabs.link });
    void app.start({ connect: false });
    tabs.tell(true);
    expect(tabs.posted.some((m) => m.type === 'leading')).to.equal(true);
    tabs.hear({ type: 'hello' });
    session.deliver([topicRecord('home/a', 'after the handover')]);
    const last = tabs.posted.at(-1);
    expect(last?.type === 'records' && last.records.map((r) => r.text)).to.deep.equal(['after the handover']);
    await app.dispose();
  });

  it('as a follower, says hello to a tab that takes the lead', async () => {
    const tabs = tabLink();
    const { app } = startFakeApp([createEntity('All', 'home/#')], { tabs: tabs.link });
    void app.start({ connect: false });
    tabs.tell(false);
    await new Promise((resolve) => setTimeout(resolve));
    tabs.posted.length = 0;
    tabs.hear({ type: 'leading' });
    expect(tabs.posted).to.deep.equal([{ type: 'hello' }]);
    await app.dispose();
  });

  it('as a follower, shows the leader’s topics and connection, and takes entity changes from any tab', async () => {
    const tabs = tabLink();
    const { app } = startFakeApp([createEntity('All', 'home/#')], { tabs: tabs.link });
    void app.start({ connect: false });
    tabs.tell(false);
    tabs.hear({ type: 'records', records: [topicRecord('home/a', 'from the leader')] });
    expect(app.topics.get('home/a')?.text).to.equal('from the leader');
    const leaderConnection = { ...app.stores.connection.getState(), status: 'connected' as const, detail: 'ws://leader' };
    tabs.hear({ type: 'connection', connection: leaderConnection });
    expect(app.stores.connection.getState().detail).to.equal('ws://leader');
    tabs.hear({ type: 'entities', list: [createEntity('Garden', 'garden/#')] });
    expect(app.stores.entities.getState().list.map((e) => e.name)).to.deep.equal(['Garden']);
    // Topics no entity follows any more go.
    expect(app.topics.get('home/a')).to.equal(undefined);
    await app.dispose();
  });
});
