/**
 * The session in its worker, as the app runs it: the same behaviour as in the page, against a
 * real Mosquitto, with the messages handed to the page in batches and none lost.
 */
import { expect } from '@open-wc/testing';
import { SessionError, type Session } from '../../src/mqtt/session.js';
import { WorkerSession } from '../../src/mqtt/worker-session.js';
import { publish, publishLines, startBroker, subscribe, uniqueTopic } from '../support/broker.js';
import { recordingSession, settings } from '../support/session.js';
import { waitUntil } from '../support/wait.js';

describe('MQTT session in its worker', () => {
  const sessions: Session[] = [];
  const inWorker = () => {
    const r = recordingSession({ inWorker: true });
    sessions.push(r.session);
    return r;
  };
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.disconnect({ announce: false })));
  });

  it('connects, subscribes and receives, and the page knows its state at once', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker');
    const r = inWorker();
    expect(r.session.active).to.equal(false);
    await r.session.connect(settings(broker.wsUrl));
    expect(r.session.active).to.equal(true);
    await r.waitForStatus('connected');
    expect(r.session.connected).to.equal(true);
    await r.session.subscribe(topic);
    expect(r.session.subscriptions).to.deep.equal([topic]);
    expect(r.subscribed).to.deep.equal([topic]);
    await publish(topic, 'Grüße aus der Küche 🌡');
    await waitUntil(() => r.messages[0], (m) => m !== undefined, 'a message');
    expect(r.messages[0]).to.deep.equal({ topic, text: 'Grüße aus der Küche 🌡', retained: false });
  });

  it('hands over a burst of 3,000 messages whole and in order', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker-burst');
    const r = inWorker();
    await r.session.subscribe(topic);
    await r.session.connect(settings(broker.wsUrl));
    await waitUntil(() => r.subscribed.length, (n) => n === 1, 'subscribed');
    const lines = Array.from({ length: 3000 }, (_, i) => `message ${i}`);
    await publishLines(topic, lines);
    await waitUntil(() => r.messages.length, (n) => n >= 3000, '3,000 messages', 20_000);
    expect(r.messages.map((m) => m.text)).to.deep.equal(lines);
  });

  it('publishes with QoS 1 to mosquitto_sub, and refuses a bad topic with the reason', async () => {
    const broker = await startBroker();
    const topic = uniqueTopic('worker-publish');
    const sub = await subscribe(topic);
    const r = inWorker();
    await r.session.connect(settings(broker.wsUrl));
    await r.waitForStatus('connected');
    await r.session.publish(topic, 'set from the worker');
    expect(await sub.received(1)).to.deep.equal(['set from the worker']);

    const refusal = await r.session.publish('home/+/light', 'x').catch((error: unknown) => error);
    expect(refusal).to.be.instanceOf(SessionError);
    expect((refusal as Error).message).to.contain('wildcard');
    const badFilter = await r.session.subscribe('home/#/light').catch((error: unknown) => error);
    expect(badFilter).to.be.instanceOf(SessionError);
    expect(r.session.subscriptions).to.deep.equal([]);
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
      { status: (_status, detail) => statuses.push(detail), message: () => {}, subscribed: () => {}, subscribeFailed: () => {} },
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
