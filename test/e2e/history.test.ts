/**
 * History kept on the device: messages recorded from a real Mosquitto, charted, exported as
 * files the test reads back, and still there after a reload with the broker down and the
 * network off (the service worker serves the app, IndexedDB the history), and after the
 * browser is quit and started again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { addEntity, entityCard } from '../support/node/app-page.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPubAsync, mosquittoPubLines, UNBOUNDED_QUEUES } from '../support/node/mosquitto.js';

/** How many messages of a topic the history holds, read from IndexedDB as the page sees it. */
async function keptCount(page: Page, topic: string): Promise<number> {
  return page.evaluate(
    (topic) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('hello-mqtt');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('historyTopics').objectStore('historyTopics').get(topic);
          get.onsuccess = () => {
            resolve((get.result as { count: number } | undefined)?.count ?? 0);
            db.close();
          };
        };
      }),
    topic,
  );
}

async function waitForKept(page: Page, topic: string, count: number): Promise<void> {
  const end = Date.now() + 10_000;
  while ((await keptCount(page, topic)) < count) {
    if (Date.now() > end) throw new Error(`the history of ${topic} did not reach ${count}`);
    await page.waitForTimeout(100);
  }
}

async function openHistory(card: Locator, name: string): Promise<void> {
  await card.getByRole('button', { name: `History of ${name}` }).click();
  await card.getByRole('region', { name: `History of ${name}` }).waitFor();
}

/** Clicks an export button and returns the downloaded file's name and text. */
async function exported(page: Page, card: Locator, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

describe('history', { timeout: 240_000 }, () => {
  // Unbounded queues: a flood of 100,000 QoS 1 messages reaches the app whole, however late.
  const env = setUpApp({ broker: { extra: UNBOUNDED_QUEUES } });
  let page: Page;
  const temperatures = Array.from({ length: 20 }, (_, i) => (20 + i / 10).toFixed(1));

  before(async () => {
    page = await env.browser.context.newPage();
    // The CSP (style-src 'self') drops style attributes: a view that relies on one breaks.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { violations: string[] }).violations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.sample}`));
    });
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}&topic=history/temp`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.getByText('Subscribed to history/temp.').waitFor();
  });

  it('records every message of a topic and charts them, with the current value, min and max', async () => {
    await mosquittoPubLines(env.broker.tcpPort, 'history/temp', temperatures);
    await page.getByLabel('Last message').getByText('21.9', { exact: true }).waitFor();
    await waitForKept(page, 'history/temp', 20);
    const card = entityCard(page, 'hello_mqtt');
    await openHistory(card, 'hello_mqtt');
    await card.getByRole('img', { name: 'History chart' }).locator('canvas').waitFor();
    await card.getByText('now 21.9, min 20, max 21.9').waitFor();
    await card.getByText(/20 messages kept on this device/).waitFor();
    // A message that arrives while the chart is open moves it at once.
    await mosquittoPubLines(env.broker.tcpPort, 'history/temp', ['19.5']);
    await card.getByText('now 19.5, min 19.5, max 21.9').waitFor();
  });

  it('exports the history as CSV and JSON files holding every message, in order, with ISO times', async () => {
    const card = entityCard(page, 'hello_mqtt');
    const csv = await exported(page, card, 'Export CSV');
    assert.match(csv.name, /^hello-mqtt-history-hello-mqtt-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csv.text.trim().split('\r\n');
    assert.equal(rows[0], 'time,topic,payload,format,retained');
    assert.deepEqual(
      rows.slice(1).map((row) => row.split(',')[2]),
      [...temperatures, '19.5'],
    );
    for (const row of rows.slice(1)) assert.match(row, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,history\/temp,/);

    const json = await exported(page, card, 'Export JSON');
    const file = JSON.parse(json.text) as { entity: string; topics: string[]; messages: { time: string; payload: string; topic: string }[] };
    assert.equal(file.entity, 'hello_mqtt');
    assert.deepEqual(file.topics, ['history/temp']);
    assert.deepEqual(
      file.messages.map((m) => m.payload),
      [...temperatures, '19.5'],
    );
    const times = file.messages.map((m) => Date.parse(m.time));
    assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!), 'in order');
    assert.ok(!json.text.includes('password'));
  });

  it('charts a numeric JSON field picked by tapping it, shows two states as a timeline and text as a list', async () => {
    await addEntity(page, 'Plug', 'history/plug/SENSOR');
    await addEntity(page, 'Relay', 'history/plug/POWER');
    await addEntity(page, 'Note', 'history/note');
    await page.getByText('Subscribed to history/note.').waitFor();
    // Tasmota's energy report, tele/<topic>/SENSOR (Tasmota docs, "Sensor" telemetry of a POW).
    const reports = [12, 26, 31].map((power) => JSON.stringify({ Time: '2021-01-01T00:00:00', ENERGY: { Total: 0.003, Power: power, Voltage: 239 } }));
    await mosquittoPubLines(env.broker.tcpPort, 'history/plug/SENSOR', reports);
    // Tasmota's stat/<topic>/POWER payloads, a moment apart as a relay switches (back to back,
    // two could share a millisecond and leave the first state no width on the timeline).
    for (const state of ['ON', 'OFF', 'ON']) {
      await mosquittoPubAsync(env.broker.tcpPort, 'history/plug/POWER', state);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await mosquittoPubLines(env.broker.tcpPort, 'history/note', ['door opened', 'door closed']);
    await waitForKept(page, 'history/plug/SENSOR', 3);
    await waitForKept(page, 'history/plug/POWER', 3);
    await waitForKept(page, 'history/note', 2);

    const plug = entityCard(page, 'Plug');
    await openHistory(plug, 'Plug');
    assert.equal(await plug.getByRole('img', { name: 'History chart' }).count(), 0, 'no chart before a field is picked');
    await plug.getByRole('button', { name: /"Power": 31/ }).click();
    await plug.getByRole('img', { name: 'History chart' }).locator('canvas').waitFor();
    await plug.getByText('ENERGY.Power: now 31, min 12, max 31').waitFor();

    const relay = entityCard(page, 'Relay');
    await openHistory(relay, 'Relay');
    await relay.getByRole('img', { name: 'State timeline' }).waitFor();
    await relay.getByText(/^ON since .*, 2 changes\.$/).waitFor();
    // Each state takes its share of the timeline's width (the last ON lasts until now).
    const widths = await relay.locator('.timeline span').evaluateAll((spans) => spans.map((span) => span.getBoundingClientRect().width));
    assert.equal(widths.length, 3);
    assert.ok(widths[2]! > widths[0]!, `the current state is the longest: ${widths.join(', ')}`);
    assert.ok(widths.reduce((a, b) => a + b, 0) > 100, `the timeline is filled: ${widths.join(', ')}`);
    assert.equal(await relay.getByRole('img', { name: 'History chart' }).count(), 0);

    const note = entityCard(page, 'Note');
    await openHistory(note, 'Note');
    const recent = note.getByRole('list', { name: 'Recent values' });
    await recent.getByText('door closed').waitFor();
    assert.deepEqual(
      await recent.locator('li span').allInnerTexts(),
      ['door closed', 'door opened'],
    );
    assert.equal(await note.getByRole('img', { name: 'History chart' }).count(), 0);
  });

  it('keeps a topic within its cap under a flood of 100,000 messages, through the session worker', async () => {
    await addEntity(page, 'Flood', 'history/flood');
    await page.getByText('Subscribed to history/flood.').waitFor();
    const flood = Array.from({ length: 100_000 }, (_, i) => `flood ${i + 1}`);
    await mosquittoPubLines(env.broker.tcpPort, 'history/flood', flood, ['-q', '1']);
    // Until the recorder has written what it keeps: the count no longer moves.
    let last = -1;
    let count = await keptCount(page, 'history/flood');
    const deadline = Date.now() + 90_000;
    while (count !== last || count < 10_000) {
      if (Date.now() > deadline) throw new Error(`the flood's history stopped at ${count}`);
      await page.waitForTimeout(1000);
      last = count;
      count = await keptCount(page, 'history/flood');
    }
    // The default cap: 10,000 messages (or 2 MiB), the oldest dropped first.
    assert.equal(count, 10_000);
    const card = entityCard(page, 'Flood');
    await openHistory(card, 'Flood');
    await card.getByText(/10,?000 messages kept on this device/).waitFor();
  });

  it('shows the history after a reload with the broker down and the network off', async () => {
    await env.broker.stop();
    await env.browser.context.setOffline(true);
    await page.reload();
    const card = entityCard(page, 'hello_mqtt');
    await openHistory(card, 'hello_mqtt');
    await card.getByRole('img', { name: 'History chart' }).locator('canvas').waitFor();
    await card.getByText('now 19.5, min 19.5, max 21.9').waitFor();
    await card.getByText(/21 messages kept on this device/).waitFor();
    await env.browser.context.setOffline(false);
  });

  it('broke no rule of the content security policy on the way', async () => {
    assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
  });

  it('clears an entity’s history after asking', async () => {
    const card = entityCard(page, 'Note');
    await openHistory(card, 'Note');
    await card.getByRole('button', { name: 'Clear history' }).click();
    await card.getByText('Clear the history of Note from this device?').waitFor();
    await card.getByRole('button', { name: 'Clear', exact: true }).click();
    await card.getByText('Cleared the history of Note.').waitFor();
    assert.equal(await keptCount(page, 'history/note'), 0);
    assert.equal(await keptCount(page, 'history/temp'), 21, 'other entities keep theirs');
  });

  it('shows the history after the browser is quit and started again, the broker still down', async () => {
    await env.browser.restart!();
    page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    const card = entityCard(page, 'hello_mqtt');
    await openHistory(card, 'hello_mqtt');
    await card.getByRole('img', { name: 'History chart' }).locator('canvas').waitFor();
    await card.getByText('now 19.5, min 19.5, max 21.9').waitFor();
    await card.getByText(/21 messages kept on this device/).waitFor();
  });
});
