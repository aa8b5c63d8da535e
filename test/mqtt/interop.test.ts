/**
 * The brokers people run: the session against Mosquitto (MQTT 3.1.1 and 5), Aedes (the
 * embedded broker of npm start), RabbitMQ 3.10 with Web MQTT and ejabberd's MQTT 5 broker
 * (the one that sends reason strings), each started on free loopback ports. A broker that
 * cannot run on this machine is skipped with the reason.
 */
import { expect } from '@open-wc/testing';
import type { Session } from '../../src/mqtt/session.js';
import {
  brokerUnavailable,
  publish,
  startBroker,
  stopBroker,
  subscribe,
  uniqueTopic,
  type BrokerName,
} from '../support/broker.js';
import { recordingSession, settings } from '../support/session.js';
import { waitUntil } from '../support/wait.js';

interface Case {
  readonly broker: BrokerName;
  readonly label: string;
  readonly protocolVersion: 4 | 5;
  readonly retained: boolean;
}

const MATRIX: Case[] = [
  { broker: 'open', label: 'Mosquitto, MQTT 3.1.1', protocolVersion: 4, retained: true },
  { broker: 'open', label: 'Mosquitto, MQTT 5', protocolVersion: 5, retained: true },
  { broker: 'aedes', label: 'Aedes', protocolVersion: 4, retained: true },
  { broker: 'rabbitmq', label: 'RabbitMQ 3.10 Web MQTT', protocolVersion: 4, retained: false },
  { broker: 'ejabberd', label: 'ejabberd mod_mqtt, MQTT 5', protocolVersion: 5, retained: true },
];

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.disconnect({ announce: false })));
});

async function connected(broker: BrokerName, protocolVersion: 4 | 5, clientId?: string) {
  const { wsUrl, username = '', password = '' } = await startBroker(broker);
  const r = recordingSession();
  sessions.push(r.session);
  await r.session.connect(settings(wsUrl, { protocolVersion, username, password, ...(clientId ? { clientId } : {}) }));
  await r.waitForStatus('connected');
  return r;
}

for (const { broker, label, protocolVersion, retained } of MATRIX) {
  describe(`interop: ${label}`, function () {
    // RabbitMQ takes about 15 s to start.
    this.timeout(90_000);

    before(async function () {
      const reason = await brokerUnavailable(broker);
      if (reason !== null) {
        // Reported as skipped (pending) with the reason, never as passed.
        this.test!.parent!.title += ` (skipped: ${reason})`;
        this.skip();
      }
      await startBroker(broker);
    });

    it('connects, subscribes with QoS 1 and receives what is published', async () => {
      const r = await connected(broker, protocolVersion);
      const topic = uniqueTopic('interop');
      r.session.setFilters([topic]);
      await r.waitForFilter(topic, 'subscribed');
      await publish(topic, `hello from ${label}`, { name: broker, qos: 1 });
      await waitUntil(() => r.messages[0], (m) => m !== undefined, 'a message');
      expect(r.messages[0]).to.include({ topic, text: `hello from ${label}` });
    });

    it('set_state publishes with QoS 1, acknowledged and seen by mosquitto_sub', async () => {
      const r = await connected(broker, protocolVersion);
      const topic = uniqueTopic('interop');
      const sub = await subscribe(topic, broker);
      await r.session.publish(topic, 'ThisIsIt', { qos: 1, retain: false });
      expect(await sub.received(1)).to.deep.equal(['ThisIsIt']);
    });

    if (retained) {
      it('gets the retained message on subscribe', async () => {
        const topic = uniqueTopic('interop');
        await publish(topic, 'kept', { name: broker, retain: true });
        const r = await connected(broker, protocolVersion);
        r.session.setFilters([topic]);
        await waitUntil(() => r.messages[0], (m) => m !== undefined, 'the retained message');
        expect(r.messages[0]).to.include({ text: 'kept', retained: true });
      });
    }
  });
}

describe('interop: RabbitMQ and MQTT 5', function () {
  this.timeout(90_000);

  it('explains that the broker may only speak MQTT 3.1.1', async function () {
    if ((await brokerUnavailable('rabbitmq')) !== null) this.skip();
    const { wsUrl } = await startBroker('rabbitmq');
    const r = recordingSession();
    sessions.push(r.session);
    await r.session.connect(settings(wsUrl, { protocolVersion: 5 }));
    const status = await r.waitForStatus('error');
    expect(status?.detail).to.contain('If the broker only speaks MQTT 3.1.1, choose MQTT version 3.1.1.');
  });
});

describe('interop: ejabberd and MQTT 5 reason strings', function () {
  this.timeout(60_000);

  it('shows the reason string when another client takes over the session, and does not fight back', async function () {
    if ((await brokerUnavailable('ejabberd')) !== null) this.skip();
    const { wsUrl } = await startBroker('ejabberd');
    const clientId = `taken-over-${Date.now()}`;
    const first = await connected('ejabberd', 5, clientId);
    // The same client ID again (a persistent session): the broker closes the first connection
    // and says why.
    const second = await connected('ejabberd', 5, clientId);
    const closed = await waitUntil(first.last, (s) => s?.status !== 'connected', 'the first connection closed');
    expect(closed?.status).to.equal('error');
    expect(closed?.detail).to.equal(
      `${wsUrl} closed the connection: session taken over (“Resumed by another connection”). ` +
        `Another client connected with the client ID “${clientId}”. Give this one its own client ID, or connect again to take the session back.`,
    );
    // No reconnect loop: the first waits for the user, the second keeps the session.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(first.last()?.status).to.equal('error');
    expect(second.last()?.status).to.equal('connected');
  });
});

describe('failover between two brokers', function () {
  this.timeout(60_000);

  it('moves to the second broker when the first goes away, says which, and keeps receiving', async () => {
    const first = await startBroker('failover-a');
    const second = await startBroker('failover-b');
    const topic = uniqueTopic('failover');
    const r = recordingSession();
    sessions.push(r.session);
    r.session.setFilters([topic]);
    await r.session.connect(settings(`${first.wsUrl} ${second.wsUrl}`));
    await r.waitForStatus('connected');
    expect(r.last()?.detail).to.equal(first.wsUrl);

    const lostAt = Date.now();
    await stopBroker('failover-a');
    await waitUntil(r.last, (s) => s?.status === 'connected' && s.detail === second.wsUrl, 'connected to the second', 35_000);
    // Within the backoff cap (about 30 s); in practice the first retry.
    expect(Date.now() - lostAt).to.be.below(31_000);
    await r.waitForFilter(topic, 'subscribed', 10_000);
    await publish(topic, 'from the second broker', { name: 'failover-b' });
    await waitUntil(() => r.messages.at(-1)?.text, (t) => t === 'from the second broker', 'a message via the second broker');
  });
});
