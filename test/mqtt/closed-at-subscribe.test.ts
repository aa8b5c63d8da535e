/**
 * A broker that accepts the connection and closes it at the SUBSCRIBE, told apart from one
 * that cannot be reached. The real case is a RabbitMQ cluster whose node holding the session's
 * queue is down (test/e2e/cluster.test.ts); here one real RabbitMQ node does the same when
 * QoS 1 subscription queues are refused to the user, and allowing them is the node's return.
 */
import { expect } from '@open-wc/testing';
import { closeCause, SUBSCRIBE_CLOSE_WINDOW_MS } from '../../src/mqtt/close-cause.js';
import type { Session } from '../../src/mqtt/session.js';
import { rabbitmqQos1Queues, startBroker, uniqueTopic } from '../support/broker.js';
import { recordingSession, settings } from '../support/session.js';
import { waitUntil } from '../support/wait.js';

describe('why a connection closed', () => {
  it('never accepted: unreachable, whatever was pending', () => {
    expect(closeCause({ accepted: false, unansweredFilters: [], msSinceSubscribe: Infinity })).to.equal('unreachable');
    expect(closeCause({ accepted: false, unansweredFilters: ['a'], msSinceSubscribe: 5 })).to.equal('unreachable');
  });

  it('accepted, then closed right after a SUBSCRIBE with no SUBACK: closed at the subscribe', () => {
    expect(closeCause({ accepted: true, unansweredFilters: ['home/#'], msSinceSubscribe: 4 })).to.equal('closed-at-subscribe');
    expect(closeCause({ accepted: true, unansweredFilters: ['a', 'b'], msSinceSubscribe: SUBSCRIBE_CLOSE_WINDOW_MS })).to.equal(
      'closed-at-subscribe',
    );
  });

  it('accepted, with every SUBSCRIBE answered, or one long unanswered: lost', () => {
    expect(closeCause({ accepted: true, unansweredFilters: [], msSinceSubscribe: Infinity })).to.equal('lost');
    expect(closeCause({ accepted: true, unansweredFilters: ['a'], msSinceSubscribe: SUBSCRIBE_CLOSE_WINDOW_MS + 1 })).to.equal('lost');
  });
});

describe('RabbitMQ closing the connection at a QoS 1 SUBSCRIBE', function () {
  this.timeout(120_000);
  const sessions: Session[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.disconnect({ announce: false })));
    await rabbitmqQos1Queues(true);
  });

  it('says that the broker closed it at the subscribe, naming it, and goes on at QoS 0 on the same broker', async () => {
    const { wsUrl } = await startBroker('rabbitmq');
    const login = await rabbitmqQos1Queues(false);
    const topic = uniqueTopic('queue-down');
    const r = recordingSession();
    sessions.push(r.session);
    r.session.setFilters([topic]);
    await r.session.connect(settings(wsUrl, login));

    const closed = await waitUntil(r.last, (s) => s?.status === 'reconnecting' && s.detail.includes('closed it when asked'), 'the close explained');
    expect(closed!.detail).to.equal(
      `${wsUrl} accepted the connection, then closed it when asked to subscribe to ${topic} (no SUBACK came). ` +
        'The broker is up, so this is not the network. On RabbitMQ this usually means that this session’s queue lives on a cluster node that is down. Subscribing at QoS 0 instead.',
    );
    expect(r.statuses.some((s) => s.detail.startsWith('Cannot reach')), 'never called unreachable').to.equal(false);

    await r.waitForFilter(topic, 'subscribed', 20_000);
    expect(r.filters()[topic]!.reason).to.equal(
      `At QoS 0 for now: ${wsUrl} closed the connection at the QoS 1 subscription (on RabbitMQ, this session’s queue is on a cluster node that is down), so messages published while the app is away are not kept.`,
    );
    expect(r.last()!.status).to.equal('connected');
    expect(r.last()!.detail).to.match(new RegExp(`^${wsUrl}, subscribed at QoS 0`));

    await r.session.publish(topic, 'through the QoS 0 subscription', { qos: 1, retain: false });
    await waitUntil(() => r.messages.find((m) => m.text === 'through the QoS 0 subscription'), (m) => m !== undefined, 'the message');
  });

  it('goes back to QoS 1 when the broker allows it again, with nothing it published lost or repeated', async () => {
    const { wsUrl } = await startBroker('rabbitmq');
    const login = await rabbitmqQos1Queues(false);
    const topic = uniqueTopic('queue-back');
    const r = recordingSession({ qos1RetryFirstMs: 1500 });
    sessions.push(r.session);
    r.session.setFilters([topic]);
    await r.session.connect(settings(wsUrl, login));
    await waitUntil(() => r.filters()[topic], (s) => s?.state === 'subscribed' && s.reason !== '', 'QoS 0', 20_000);

    // Published as the outbox does, one after another, again after a failure, straight
    // through a failed try of QoS 1, the queue's return and the successful try.
    let sending = true;
    const sent: string[] = [];
    const sender = (async () => {
      for (let n = 1; sending || n <= 3; n++) {
        const text = `m${n}`;
        for (;;) {
          try {
            await r.session.publish(topic, text, { qos: 1, retain: false });
            break;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        sent.push(text);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    // One try of QoS 1 fails (the queue is still refused), then the queue is allowed.
    await waitUntil(() => r.statuses.filter((s) => s.detail.includes('trying the normal session')).length, (n) => n >= 1, 'a try of QoS 1', 20_000);
    await waitUntil(() => r.filters()[topic], (s) => s?.state === 'subscribed' && s.reason !== '', 'QoS 0 again', 20_000);
    await rabbitmqQos1Queues(true);
    await waitUntil(() => r.filters()[topic], (s) => s?.state === 'subscribed' && s.reason === '', 'QoS 1', 30_000);
    expect(r.last()).to.deep.include({ status: 'connected', detail: wsUrl });
    sending = false;
    await sender;
    const last = sent[sent.length - 1];
    await waitUntil(() => r.messages.find((m) => m.text === last), (m) => m !== undefined, 'the last message', 10_000);
    const received = r.messages.filter((m) => m.topic === topic).map((m) => m.text);
    expect(received.filter((text, i) => received.indexOf(text) !== i), 'repeated').to.deep.equal([]);
    const after = received.slice(received.indexOf(sent[0]!));
    expect(after, 'everything sent, once, in order').to.deep.equal(sent);
  });
  it('going back to QoS 1 right after a PUBACK still gets that message back', async () => {
    const { wsUrl } = await startBroker('rabbitmq');
    const login = await rabbitmqQos1Queues(false);
    const topic = uniqueTopic('queue-echo');
    // The queue stays refused: every try of QoS 1 fails and the session is back at QoS 0.
    // Tries come quickly (20 ms, doubling) while publishes go out back to back, so that some
    // try ends the QoS 0 connection right after a PUBACK, before that message came back on it.
    const r = recordingSession({ qos1RetryFirstMs: 20 });
    sessions.push(r.session);
    r.session.setFilters([topic]);
    await r.session.connect(settings(wsUrl, login));
    await waitUntil(() => r.filters()[topic], (s) => s?.state === 'subscribed' && s.reason !== '', 'QoS 0', 20_000);
    const confirmed: string[] = [];
    const tries = () => r.statuses.filter((s) => s.detail.includes('trying the normal session')).length;
    for (let n = 0; tries() < 6; n++) {
      try {
        await r.session.publish(topic, `e${n}`, { qos: 1, retain: false });
        confirmed.push(`e${n}`);
      } catch {
        // Not sent: the connection was being renewed or was down.
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await waitUntil(() => r.filters()[topic], (s) => s?.state === 'subscribed' && s.reason !== '', 'QoS 0 again', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const received = new Set(r.messages.filter((m) => m.topic === topic).map((m) => m.text));
    expect(confirmed.length, 'published').to.be.greaterThan(10);
    expect(confirmed.filter((text) => !received.has(text)), 'confirmed by the broker, never delivered back').to.deep.equal([]);
  });
});
