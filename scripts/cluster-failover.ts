/**
 * Measures, on a real three-node RabbitMQ cluster (Debian's package), the two ways to carry on
 * when the node that holds a session's QoS 1 queue dies and the survivors close the connection
 * at every QoS 1 SUBSCRIBE of that session:
 *   - qos0:  the same client ID, subscribed again at QoS 0 (what the app does), and
 *   - fresh: a new client ID, a new persistent session at QoS 1.
 * A subscriber follows each rule as the app's session does; a publisher on a third node sends a
 * numbered QoS 1 message every 20 ms throughout. Prints a table; the README's Clusters part
 * quotes it. Run: npx tsx scripts/cluster-failover.ts
 */
import mqtt, { type MqttClient } from 'mqtt';
import { startRabbitMQCluster, type RabbitCluster, type RabbitNode } from '../test/support/node/rabbitmq.js';

type Strategy = 'qos0' | 'fresh';

interface Outcome {
  readonly strategy: Strategy;
  /** From the SIGKILL of the subscriber's node to the first message after it. */
  readonly firstMessageAfterKillMs: number;
  /** Messages published between the kill and that first message that never arrived. */
  readonly lostInFailover: number;
  /** From the node's return (ready) to the subscriber's own QoS 1 session working again. */
  readonly backToSessionMs: number;
  /** Of the messages published while the subscriber was away for a second, on its stand-in: how many it got later. */
  readonly keptWhileAway: string;
  /** Messages received twice around the return. */
  readonly duplicates: number;
  /** Queues the stand-in leaves on the broker unless it removes them (a clean connect). */
  readonly standInQueues: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  /** Subscribed, or null when the connection closed first. */
  readonly client: MqttClient | null;
  /** The broker accepted the connection and closed it at the SUBSCRIBE. */
  readonly closedAtSubscribe: boolean;
}

function connectAndSubscribe(url: string, clientId: string, topic: string, qos: 0 | 1, onMessage: (seq: number) => void) {
  return new Promise<Attempt>((resolve) => {
    const client = mqtt.connect(url, { clientId, clean: false, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 });
    let accepted = false;
    client.on('message', (_topic, payload) => onMessage(Number(payload.toString())));
    client.once('close', () => resolve({ client: null, closedAtSubscribe: accepted }));
    client.once('error', () => client.end(true));
    client.once('connect', () => {
      accepted = true;
      client.subscribe(topic, { qos }, (error) => {
        if (error) client.end(true);
        else {
          client.removeAllListeners('close');
          resolve({ client, closedAtSubscribe: false });
        }
      });
    });
  });
}

async function subscribeUntilDone(url: string, clientId: string, topic: string, onMessage: (seq: number) => void, qos: 0 | 1 = 1) {
  for (let tries = 0; tries < 200; tries++) {
    const { client } = await connectAndSubscribe(url, clientId, topic, qos, onMessage);
    if (client !== null) return client;
    await sleep(100);
  }
  throw new Error(`no session ${clientId} on ${url}`);
}

async function measure(cluster: RabbitCluster, strategy: Strategy): Promise<Outcome> {
  const [home, survivor, third] = cluster.nodes as [RabbitNode, RabbitNode, RabbitNode];
  const topic = `failover/${strategy}`;
  const baseId = `failover-${strategy}`;
  const received = new Map<number, number>();
  const receivedAt = new Map<number, number>();
  const onMessage = (seq: number) => {
    received.set(seq, (received.get(seq) ?? 0) + 1);
    if (!receivedAt.has(seq)) receivedAt.set(seq, Date.now());
  };

  let client: MqttClient | null = await subscribeUntilDone(home.wsUrl, baseId, topic, onMessage);

  const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${third.tcpPort}`, { clientId: `pub-${strategy}`, clean: true });
  const sentAt = new Map<number, number>();
  let seq = 0;
  let publishing = true;
  const publishingDone = (async () => {
    while (publishing) {
      seq++;
      sentAt.set(seq, Date.now());
      await publisher.publishAsync(topic, String(seq), { qos: 1 }).catch(() => undefined);
      await sleep(20);
    }
  })();
  await sleep(1000);

  const killedAt = Date.now();
  await home.kill();
  client.end(true);
  // Follow the rule: QoS 1 on the survivor first; when it closes at the SUBSCRIBE, the strategy.
  let id = baseId;
  let qos: 0 | 1 = 1;
  client = null;
  for (let tries = 0; client === null; tries++) {
    if (tries > 200) throw new Error(`${strategy}: no session on the survivor`);
    const attempt = await connectAndSubscribe(survivor.wsUrl, id, topic, qos, onMessage);
    client = attempt.client;
    if (attempt.closedAtSubscribe) {
      if (strategy === 'qos0') qos = 0;
      else id = `${baseId}-${tries}`;
    } else if (client === null) {
      await sleep(100);
    }
  }
  while (![...receivedAt.values()].some((at) => at > killedAt)) await sleep(10);
  const firstAfter = Math.min(...[...receivedAt.values()].filter((at) => at > killedAt));
  const firstSeqAfter = [...receivedAt.entries()].find(([, at]) => at === firstAfter)![0];
  const lostInFailover = [...sentAt.keys()].filter((n) => sentAt.get(n)! > killedAt && n < firstSeqAfter && !received.has(n)).length;

  // Away for a second on the stand-in (the app closed, the phone asleep), then back the same way.
  await client.endAsync();
  const awayFrom = seq;
  await sleep(1000);
  const awayTo = seq;
  client = await subscribeUntilDone(survivor.wsUrl, id, topic, onMessage, qos);
  await sleep(500);
  let kept = 0;
  for (let n = awayFrom + 1; n <= awayTo; n++) if (received.has(n)) kept++;
  const keptWhileAway = `${kept} of ${awayTo - awayFrom}`;
  const standInQueues = cluster
    .ctl('list_queues', 'name', '--silent')
    .split('\n')
    .filter((name) => name.startsWith(`mqtt-subscription-${id}q`) && id !== baseId).length;

  await sleep(1000);
  await home.restart();
  const backAt = Date.now();
  // Back to the subscriber's own session at QoS 1: end the stand-in politely, connect again.
  const standIn = client;
  await standIn.endAsync();
  if (strategy === 'fresh' && id !== baseId) {
    // The stand-in's queue would stay on the broker for good: a clean connect removes it.
    const cleanup = await mqtt.connectAsync(survivor.wsUrl, { clientId: id, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
    await cleanup.endAsync();
  }
  client = await subscribeUntilDone(survivor.wsUrl, baseId, topic, onMessage);
  const backToSessionMs = Date.now() - backAt;
  await sleep(2000);
  publishing = false;
  await publishingDone;
  await sleep(1000);
  await client.endAsync();
  await publisher.endAsync();
  const duplicates = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
  return {
    strategy,
    firstMessageAfterKillMs: firstAfter - killedAt,
    lostInFailover,
    keptWhileAway,
    backToSessionMs,
    duplicates,
    standInQueues,
  };
}

const cluster = await startRabbitMQCluster();
try {
  const outcomes: Outcome[] = [];
  for (const strategy of ['qos0', 'fresh'] as const) outcomes.push(await measure(cluster, strategy));
  const columns: [string, (o: Outcome) => string][] = [
    ['strategy', (o) => o.strategy],
    ['first message after the kill', (o) => `${o.firstMessageAfterKillMs} ms`],
    ['lost in the failover', (o) => String(o.lostInFailover)],
    ['kept while away 1 s', (o) => o.keptWhileAway],
    ['stand-in queues left', (o) => String(o.standInQueues)],
    ['back to the QoS 1 session', (o) => `${o.backToSessionMs} ms`],
    ['duplicates at the return', (o) => String(o.duplicates)],
  ];
  console.log(`\n| ${columns.map(([name]) => name).join(' | ')} |`);
  console.log(`|${columns.map(() => '---').join('|')}|`);
  for (const o of outcomes) console.log(`| ${columns.map(([, cell]) => cell(o)).join(' | ')} |`);
} finally {
  await cluster.dispose();
}
