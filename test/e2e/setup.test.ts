/**
 * Carrying a setup to another browser, as a user does, in Debian's Chromium with fresh
 * profiles: Export setup and Import setup, Share setup's link and QR code (decoded here with
 * jsQR, as a phone's camera would), and what happens to a damaged file or link. The password
 * is remembered on the first device, and must never travel.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { addDevice, addEntity, entityCard, openDashboard, openSettings } from '../support/node/app-page.js';
import { launchChromium, type Browser } from '../support/node/chromium.js';
import { setUpApp } from '../support/node/e2e-setup.js';

const PASSWORD = 'wonderland-secret';
const NAMES = ['hello_mqtt', 'Everything at home', 'Kitchen', 'Garden', 'Living room'];

async function entityNames(page: Page): Promise<string[]> {
  await openDashboard(page);
  await page.getByRole('article').first().waitFor();
  // Each card is named by its heading (aria-labelledby).
  return page.locator('mq-entity-card').locator('h2#name').allInnerTexts();
}

/** The QR code's pixels, read in the page from the image itself, decoded by jsQR. */
async function decodeQr(page: Page): Promise<string | null> {
  const image = page.getByRole('img', { name: 'QR code' });
  await image.waitFor();
  const { width, height, data } = await image.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const scale = 4;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * scale;
    canvas.height = img.naturalHeight * scale;
    const context = canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: pixels.width, height: pixels.height, data: Array.from(pixels.data) };
  });
  return jsQR(new Uint8ClampedArray(data), width, height)?.data ?? null;
}

describe('moving a setup to another browser', { timeout: 180_000 }, () => {
  const env = setUpApp();
  const fresh: Browser[] = [];
  let desk: Page;
  let exported = '';

  const freshPage = async () => {
    const browser = await launchChromium({ width: 390, height: 844 });
    fresh.push(browser);
    const page = await browser.context.newPage();
    return page;
  };

  before(async () => {
    desk = await env.browser.context.newPage();
    await desk.goto(env.app.url);
    await desk.getByLabel('Connection name', { exact: true }).fill('Home');
    await desk.getByLabel('Broker URL', { exact: true }).fill(env.broker.wsUrl);
    await desk.getByLabel('Username', { exact: true }).fill('alice');
    await desk.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await desk.getByLabel('Remember on this device').check();
    await desk.getByRole('button', { name: 'Connect', exact: true }).click();
    await desk.getByRole('status').getByText(`Connected: ${env.broker.wsUrl}`).waitFor();
    await openDashboard(desk);
    await addEntity(desk, 'Everything at home', 'home/#');
    await addEntity(desk, 'Kitchen', 'home/kitchen/temp');
    await addEntity(desk, 'Garden', 'garden/pond');
    await addDevice(desk, 'Sonoff (KmanOz firmware)', 'Living room', 'home/sonoff/living_room/1');
    assert.deepEqual(await entityNames(desk), NAMES);
    // A discovery source, which travels with the setup.
    await openSettings(desk);
    await desk.getByLabel('Zigbee2MQTT devices', { exact: true }).check();
    await desk.getByText(/Looking for devices…|entities discovered/).waitFor();
  });
  after(async () => {
    await Promise.all(fresh.map((browser) => browser.close()));
  });

  it('Export setup downloads a file without the password, and Import setup in a fresh browser restores the same entities in order, the password empty', async () => {
    await openSettings(desk);
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: 'Export setup' }).click()]);
    assert.match(download.suggestedFilename(), /^hello-mqtt-setup-\d{4}-\d{2}-\d{2}\.json$/);
    exported = readFileSync((await download.path())!, 'utf8');
    assert.ok(!exported.includes(PASSWORD), 'the file holds no password');
    assert.equal(JSON.parse(exported).format, 'hello-mqtt-setup');

    const phone = await freshPage();
    await phone.goto(env.app.url);
    await phone.getByLabel('Import setup').setInputFiles({ name: 'setup.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    const dialog = phone.getByRole('dialog', { name: 'Use this setup?' });
    await dialog.getByText('From the file setup.json:').waitFor();
    await dialog.getByText('5 entities: “hello_mqtt”, “Everything at home”, “Kitchen”, “Garden”, “Living room”').waitFor();
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await phone.getByText(/Took the broker settings and 5 entities from the file setup\.json\./).waitFor();
    assert.deepEqual(await entityNames(phone), NAMES);
    await entityCard(phone, 'Living room').getByRole('switch', { name: 'Living room' }).waitFor();
    await openSettings(phone);
    assert.equal(await phone.getByLabel('Broker URL', { exact: true }).inputValue(), env.broker.wsUrl);
    assert.equal(await phone.getByLabel('Username', { exact: true }).inputValue(), 'alice');
    assert.equal(await phone.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.equal(await phone.getByLabel('Zigbee2MQTT devices', { exact: true }).isChecked(), true);
    assert.equal(await phone.getByLabel('Home Assistant discovery', { exact: true }).isChecked(), false);
  });

  it('Share setup shows a link and a QR code of it, without the password; the link opened in a fresh browser restores the same setup', async () => {
    await openSettings(desk);
    await desk.getByRole('button', { name: 'Share setup' }).click();
    const link = await desk.getByLabel('Share link').inputValue();
    assert.ok(link.startsWith(`${env.app.url}#setup=`), link);
    assert.ok(!link.includes(PASSWORD));
    await desk.getByText('The link holds no password.').waitFor();
    assert.equal(await decodeQr(desk), link, 'the QR code decodes to the share link');
    await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.app.url).origin });
    await desk.getByRole('button', { name: 'Copy', exact: true }).click();
    await desk.getByRole('status').getByText('Copied the share link.').waitFor();
    assert.equal(await desk.evaluate(() => navigator.clipboard.readText()), link);

    const phone = await freshPage();
    await phone.goto(link);
    const dialog = phone.getByRole('dialog', { name: 'Use this setup?' });
    await dialog.getByText('From the share link:').waitFor();
    // The setup is no longer in the address: a reload does not offer it again.
    assert.equal(new URL(phone.url()).hash, '');
    await dialog.getByText('Connection: Home').waitFor();
    await dialog.getByText('Discovery: Zigbee2MQTT devices').waitFor();
    await Promise.all([phone.waitForURL(/\?connection=[0-9a-f]{10}$/), dialog.getByRole('button', { name: 'Add as a new connection' }).click()]);
    assert.deepEqual(await entityNames(phone), NAMES);
    // Beside the phone's own first connection, switched to from the header.
    const switcher = phone.getByLabel('Connection', { exact: true });
    assert.deepEqual(await switcher.locator('option').allInnerTexts(), ['New connection', 'Home']);
    await openSettings(phone);
    assert.equal(await phone.getByLabel('Connection name', { exact: true }).inputValue(), 'Home');
    assert.equal(await phone.getByLabel('Broker URL', { exact: true }).inputValue(), env.broker.wsUrl);
    assert.equal(await phone.getByLabel('Password', { exact: true }).inputValue(), '');
    assert.equal(await phone.getByLabel('Zigbee2MQTT devices', { exact: true }).isChecked(), true);
  });

  it('refuses a damaged file, a damaged link and a too long one with the reason, and changes nothing; Cancel changes nothing, Add adds what is missing', async () => {
    const phone = await freshPage();
    await phone.goto(env.app.url);
    await phone.getByLabel('Broker URL', { exact: true }).fill(env.broker.wsUrl);
    await phone.getByRole('button', { name: 'Connect', exact: true }).click();
    await openDashboard(phone);
    await addEntity(phone, 'Mine', 'my/own');
    const before = await entityNames(phone);

    await openSettings(phone);
    await phone.getByLabel('Import setup').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(exported.slice(0, 200)) });
    const refusal = phone.getByRole('dialog', { name: 'This setup cannot be used' });
    await refusal.getByText('This file is not a Hello MQTT setup: it is not JSON, or it was cut short.').waitFor();
    await refusal.getByRole('button', { name: 'OK' }).click();
    assert.deepEqual(await entityNames(phone), before);

    await desk.bringToFront();
    await openSettings(desk);
    await desk.getByRole('button', { name: 'Share setup' }).click();
    const link = await desk.getByLabel('Share link').inputValue();
    await phone.goto(link.slice(0, -20));
    await phone.getByRole('dialog', { name: 'This setup cannot be used' }).getByText(/This share link is damaged/).waitFor();
    await phone.getByRole('button', { name: 'OK' }).click();
    assert.deepEqual(await entityNames(phone), before);
    await phone.goto(`${env.app.url}#setup=${'A'.repeat(40_000)}`);
    await phone.getByRole('dialog', { name: 'This setup cannot be used' }).getByText('This share link is too long (40000 characters) to be a setup from this app.').waitFor();
    await phone.getByRole('button', { name: 'OK' }).click();
    assert.deepEqual(await entityNames(phone), before);
    await openSettings(phone);
    assert.equal(await phone.getByLabel('Broker URL', { exact: true }).inputValue(), env.broker.wsUrl);

    // A whole link: Cancel changes nothing; Add adds the entities this phone lacks, and keeps
    // its own broker settings.
    const offer = phone.getByRole('dialog', { name: 'Use this setup?' });
    await phone.goto(link);
    await offer.getByRole('button', { name: 'Cancel' }).click();
    await offer.waitFor({ state: 'hidden' });
    assert.deepEqual(await entityNames(phone), before);
    await phone.goto(link);
    await offer.getByRole('button', { name: 'Add 4 entities' }).click();
    await phone.getByText('Added 4 entities from the share link. 1 with names already on the dashboard stayed as they were.').waitFor();
    assert.deepEqual(await entityNames(phone), [...before, ...NAMES.filter((name) => !before.includes(name))]);
    await openSettings(phone);
    assert.equal(await phone.getByLabel('Broker URL', { exact: true }).inputValue(), env.broker.wsUrl);
    assert.equal(await phone.getByLabel('Connection name', { exact: true }).inputValue(), '');
  });
});
