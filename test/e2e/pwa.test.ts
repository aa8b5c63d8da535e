/**
 * The installable, offline app: built with `vite build`, served by `vite preview`, driven in
 * Debian's Chromium with a real service worker and a real Mosquitto.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../support/node/chromium.js';
import { openDashboard, openSettings } from '../support/node/app-page.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPub } from '../support/node/mosquitto.js';
import { buildApp, selfSignedCertificate, startPreview, type Preview } from '../support/node/preview.js';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Waits until the service worker is active, that is, the app shell is cached. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

describe('installable', { timeout: 60_000 }, () => {
  const env = setUpApp({ broker: false });
  it('has no installability errors in Chromium', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    await waitForServiceWorker(page);
    const cdp = await env.browser.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: { errorId: string }[];
    };
    assert.deepEqual(installabilityErrors, []);
  });

  it('declares what an install needs, and its icons load at their declared sizes', async () => {
    const manifest = (await (await fetch(new URL('manifest.webmanifest', env.app.url))).json()) as {
      [key: string]: unknown;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
      screenshots: { src: string; sizes: string; form_factor?: string }[];
    };
    for (const key of ['name', 'short_name', 'description', 'start_url', 'scope', 'id', 'theme_color', 'background_color']) {
      assert.ok(manifest[key], `manifest has ${key}`);
    }
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((i) => i.purpose === 'maskable'), 'a maskable icon');
    const images = [...manifest.icons.filter((i) => i.type === 'image/png'), ...manifest.screenshots];
    for (const image of images) {
      const response = await fetch(new URL(image.src, env.app.url));
      assert.equal(response.status, 200, image.src);
      const { width, height } = pngSize(Buffer.from(await response.arrayBuffer()));
      assert.equal(`${width}x${height}`, image.sizes, image.src);
    }
    assert.deepEqual(manifest.screenshots.map((s) => s.form_factor).sort(), ['narrow', 'wide']);
    for (const icon of ['sizes="192x192"', 'sizes="512x512"']) assert.ok(JSON.stringify(manifest.icons).includes(icon.split('"')[1]!));
    const html = await (await fetch(env.app.url)).text();
    const touchIcon = /<link rel="apple-touch-icon" href="([^"]+)"/.exec(html)?.[1];
    assert.ok(touchIcon, 'an Apple touch icon');
    assert.deepEqual(pngSize(Buffer.from(await (await fetch(new URL(touchIcon, env.app.url))).arrayBuffer())), {
      width: 180,
      height: 180,
    });
  });
});

describe('offline', { timeout: 60_000 }, () => {
  const env = setUpApp();
  let page: Page;

  before(async () => {
    page = await env.browser.context.newPage();
  });

  it('after one online visit, opens offline with the last message, its age, and says it is offline', async () => {
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}&topic=pwa/offline`);
    await waitForServiceWorker(page);
    await page.getByText('Subscribed to pwa/offline.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'pwa/offline', 'seen online');
    await page.getByLabel('Last message').getByText('seen online', { exact: true }).waitFor();
    await openSettings(page);
    await page.getByText('ready: the app opens without a network').waitFor();

    await env.browser.context.setOffline(true);
    await page.goto(env.app.url);
    await page.getByLabel('Last message').getByText('seen online', { exact: true }).waitFor();
    assert.match((await page.locator('time').textContent()) ?? '', /just now|s ago|min ago/);
    await page.getByRole('status').getByText(/Disconnected: offline\. This device has no network/).waitFor();
  });

  it('reconnects by itself when the network returns, and shows new messages', async () => {
    await env.browser.context.setOffline(false);
    await page.getByRole('status').getByText('Connected').waitFor({ timeout: 15_000 });
    await page.getByText('Subscribed to pwa/offline.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'pwa/offline', 'back online');
    await page.getByLabel('Last message').getByText('back online', { exact: true }).waitFor();
  });
});

describe('new versions', { timeout: 120_000 }, () => {
  const builds = ['dist-e2e-a', 'dist-e2e-b'];
  let browser: Browser;
  let served: Preview | undefined;

  before(() => {
    buildApp(builds[0]!, 'build A');
    buildApp(builds[1]!, 'build B');
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    for (const dir of builds) rmSync(dir, { recursive: true, force: true });
  });

  it('shows Update available when a new build is deployed, keeps typed text, and Reload activates it', async () => {
    served = await startPreview({ outDir: builds[0] });
    const { port } = served;
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await page.goto(served.url);
    await waitForServiceWorker(page);
    await page.getByText('0.1.0 (build A)').waitFor();

    await served.close();
    served = await startPreview({ outDir: builds[1], port });
    await page.reload();
    // No broker yet: the app opens in its settings.
    await page.getByLabel('Broker URL').fill('ws://broker.typed:9001');
    await openDashboard(page);
    await page.getByLabel('New state').fill('typed before the update');
    await page.getByText('Update available').waitFor({ timeout: 20_000 });
    await openSettings(page);
    assert.ok(await page.getByText('0.1.0 (build A)').isVisible(), 'no reload under the user’s hands');

    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByText('0.1.0 (build B)').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByLabel('Broker URL').inputValue(), 'ws://broker.typed:9001');
    await openDashboard(page);
    assert.equal(await page.getByLabel('New state').inputValue(), 'typed before the update');
  });
});

describe('an https page given a ws:// broker', { timeout: 60_000 }, () => {
  const env = setUpApp({ broker: false, preview: { tls: selfSignedCertificate() }, browserArgs: ['--ignore-certificate-errors'] });
  it('explains that the browser blocks it and that the broker needs wss://', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.app.url}?broker=ws://127.0.0.1:9001`);
    await page.getByRole('status').getByText(/Error: This page is served over https, so the browser blocks/).waitFor();
    await page.getByText(/Use the broker’s wss:\/\/ address/).first().waitFor();
  });
});

describe('a page that is not a secure context', { timeout: 60_000 }, () => {
  const env = setUpApp({
    broker: false,
    // A plain-http origin that is not localhost: the browser gives it no service worker.
    browserArgs: ['--host-resolver-rules=MAP hello.test 127.0.0.1'],
  });
  it('explains that offline use and install need https', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.app.url.replace('127.0.0.1', 'hello.test'));
    assert.equal(await page.evaluate(() => isSecureContext), false);
    await page.getByText(/This page is not served over https or from localhost/).waitFor();
    await openDashboard(page);
    assert.equal(await page.getByLabel('Last message').textContent(), 'No messages');
  });
});
