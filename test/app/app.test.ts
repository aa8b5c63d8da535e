import { expect } from '@open-wc/testing';
import { createApp } from '../../src/app/app.js';
import type { TabLink, TabMessage } from '../../src/app/tabs.js';
import type { Session } from '../../src/mqtt/session.js';
import { createSession } from '../../src/mqtt/worker-session.js';
import { createAppStore, defaultConfig, entityState, initialState, type AppStore } from '../../src/store/app-state.js';
import { pauseBroker, publish, resumeBroker, startBroker, subscribe, uniqueTopic } from '../support/broker.js';
import { waitUntil } from '../support/wait.js';

/** The whole app without views, against a real Mosquitto. */
function startApp(topic: string, store: AppStore = createAppStore(initialState({ topic }))) {
  // The session runs in its worker, as in the app.
  return createApp({ store, db: null, createSession });
}

const connected = (store: AppStore) =>
  waitUntil(() => store.getState().connection, (c) => c.status === 'connected', 'connected');

describe('the app against Mosquitto', () => {
  const apps: ReturnType<typeof startApp>[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.dispose()));
  });

  it('shows No messages, then what mosquitto_pub sends to the topic', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const app = startApp(topic);
    apps.push(app);
    expect(entityState(app.store.getState())).to.equal('No messages');
    expect(await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl })).to.equal(null);
    await waitUntil(() => app.store.getState().subscribed, (s) => s, 'subscribed');
    await publish(topic, 'ThisIsIt');
    await waitUntil(() => entityState(app.store.getState()), (state) => state === 'ThisIsIt', 'ThisIsIt');
    expect(app.store.getState().lastMessage?.topic).to.equal(topic);
  });

  it('set_state publishes to the topic, seen by mosquitto_sub', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const sub = await subscribe(topic);
    const app = startApp(topic);
    apps.push(app);
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await connected(app.store);
    await app.commands.setState('ThisIsIt');
    expect(await sub.received(1)).to.deep.equal(['ThisIsIt']);
    const outbox = await waitUntil(() => app.store.getState().outbox, (o) => o[0]?.state === 'sent', 'sent');
    expect(outbox.map((i) => [i.text, i.state])).to.deep.equal([['ThisIsIt', 'sent']]);
  });

  it('queues set_state while not connected and sends it, in order, once connected', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const sub = await subscribe(topic);
    const app = startApp(topic);
    apps.push(app);
    await app.commands.setState('first');
    await app.commands.setState('second');
    expect(app.store.getState().outbox.map((i) => [i.text, i.state])).to.deep.equal([
      ['first', 'queued'],
      ['second', 'queued'],
    ]);
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    expect(await sub.received(2)).to.deep.equal(['first', 'second']);
  });

  it('puts a message back in the queue when Disconnect cuts it off before its PUBACK', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('edzna');
    const app = startApp(topic);
    apps.push(app);
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await connected(app.store);
    await pauseBroker();
    try {
      await app.commands.setState('unconfirmed');
      await waitUntil(() => app.store.getState().outbox[0]?.state, (s) => s === 'sending', 'sending');
      await app.commands.disconnect();
      const outbox = await waitUntil(() => app.store.getState().outbox, (o) => o[0]?.state === 'queued', 'queued again');
      expect(outbox.map((i) => i.text)).to.deep.equal(['unconfirmed']);
    } finally {
      await resumeBroker();
    }
  });

  it('lets a queued message be cancelled before it is sent', async () => {
    const app = startApp(uniqueTopic());
    apps.push(app);
    await app.commands.setState('never mind');
    const [item] = app.store.getState().outbox;
    await app.commands.cancelQueued(item!.id);
    expect(app.store.getState().outbox).to.deep.equal([]);
  });

  it('refuses set_state on a topic with wildcards, queueing nothing', async () => {
    const app = startApp('home/#');
    apps.push(app);
    await app.commands.setState('x');
    expect(app.store.getState().publishProblem).to.equal('Cannot publish to a topic with wildcards (+ or #).');
    expect(app.store.getState().outbox).to.deep.equal([]);
  });

  it('moves to another topic and follows it', async () => {
    const broker = await startBroker();
    const first = uniqueTopic();
    const second = uniqueTopic();
    const app = startApp(first);
    apps.push(app);
    await app.commands.connect({ ...defaultConfig(), brokerUrl: broker.wsUrl });
    await connected(app.store);
    await app.commands.changeTopic(second);
    expect(app.store.getState().topic).to.equal(second);
    expect(app.store.getState().subscribed).to.equal(true);
    await publish(first, 'old topic');
    await publish(second, 'new topic');
    await waitUntil(() => entityState(app.store.getState()), (s) => s === 'new topic', 'new topic');
  });

  it('refuses an invalid topic with the reason and keeps the old one', async () => {
    const app = startApp('edzna/hello');
    apps.push(app);
    await app.commands.changeTopic('home/#/x');
    expect(app.store.getState().topic).to.equal('edzna/hello');
    expect(app.store.getState().topicProblem).to.match(/# must be the last level/);
  });

  it('refuses a connection with a bad configuration and says which field', async () => {
    const app = startApp('edzna/hello');
    apps.push(app);
    const problem = await app.commands.connect({ ...defaultConfig(), brokerUrl: 'ws://host:9001', keepalive: -1 });
    expect(problem?.field).to.equal('keepalive');
    expect(app.store.getState().connection.status).to.equal('error');
  });
});

describe('the app in an https page', () => {
  it('refuses ws:// and explains that the browser blocks it', async () => {
    const app = createApp({ store: createAppStore(), db: null, createSession, pageProtocol: 'https:' });
    const problem = await app.commands.connect({ ...defaultConfig(), brokerUrl: 'ws://192.168.1.10:9001' });
    expect(problem?.field).to.equal('brokerUrl');
    expect(problem?.reason).to.match(/served over https, so the browser blocks unencrypted ws:\/\/.*wss:\/\//);
    expect(app.store.getState().connection.detail).to.equal(problem?.reason);
    await app.dispose();
  });
});

describe('the app as one of several tabs', () => {
  /** The tabs' side of the link, driven by the test: it says when this tab leads or not. */
  function tabLink() {
    const posted: TabMessage[] = [];
    let tell: (leading: boolean) => void = () => undefined;
    const link: TabLink = {
      onLeadership: (listener) => (tell = listener),
      post: (message) => posted.push(message),
      onMessage: () => undefined,
    };
    return { link, posted, tell: (leading: boolean) => tell(leading) };
  }

  function startTab(brokerUrl: string, link: TabLink) {
    const sessions: Session[] = [];
    const store = createAppStore(
      initialState({ topic: uniqueTopic('edzna'), config: { ...defaultConfig(), brokerUrl }, wantsConnection: true }),
    );
    const app = createApp({
      store,
      db: null,
      tabs: link,
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
    await connected(app.store);
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
    expect(app.store.getState().connection.status).to.not.equal('connected');
    await app.dispose();
  });
});
