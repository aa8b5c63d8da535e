/**
 * Nothing lost: what the user sets while the broker is down waits in the durable outbox,
 * survives a reload, and reaches subscribers in order, once each, when the broker returns.
 * Real Mosquitto with persistence, real Chromium, real IndexedDB.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { setUpApp } from '../support/node/e2e-setup.js';
import { countLossAndDuplicates, recordFigure } from '../support/node/figures.js';
import { mosquittoSub, type Subscriber } from '../support/node/mosquitto.js';

const TOPIC = 'edzna/outbox';
const COUNT = 50;

describe('set_state while the broker is down', { timeout: 120_000 }, () => {
  const env = setUpApp({ broker: { persistence: true } });
  let page: Page;
  let subscriber: Subscriber;

  before(async () => {
    // A persistent QoS 1 subscriber: the broker keeps what arrives while it reconnects.
    subscriber = await mosquittoSub(env.broker.tcpPort, TOPIC, { persistentId: 'outbox-witness' });
    page = await env.browser.context.newPage();
  });
  after(async () => {
    await subscriber?.stop();
  });

  it(`queues ${COUNT} messages, keeps them across a reload, and delivers them in order once each`, async () => {
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}&topic=${TOPIC}`);
    await page.getByText(`Subscribed to ${TOPIC}.`).waitFor();
    await env.broker.stop();
    await page.getByRole('status').getByText(/Error|Reconnecting/).waitFor();

    const input = page.getByLabel('New state');
    for (let i = 1; i <= COUNT; i++) {
      await input.fill(`message ${i}`);
      await input.press('Enter');
    }
    await page.getByText(`${COUNT} messages waiting to be sent.`).waitFor();

    await page.reload();
    await page.getByText(`${COUNT} messages waiting to be sent.`).waitFor();
    assert.equal(await page.getByRole('list', { name: 'Outbox' }).getByRole('listitem').count(), COUNT);

    await env.broker.restart();
    const expected = Array.from({ length: COUNT }, (_, i) => `message ${i + 1}`);
    assert.deepEqual(await subscriber.waitFor(COUNT, 60_000), expected);
    await page.getByText(`Sent “message ${COUNT}” to ${TOPIC}.`).waitFor({ timeout: 30_000 });
    // Nothing more arrives: once each.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const received = subscriber.messages();
    const { lost, duplicates } = countLossAndDuplicates(expected, received);
    const connections = env.broker.log().split('\n').filter((line) => /New client connected .* as hello-mqtt-/.test(line)).length;
    recordFigure({ test: `${COUNT} × Set state with the broker down, then a reload`, sent: COUNT, received: received.length, lost, duplicates, connections });
    assert.equal(received.length, COUNT);
  });

  it('a queued message can be cancelled and is never sent', async () => {
    await env.broker.stop();
    await page.getByRole('status').getByText(/Error|Reconnecting/).waitFor();
    await page.getByLabel('New state').fill('cancel me');
    await page.getByRole('button', { name: 'Set state' }).click();
    await page.getByLabel('New state').fill('keep me');
    await page.getByRole('button', { name: 'Set state' }).click();
    await page.getByRole('button', { name: 'Cancel “cancel me”' }).click();
    await page.getByText('1 message waiting to be sent.').waitFor();
    await env.broker.restart();
    const messages = await subscriber.waitFor(COUNT + 1, 60_000);
    assert.equal(messages.at(-1), 'keep me');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.ok(!subscriber.messages().includes('cancel me'));
  });
});
