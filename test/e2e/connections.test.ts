/**
 * Several saved connections, as a user keeps them, in Debian's Chromium against a real
 * Mosquitto: each with its own broker settings, entities and password (kept only when
 * Remember on this device is ticked), switched from the header, the current one remembered,
 * one removed; and the home-screen shortcuts of the manifest the browser reads.
 */
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import type { Page } from 'playwright-core';
import { addEntity, openDashboard, openSettings } from '../support/node/app-page.js';
import { setUpApp } from '../support/node/e2e-setup.js';

const HOME_PASSWORD = 'home-secret';

async function entityNames(page: Page): Promise<string[]> {
  await openDashboard(page);
  await page.getByRole('article').first().waitFor();
  return page.locator('mq-entity-card').locator('h2#name').allInnerTexts();
}

async function connectAs(page: Page, broker: string, user: string, password: string, remember: boolean): Promise<void> {
  await openSettings(page);
  await page.getByLabel('Broker URL', { exact: true }).fill(broker);
  await page.getByLabel('Username', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Remember on this device').setChecked(remember);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('status').getByText(`Connected: ${broker}`).waitFor();
}

describe('saved connections', { timeout: 120_000 }, () => {
  const env = setUpApp();
  let page: Page;
  let cabinId = '';

  before(async () => {
    page = await env.browser.context.newPage();
    await page.goto(env.app.url);
    await page.getByLabel('Connection name', { exact: true }).fill('Home');
    await connectAs(page, env.broker.wsUrl, 'alice', HOME_PASSWORD, true);
    await openDashboard(page);
    await addEntity(page, 'Home lamp', 'home/lamp');
  });

  it('adds a connection from Settings: it opens empty, with its own name, broker and entities', async () => {
    await openSettings(page);
    const list = page.getByRole('list', { name: 'Saved connections' });
    await list.getByRole('listitem').filter({ hasText: 'Home' }).getByText('This one').waitFor();
    await page.getByLabel('New connection name').fill('Cabin');
    await Promise.all([page.waitForURL(/\?connection=[0-9a-f]{10}$/), page.getByRole('button', { name: 'Add connection' }).click()]);
    cabinId = new URL(page.url()).searchParams.get('connection')!;
    await page.getByRole('heading', { name: 'Broker' }).waitFor();
    assert.equal(await page.getByLabel('Connection name', { exact: true }).inputValue(), 'Cabin');
    assert.equal(await page.getByLabel('Broker URL', { exact: true }).inputValue(), '');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the other connection’s password stays with it');
    await connectAs(page, env.broker.wsUrl, 'bob', 'cabin-secret', false);
    await openDashboard(page);
    await addEntity(page, 'Cabin heater', 'cabin/heater');
    assert.deepEqual(await entityNames(page), ['hello_mqtt', 'Cabin heater']);
  });

  it('switches from the header: each connection shows its own entities and connects by itself', async () => {
    const switcher = page.getByLabel('Connection', { exact: true });
    assert.deepEqual(await switcher.locator('option').allInnerTexts(), ['Home', 'Cabin']);
    assert.equal(await switcher.inputValue(), cabinId);
    await Promise.all([page.waitForURL(/\?connection=default$/), switcher.selectOption({ label: 'Home' })]);
    await page.getByRole('status').getByText(`Connected: ${env.broker.wsUrl}`).waitFor();
    assert.deepEqual(await entityNames(page), ['hello_mqtt', 'Home lamp']);
    await openSettings(page);
    assert.equal(await page.getByLabel('Username', { exact: true }).inputValue(), 'alice');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), HOME_PASSWORD, 'remembered on this device');
  });

  it('remembers the current connection: the app opened without an address opens the last one chosen', async () => {
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Cabin' });
    await page.waitForURL(new RegExp(`\\?connection=${cabinId}$`));
    await page.goto(env.app.url);
    await openSettings(page);
    assert.equal(await page.getByLabel('Connection name', { exact: true }).inputValue(), 'Cabin');
    assert.equal(await page.getByLabel('Username', { exact: true }).inputValue(), 'bob');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'not remembered: asked for again');
  });

  it('the manifest the browser reads has a home-screen shortcut to each saved connection', async () => {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller === null) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    const cdp = await page.context().newCDPSession(page);
    const { data } = (await cdp.send('Page.getAppManifest')) as { data?: string };
    const manifest = JSON.parse(data ?? '{}') as { shortcuts?: { name: string; url: string; description: string }[] };
    assert.deepEqual(
      manifest.shortcuts?.map((s) => [s.name, new URL(s.url, env.app.url).search, s.description]),
      [
        ['Home', '?connection=default', env.broker.wsUrl],
        ['Cabin', `?connection=${cabinId}`, env.broker.wsUrl],
      ],
    );
    await cdp.detach();
  });

  it('removes another connection after asking, with its entities, and the switch goes when one is left', async () => {
    await openSettings(page);
    const cabin = page.getByRole('listitem').filter({ hasText: 'Cabin' });
    await Promise.all([page.waitForURL(/\?connection=default$/), page.getByRole('button', { name: 'Open Home' }).click()]);
    await openSettings(page);
    await page.getByRole('button', { name: 'Remove Cabin' }).click();
    await cabin.getByText('Remove Cabin, its entities and its saved password from this device?').waitFor();
    await cabin.getByRole('button', { name: 'Remove Cabin' }).click();
    await page.getByRole('status').getByText('Removed Cabin, with its entities and password.').waitFor();
    assert.deepEqual(await page.getByRole('list', { name: 'Saved connections' }).getByRole('listitem').locator('strong').allInnerTexts(), ['Home']);
    assert.equal(await page.getByLabel('Connection', { exact: true }).count(), 0);
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    assert.ok(!databases.includes(`hello-mqtt-${cabinId}`), 'its database is gone');
  });
});
