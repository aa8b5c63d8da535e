/**
 * The hello_mqtt flow in the built app, in Debian's Chromium, against a real Mosquitto:
 * mosquitto_pub shows up, Set state reaches mosquitto_sub, and a reload with the broker
 * down still shows the last message and the configuration.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { startDevBroker, type DevBroker } from '../../scripts/dev-broker.js';
import { launchChromium, type Browser } from '../support/node/chromium.js';
import { entityCard, openDashboard, openSettings } from '../support/node/app-page.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPub, mosquittoSub } from '../support/node/mosquitto.js';
import { startPreview, type Preview } from '../support/node/preview.js';

describe('hello_mqtt in the browser, against Mosquitto', () => {
  const env = setUpApp();
  let page: Page;

  before(async () => {
    page = await env.browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });

  const pageErrors: string[] = [];
  const status = () => page.getByRole('status');
  const lastMessage = () => page.getByLabel('Last message');

  it('opens from a link, fills the fields from it, and connects', async () => {
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}&client_id=e2e-client&keepalive=30&password=leak`);
    await status().getByText('Connected').waitFor();
    // hello_mqtt's entity is the dashboard's first, on its topic.
    await entityCard(page, 'hello_mqtt').getByText('edzna/hello', { exact: true }).waitFor();
    assert.equal(await lastMessage().textContent(), 'No messages');
    await openSettings(page);
    assert.equal(await page.getByLabel('Broker URL').inputValue(), env.broker.wsUrl);
    assert.equal(await page.getByLabel('Client ID').inputValue(), 'e2e-client');
    assert.equal(await page.getByLabel('Keepalive').inputValue(), '30');
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'a password is never read from a URL');
    assert.ok(!page.url().includes('password'), 'the password is taken out of the address bar');
    assert.equal(new URL(page.url()).search, '', 'applied once: a reload does not apply the link again');
    await openDashboard(page);
  });

  it('shows what mosquitto_pub publishes', async () => {
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'ThisIsIt');
    await lastMessage().getByText('ThisIsIt', { exact: true }).waitFor();
  });

  it('Set state publishes to the topic, and mosquitto_sub receives it', async () => {
    const sub = await mosquittoSub(env.broker.tcpPort, 'edzna/hello');
    try {
      await page.getByLabel('New state').fill('from the browser');
      await page.getByRole('button', { name: 'Set state' }).click();
      assert.deepEqual(await sub.waitFor(1), ['from the browser']);
      await lastMessage().getByText('from the browser', { exact: true }).waitFor();
      assert.equal(await page.getByLabel('New state').inputValue(), '');
    } finally {
      await sub.stop();
    }
  });

  it('after a reload with the broker stopped, still shows the last message and the configuration', async () => {
    await env.broker.stop();
    await page.goto(env.app.url);
    await lastMessage().getByText('from the browser', { exact: true }).waitFor();
    await status().getByText(/Error: Cannot reach/).waitFor();
    await openSettings(page);
    assert.equal(await page.getByLabel('Broker URL').inputValue(), env.broker.wsUrl);
    assert.equal(await page.getByLabel('Client ID').inputValue(), 'e2e-client');
    await openDashboard(page);
  });

  it('reconnects when the broker is back and shows new messages', async () => {
    await env.broker.restart();
    await status().getByText('Connected').waitFor({ timeout: 15_000 });
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'back again');
    await lastMessage().getByText('back again', { exact: true }).waitFor();
  });

  it('shows HTML in a payload as text', async () => {
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', '<img src=x onerror="document.title=\'pwned\'">');
    await lastMessage().getByText('<img src=x', { exact: false }).waitFor();
    assert.notEqual(await page.title(), 'pwned');
  });

  it('shows a payload that is not UTF-8 as hex with its length', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'payload-')), 'bin');
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(env.broker.tcpPort), '-t', 'edzna/hello', '-f', file]);
    rmSync(file);
    await lastMessage().getByText('ff fe 00 41', { exact: true }).waitFor();
    await page.getByText('4 B · not text: shown as hex').waitFor();
  });

  it('ran under its Content-Security-Policy without a violation or a page error', async () => {
    const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    assert.deepEqual(violations, []);
    assert.deepEqual(pageErrors, []);
  });
});

describe('a first visit', () => {
  const env = setUpApp({ broker: false });
  it('opens the broker form, makes a client ID once and keeps it, with the hello_mqtt defaults', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    // No broker yet: the app starts in the settings, at the broker form.
    const clientId = await page.getByLabel('Client ID').inputValue();
    assert.match(clientId, /^hello-mqtt-[0-9a-f]{8}$/);
    assert.equal(await page.getByLabel('Keepalive').inputValue(), '60');
    await page.getByRole('status').getByText('Disconnected').waitFor();
    await openDashboard(page);
    await entityCard(page, 'hello_mqtt').getByText('edzna/hello', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Last message').textContent(), 'No messages');
    await page.reload();
    assert.equal(await page.getByLabel('Client ID').inputValue(), clientId);
  });
});

describe('a browser without IndexedDB', () => {
  const env = setUpApp();
  it('keeps working in memory and says that it cannot save', async () => {
    const page = await env.browser.context.newPage();
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}`);
    await page.getByRole('alert').getByText(/Cannot save in this browser \(This browser has no IndexedDB\.\)/).waitFor();
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'in memory');
    await page.getByLabel('Last message').getByText('in memory', { exact: true }).waitFor();
    await page.getByLabel('New state').fill('sent without storage');
    await page.getByRole('button', { name: 'Set state' }).click();
    await page.getByText('Sent “sent without storage” to edzna/hello.').waitFor();
  });
});

// Debian's Mosquitto 2.0.11 sends large messages over WebSocket at about 40 KB/s (a 1 MiB
// payload takes 25 s, for any client), so the large-payload test uses the embedded broker.
describe('a 1 MiB payload', () => {
  let devBroker: DevBroker;
  let app: Preview;
  let browser: Browser;
  let page: Page;

  before(async () => {
    devBroker = await startDevBroker();
    app = await startPreview();
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${app.url}?broker=${devBroker.wsUrl}`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await devBroker?.close();
  });

  const lastMessage = () => page.getByLabel('Last message');

  it('shows a 1 MiB payload shortened, with its size, and stays responsive', async () => {
    const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${devBroker.tcpPort}`);
    await publisher.publishAsync('edzna/hello', 'x'.repeat(1024 * 1024));
    await publisher.endAsync();
    await page.getByText('1 MiB · shortened for display').waitFor();
    const shown = (await lastMessage().textContent()) ?? '';
    assert.ok(shown.length <= 16 * 1024, `shows at most 16 KiB, showed ${shown.length}`);
    await page.getByLabel('New state').fill('still typing');
    assert.equal(await page.getByLabel('New state').inputValue(), 'still typing');
  });

});
