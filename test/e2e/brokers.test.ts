/**
 * Broker settings users get wrong, through the app's own form, in Debian's Chromium against
 * real Mosquitto brokers: a wss:// listener with a self-signed certificate (trusted or not),
 * and a password-protected broker given the wrong password.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openDashboard } from '../support/node/app-page.js';
import { launchChromium, type Browser } from '../support/node/chromium.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPub, startMosquitto, type Mosquitto } from '../support/node/mosquitto.js';
import { selfSignedCertificate } from '../support/node/preview.js';

async function connectWith(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

describe('wss:// with a self-signed certificate', { timeout: 60_000 }, () => {
  const env = setUpApp({ broker: { tls: selfSignedCertificate() } });
  let trusting: Browser | undefined;
  after(async () => {
    await trusting?.close();
  });

  it('explains that the browser must trust the certificate, with a link to accept it', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    await connectWith(page, { 'Broker URL': env.broker.wsUrl });
    await page.getByRole('status').getByText(/Error: Cannot reach wss:.*TLS certificate is not trusted by this browser/).waitFor();
    const link = page.getByRole('link', { name: `https://127.0.0.1:${env.broker.wsPort}/` });
    assert.equal(await link.getAttribute('href'), `https://127.0.0.1:${env.broker.wsPort}/`);
  });

  it('connects once the certificate is trusted', async () => {
    // Chromium told to accept the certificate, as a user does through that link.
    trusting = await launchChromium(undefined, ['--ignore-certificate-errors']);
    const page = await trusting.context.newPage();
    await page.goto(env.app.url);
    await connectWith(page, { 'Broker URL': env.broker.wsUrl });
    await page.getByRole('status').getByText(`Connected: ${env.broker.wsUrl}`).waitFor();
    await openDashboard(page);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'over TLS');
    await page.getByLabel('Last message').getByText('over TLS', { exact: true }).waitFor();
  });
});

describe('a broker with a password file', { timeout: 60_000 }, () => {
  const env = setUpApp({ broker: { users: { alice: 'wonderland' } } });

  it('says "not authorized" for a wrong password, keeps the form, and connects with the right one', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    await connectWith(page, { 'Broker URL': env.broker.wsUrl, Username: 'alice', Password: 'wrong' });
    await page.getByRole('status').getByText('Error: Broker refused: not authorized.').waitFor();
    assert.equal(await page.getByLabel('Username').inputValue(), 'alice');
    await connectWith(page, { Password: 'wonderland' });
    await page.getByRole('status').getByText(`Connected: ${env.broker.wsUrl}`).waitFor();
  });
});

describe('several broker URLs in the form', { timeout: 90_000 }, () => {
  const env = setUpApp();
  let second: Mosquitto;
  before(async () => {
    second = await startMosquitto();
  });
  after(async () => {
    await second?.dispose();
  });

  it('uses the first, moves to the second when the first dies, and says which it is on', async () => {
    const first = env.broker;
    const page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    await connectWith(page, { 'Broker URL': `${first.wsUrl} ${second.wsUrl}` });
    await page.getByRole('status').getByText(`Connected: ${first.wsUrl}`).waitFor();
    await openDashboard(page);
    await first.stop();
    await page.getByRole('status').getByText(`Connected: ${second.wsUrl}`).waitFor({ timeout: 35_000 });
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(second.tcpPort, 'edzna/hello', 'via the second broker');
    await page.getByLabel('Last message').getByText('via the second broker', { exact: true }).waitFor();
  });
});
