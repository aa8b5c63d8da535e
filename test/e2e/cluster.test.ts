/**
 * A three-node RabbitMQ cluster (Debian's package, classic_config peer discovery, Web MQTT on
 * every node), started once for these tests, the app given the three nodes' addresses. The
 * app's node is the first; its session's QoS 1 queue lives there. Killing that node leaves the
 * survivors unable to subscribe that session at QoS 1: they close the connection at the
 * SUBSCRIBE. The app must say so, carry on at QoS 0, and return to QoS 1 when the node does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { entityCard, openDashboard } from '../support/node/app-page.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPub, mosquittoSub, type Subscriber } from '../support/node/mosquitto.js';
import { startRabbitMQCluster, type RabbitCluster, type RabbitNode } from '../support/node/rabbitmq.js';

const TOPIC = 'edzna/hello';

/** Publishes on `node` until the app shows the message, and says how long that took. */
async function publishUntilShown(page: Page, node: RabbitNode, prefix: string, timeoutMs: number): Promise<number> {
  const start = Date.now();
  const lastMessage = page.getByLabel('Last message');
  for (let n = 1; Date.now() - start < timeoutMs; n++) {
    mosquittoPub(node.tcpPort, TOPIC, `${prefix} ${n}`);
    const shown = await lastMessage
      .getByText(new RegExp(`^${prefix} \\d+$`))
      .waitFor({ timeout: 500 })
      .then(() => true, () => false);
    if (shown) return Date.now() - start;
  }
  throw new Error(`no "${prefix}" message shown within ${timeoutMs} ms`);
}

/** The connection's status line. */
const status = (page: Page) =>
  page.getByRole('status').filter({ hasText: /^(Connected|Connecting|Reconnecting|Error|Disconnected)\b/ }).first();

describe('a three-node RabbitMQ cluster', { timeout: 420_000 }, () => {
  const env = setUpApp({ broker: false });
  let cluster: RabbitCluster;
  let page: Page;
  let appNode: RabbitNode;
  let otherNode: RabbitNode;
  let witnessNode: RabbitNode;
  /** A subscriber on the node that stays up: what the app publishes, as the cluster routes it. */
  let witness: Subscriber;

  before(async () => {
    cluster = await startRabbitMQCluster();
    [appNode, otherNode, witnessNode] = cluster.nodes as [RabbitNode, RabbitNode, RabbitNode];
    witness = await mosquittoSub(witnessNode.tcpPort, TOPIC, { extra: ['-q', '1', '-i', 'cluster-witness'] });
    page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    await page.getByLabel('Broker URL', { exact: true }).fill(cluster.nodes.map((node) => node.wsUrl).join(' '));
    // RabbitMQ 3.10 speaks MQTT 3.1.1 only: the form's default.
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await status(page).getByText(`Connected: ${appNode.wsUrl}`).waitFor({ timeout: 20_000 });
    await openDashboard(page);
    await entityCard(page, 'hello_mqtt').getByText(`Subscribed to ${TOPIC}.`, { exact: true }).waitFor();
  });
  /** Waits until the witness has seen `message`. */
  const seen = async (message: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!witness.messages().includes(message)) {
      if (Date.now() > deadline) throw new Error(`the witness did not see "${message}" within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  after(async () => {
    await page?.close();
    await witness?.stop();
    await cluster?.dispose();
  });

  it('routes across nodes: what is published on another node reaches the app', async () => {
    mosquittoPub(witnessNode.tcpPort, TOPIC, 'from the third node');
    await page.getByLabel('Last message').getByText('from the third node', { exact: true }).waitFor();
  });

  it('loses a node that is not the app’s without the app noticing', async () => {
    await otherNode.kill();
    mosquittoPub(witnessNode.tcpPort, TOPIC, 'with the second node down');
    await page.getByLabel('Last message').getByText('with the second node down', { exact: true }).waitFor();
    await status(page).getByText(`Connected: ${appNode.wsUrl}`, { exact: true }).waitFor({ state: 'visible' });
    // Back for the next test: with one node of three, the cluster has no majority for its
    // client ID registry, and no MQTT client could connect anywhere.
    await otherNode.restart();
  });

  it('loses the app’s own node: says why, naming the node that closed it, and messages flow again within 30 s; a Set state made meanwhile arrives once', async () => {
    const killedAt = Date.now();
    await appNode.kill();
    await page.getByLabel('New state').fill('set during the failover');
    await page.getByRole('button', { name: 'Set state' }).click();

    const flowing = await publishUntilShown(page, witnessNode, 'after the kill', 30_000);
    const recovered = Date.now() - killedAt;
    assert.ok(recovered <= 30_000, `messages flowed again ${recovered} ms after the kill (${flowing} ms of publishing)`);
    console.log(`cluster: messages reached the app again ${recovered} ms after its node was killed`);

    // On a survivor, at QoS 0, and saying so: which node closed the connection, and why.
    const text = await status(page).innerText();
    assert.match(text, /^Connected: ws:\/\/127\.0\.0\.1:\d+\/ws, subscribed at QoS 0: the broker closed the connection at the QoS 1 subscription/);
    const node = cluster.nodes.find((n) => text.includes(n.wsUrl));
    assert.ok(node !== undefined && node !== appNode && node.running, `the status names a live node: ${text}`);
    assert.match(text, /on RabbitMQ, this session’s queue is on a cluster node that is down/);
    assert.match(text, /It is tried again after 30 s, then at doubling intervals up to every 5 min\.$/);
    // The entity says the same, naming the same node.
    await entityCard(page, 'hello_mqtt')
      .getByText(`Subscribed to ${TOPIC}. At QoS 0 for now: ${node.wsUrl} closed the connection at the QoS 1 subscription (on RabbitMQ, this session’s queue is on a cluster node that is down)`)
      .waitFor();
    // RabbitMQ's own words for it, as the issue found them.
    assert.match(node.log(), /home node '.*' of durable queue 'mqtt-subscription-.*qos1' .* is down or inaccessible/);

    await seen('set during the failover', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.deepEqual(
      witness.messages().filter((m) => m === 'set during the failover'),
      ['set during the failover'],
    );
  });

  it('goes back to the normal session when the node returns, sending nothing twice, also what is set while it moves', async () => {
    await appNode.restart();
    // The app tries QoS 1 again 30 s after it went to QoS 0, then 60 s later, then 120 s. Until
    // it is back, a Set state every second or so: some go out at QoS 0's connection, some while
    // it ends that connection, some on the normal session.
    const normal = entityCard(page, 'hello_mqtt').getByText(`Subscribed to ${TOPIC}.`, { exact: true });
    const whileMoving: string[] = [];
    const deadline = Date.now() + 150_000;
    while (!(await normal.isVisible())) {
      assert.ok(Date.now() < deadline, 'back to the normal session within 150 s of the node’s restart');
      const set = `set while returning ${whileMoving.length + 1}`;
      await page.getByLabel('New state').fill(set);
      await page.getByRole('button', { name: 'Set state' }).click();
      whileMoving.push(set);
      await normal.waitFor({ timeout: 1000 }).catch(() => undefined);
    }
    const text = await status(page).innerText();
    assert.match(text, /^Connected: ws:\/\/127\.0\.0\.1:\d+\/ws$/);

    await page.getByLabel('New state').fill('set after the return');
    await page.getByRole('button', { name: 'Set state' }).click();
    await publishUntilShown(page, witnessNode, 'after the return', 10_000);
    await seen('set after the return', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const sets = witness.messages().filter((m) => m.startsWith('set '));
    // Each once, in the order they were set.
    assert.deepEqual(sets, ['set during the failover', ...whileMoving, 'set after the return']);
    console.log(`cluster: ${whileMoving.length} Set states made while the app went back to its normal session, each delivered once`);
  });
});
