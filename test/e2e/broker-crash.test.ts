/**
 * A broker crash in the middle of a burst: 1,000 QoS 1 messages are published while
 * Mosquitto (with persistence) is killed with SIGKILL and restarted. The app must come back
 * by itself, end up showing the last message, and have recorded each message once.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { setUpApp } from '../support/node/e2e-setup.js';
import { countLossAndDuplicates, recordFigure } from '../support/node/figures.js';
import { mosquittoSub, type Subscriber } from '../support/node/mosquitto.js';

const TOPIC = 'edzna/burst';

/** Every text the app's history holds for a topic, oldest first, read from IndexedDB in the page. */
async function historyTexts(page: Page, topic: string): Promise<string[]> {
  return page.evaluate(
    (topic) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('hello-mqtt');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const range = IDBKeyRange.bound([topic, -Infinity, -Infinity], [topic, Infinity, Infinity]);
          const get = open.result.transaction('history').objectStore('history').getAll(range);
          get.onsuccess = () => {
            resolve((get.result as { texts: string[] }[]).flatMap((chunk) => chunk.texts));
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    topic,
  );
}
const COUNT = 1000;
const CLIENT_ID = 'crash-test-app';

describe('a broker killed during a burst of 1,000 QoS 1 messages', { timeout: 120_000 }, () => {
  const env = setUpApp({ broker: { persistence: true } });
  let page: Page;
  let witness: Subscriber;

  before(async () => {
    witness = await mosquittoSub(env.broker.tcpPort, TOPIC, { persistentId: 'crash-witness' });
    page = await env.browser.context.newPage();
  });
  after(async () => {
    // Kept for reading after a failure: what the broker did with each client.
    writeFileSync('test-results/broker-crash-mosquitto.log', env.broker.log());
    await witness?.stop();
  });

  it('comes back by itself and shows the last message', async () => {
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}&topic=${TOPIC}&client_id=${CLIENT_ID}`);
    await page.getByText(`Subscribed to ${TOPIC}.`).waitFor();
    // Mosquitto writes sessions to disk every second (autosave_interval 1); a SIGKILL loses
    // what came after the last save. Wait for a save that includes the app's session, as it
    // would be for an app that has been open a while.
    const saves = () => env.broker.log().split('Saving in-memory database').length;
    const before = saves();
    while (saves() < before + 2) await new Promise((resolve) => setTimeout(resolve, 100));

    // A persistent QoS 1 publisher: mqtt.js resends what the broker had not acknowledged.
    const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${env.broker.tcpPort}`, {
      clientId: 'crash-test-publisher',
      clean: false,
      reconnectPeriod: 200,
    });
    const sent = Array.from({ length: COUNT }, (_, i) => `burst ${i + 1}`);
    // Paced (about 2 ms apart) so that the kill lands in the middle of the burst, not after it.
    const acknowledged: Promise<unknown>[] = [];
    let crash: Promise<void> | undefined;
    for (const [index, text] of sent.entries()) {
      acknowledged.push(publisher.publishAsync(TOPIC, text, { qos: 1 }));
      if (index === Math.floor(COUNT / 3)) crash = env.broker.kill().then(() => env.broker.restart());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await crash;
    await Promise.all(acknowledged);
    await publisher.endAsync();

    await page.getByRole('status').getByText('Connected').waitFor({ timeout: 40_000 });
    await page.getByLabel('Last message').getByText(`burst ${COUNT}`, { exact: true }).waitFor({ timeout: 40_000 });

    await new Promise((resolve) => setTimeout(resolve, 2000));
    const received = witness.messages();
    const { lost, duplicates } = countLossAndDuplicates(sent, received);
    const connections = env.broker.log().split('\n').filter((line) => line.includes(` as ${CLIENT_ID} `)).length;
    recordFigure({ test: 'broker SIGKILL during 1,000 QoS 1 messages (mosquitto_sub witness)', sent: COUNT, received: received.length, lost, duplicates, connections });
    assert.equal(received.at(-1), `burst ${COUNT}`);
    assert.ok(connections >= 2 && connections <= 5, `the app reconnected without a storm: ${connections} connections`);
  });

  it('recorded every message in its history once, as the witness received them', async () => {
    // What the broker kept through the kill (all of it, unless a second of its sessions was lost).
    const expected = [...new Set(witness.messages())];
    let kept: string[] = [];
    const deadline = Date.now() + 20_000;
    do {
      kept = await historyTexts(page, TOPIC);
      if (kept.length >= expected.length) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } while (Date.now() < deadline);
    assert.equal(new Set(kept).size, kept.length, 'no message recorded twice');
    assert.deepEqual([...kept].sort(), [...expected].sort());
    if (expected.length === COUNT) assert.equal(kept.length, COUNT);
  });
});
