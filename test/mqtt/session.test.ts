import { expect } from '@open-wc/testing';
import { MqttSession, type ConnectionSettings, type ConnectionStatus } from '../../src/mqtt/session.js';
import { freePort, publish, startBroker, subscribe, uniqueTopic } from '../support/broker.js';
import { waitUntil } from '../support/wait.js';

/** A session against a real Mosquitto, recording what it reports. */
function recordingSession() {
  const statuses: { status: ConnectionStatus; detail: string }[] = [];
  const messages: { topic: string; text: string; retained: boolean }[] = [];
  const subscribed: string[] = [];
  const session = new MqttSession({
    status: (status, detail) => statuses.push({ status, detail }),
    message: (topic, payload, retained) => messages.push({ topic, text: new TextDecoder().decode(payload), retained }),
    subscribed: (filters) => subscribed.push(...filters),
  });
  const last = () => statuses[statuses.length - 1];
  const waitForStatus = (status: ConnectionStatus) =>
    waitUntil(last, (s) => s?.status === status, `status ${status}`);
  return { session, statuses, messages, subscribed, last, waitForStatus };
}

const settings = (url: string, extra: Partial<ConnectionSettings> = {}): ConnectionSettings => ({
  url,
  clientId: `session-test-${crypto.randomUUID().slice(0, 8)}`,
  keepalive: 60,
  username: '',
  password: '',
  ...extra,
});

describe('MQTT session against Mosquitto', () => {
  const sessions: MqttSession[] = [];
  const track = (r: ReturnType<typeof recordingSession>) => (sessions.push(r.session), r);
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.disconnect({ announce: false })));
  });

  it('connects and says so, naming the broker', async () => {
    const broker = await startBroker();
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    expect(r.statuses[0]).to.deep.equal({ status: 'connecting', detail: broker.wsUrl });
    await r.waitForStatus('connected');
    expect(r.last()?.detail).to.equal(broker.wsUrl);
  });

  it('receives what mosquitto_pub publishes on a subscribed topic', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    await r.session.subscribe(topic);
    expect(r.subscribed).to.deep.equal([topic]);
    await publish(topic, 'ThisIsIt');
    await waitUntil(() => r.messages[0], (m) => m !== undefined, 'first message');
    expect(r.messages[0]).to.deep.equal({ topic, text: 'ThisIsIt', retained: false });
  });

  it('gets the retained message on subscribe, marked retained', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    await publish(topic, 'kept', { retain: true });
    const r = track(recordingSession());
    await r.session.subscribe(topic);
    await r.session.connect(settings(broker.wsUrl));
    await waitUntil(() => r.messages[0], (m) => m !== undefined, 'retained message');
    expect(r.messages[0]).to.deep.equal({ topic, text: 'kept', retained: true });
  });

  it('publishes text that mosquitto_sub receives', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic();
    const sub = await subscribe(topic);
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    await r.session.publish(topic, 'from the browser');
    expect(await sub.received(1)).to.deep.equal(['from the browser']);
  });

  it('refuses to publish while not connected, saying why', async () => {
    const r = track(recordingSession());
    let error: Error | undefined;
    await r.session.publish('edzna/hello', 'x').catch((e: Error) => (error = e));
    expect(error?.message).to.match(/Not connected/);
  });

  it('refuses an invalid topic before sending anything', async () => {
    const r = track(recordingSession());
    let error: Error | undefined;
    await r.session.subscribe('home/#/x').catch((e: Error) => (error = e));
    expect(error?.message).to.match(/# must be the last level/);
  });

  it('reports an unreachable broker in plain words', async () => {
    const url = `ws://127.0.0.1:${await freePort()}`;
    const r = track(recordingSession());
    await r.session.connect(settings(url));
    const status = await r.waitForStatus('error');
    expect(status?.detail).to.contain(`Cannot reach ${url}`);
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

  it('says Disconnected after disconnect', async () => {
    const broker = await startBroker();
    const r = track(recordingSession());
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    await r.session.disconnect();
    expect(r.last()).to.deep.equal({ status: 'disconnected', detail: '' });
    expect(r.session.connected).to.equal(false);
  });
});
