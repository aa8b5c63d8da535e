/**
 * The hello_mqtt flow in the built app, in Debian's Chromium, against a real Mosquitto:
 * mosquitto_pub shows up, Set state reaches mosquitto_sub, and a reload with the broker
 * down still shows the last message and the configuration.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../support/node/chromium.js';
import { mosquittoPub, mosquittoSub, startMosquitto, type Mosquitto } from '../support/node/mosquitto.js';
import { startPreview, type Preview } from '../support/node/preview.js';

describe('hello_mqtt in the browser, against Mosquitto', () => {
  let broker: Mosquitto;
  let app: Preview;
  let browser: Browser;
  let page: Page;

  before(async () => {
    broker = await startMosquitto();
    app = await startPreview();
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await broker?.dispose();
  });

  const status = () => page.getByRole('status');
  const lastMessage = () => page.getByLabel('Last message');

  it('opens from a link, fills the fields from it, and connects', async () => {
    await page.goto(`${app.url}?broker=${broker.wsUrl}&client_id=e2e-client&keepalive=30&password=leak`);
    await status().getByText('Connected').waitFor();
    assert.equal(await page.getByLabel('Broker URL').inputValue(), broker.wsUrl);
    assert.equal(await page.getByLabel('Client ID').inputValue(), 'e2e-client');
    assert.equal(await page.getByLabel('Keepalive').inputValue(), '30');
    assert.equal(await page.getByLabel('Topic').inputValue(), 'edzna/hello');
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'a password is never read from a URL');
    assert.ok(!page.url().includes('password'), 'the password is taken out of the address bar');
    assert.equal(await lastMessage().textContent(), 'No messages');
  });

  it('shows what mosquitto_pub publishes', async () => {
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(broker.tcpPort, 'edzna/hello', 'ThisIsIt');
    await lastMessage().getByText('ThisIsIt', { exact: true }).waitFor();
  });

  it('Set state publishes to the topic, and mosquitto_sub receives it', async () => {
    const sub = await mosquittoSub(broker.tcpPort, 'edzna/hello');
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
    await broker.stop();
    await page.goto(app.url);
    await lastMessage().getByText('from the browser', { exact: true }).waitFor();
    assert.equal(await page.getByLabel('Broker URL').inputValue(), broker.wsUrl);
    assert.equal(await page.getByLabel('Client ID').inputValue(), 'e2e-client');
    await status().getByText(/Error: Cannot reach/).waitFor();
  });

  it('reconnects when the broker is back and shows new messages', async () => {
    await broker.restart();
    await status().getByText('Connected').waitFor({ timeout: 15_000 });
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(broker.tcpPort, 'edzna/hello', 'back again');
    await lastMessage().getByText('back again', { exact: true }).waitFor();
  });

  it('shows HTML in a payload as text', async () => {
    mosquittoPub(broker.tcpPort, 'edzna/hello', '<img src=x onerror="document.title=\'pwned\'">');
    await lastMessage().getByText('<img src=x', { exact: false }).waitFor();
    assert.notEqual(await page.title(), 'pwned');
  });
});

describe('a first visit', () => {
  let app: Preview;
  let browser: Browser;

  before(async () => {
    app = await startPreview();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('makes a client ID once and keeps it across reloads, with the hello_mqtt defaults', async () => {
    const page = await browser.context.newPage();
    await page.goto(app.url);
    const clientId = await page.getByLabel('Client ID').inputValue();
    assert.match(clientId, /^hello-mqtt-[0-9a-f]{8}$/);
    assert.equal(await page.getByLabel('Keepalive').inputValue(), '60');
    assert.equal(await page.getByLabel('Topic').inputValue(), 'edzna/hello');
    assert.equal(await page.getByLabel('Last message').textContent(), 'No messages');
    await page.getByRole('status').getByText('Disconnected').waitFor();
    await page.reload();
    await page.getByLabel('Last message').waitFor();
    assert.equal(await page.getByLabel('Client ID').inputValue(), clientId);
  });
});
