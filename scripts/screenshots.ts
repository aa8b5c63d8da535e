/**
 * `npm run screenshots`: pictures of the built app for the install dialog (public/screenshots/)
 * and the README (docs/): a dashboard of several entities, one on a filter, at phone size in
 * light and dark, and wide. Runs the embedded broker, `vite preview` of dist/ and Debian's
 * Chromium; run `npm run build` first. The entities are added through the app's own form.
 * `npm run screenshots -- share` takes only the pictures of sharing a setup, `-- history` only
 * those of the history and the saved connections, `-- discovery` only those of discovered devices,
 * `-- devices` only the phone pictures of the Devices section.
 */
import { mkdirSync } from 'node:fs';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/node/chromium.js';
import { startDevice } from '../test/support/node/devices.js';
import { startPreview } from '../test/support/node/preview.js';
import { startDevBroker } from './dev-broker.js';

const broker = await startDevBroker();
const app = await startPreview();
const publisher = await mqtt.connectAsync(`mqtt://${broker.host}:${broker.tcpPort}`);

/** What the home's devices have said, retained, as they would on a real broker. */
const RETAINED: Record<string, string> = {
  'edzna/hello': 'ThisIsIt',
  'home/livingroom/temperature': '21.5',
  'home/kitchen/temperature': '22.8',
  'home/bedroom/temperature': '19.2',
  'home/garage/temperature': '11.4',
  // Zigbee2MQTT's payload for an Aqara temperature sensor (its docs' exposes example).
  'zigbee2mqtt/kitchen_sensor': JSON.stringify({ battery: 97, humidity: 48.2, linkquality: 120, pressure: 1012, temperature: 22.1, voltage: 3005 }),
};

async function addEntity(page: Page, name: string, topic: string): Promise<void> {
  await page.getByRole('button', { name: 'Add entity' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Topic', { exact: true }).fill(topic);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name }).waitFor();
}

async function shoot(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark', files: string[]) {
  const browser = await launchChromium(viewport);
  try {
    const page: Page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    // Look as the installed app does: standalone, no browser interface.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setEmulatedMedia', {
      features: [
        { name: 'display-mode', value: 'standalone' },
        { name: 'prefers-color-scheme', value: colorScheme },
      ],
    });
    await page.goto(`${app.url}?broker=${broker.wsUrl}&client_id=living-room-phone`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    await addEntity(page, 'Temperatures', 'home/+/temperature');
    await addEntity(page, 'Kitchen sensor', 'zigbee2mqtt/kitchen_sensor');
    await page.getByText('Subscribed to zigbee2mqtt/kitchen_sensor.').waitFor();
    await page.getByText('4 topics').waitFor().catch(() => undefined);
    await page.getByRole('group', { name: 'Last message Kitchen sensor' }).getByText('"temperature"').waitFor();
    await page.getByLabel('New state hello_mqtt').fill('Lights on');
    await page.getByLabel('New state hello_mqtt').blur();
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const file of files) {
      await page.screenshot({ path: file });
      console.log(`wrote ${file} (${viewport.width}x${viewport.height}, ${colorScheme})`);
    }
  } finally {
    await browser.close();
  }
}

/** The Devices section's pictures: a Sonoff (KmanOz, TH) and a Tasmota, added by their presets. */
async function shootDevices(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark', file: string) {
  const port = String(broker.tcpPort);
  const sonoff = await startDevice('kmanoz-sonoff', ['--port', port, '--topic', 'home/sonoff/living_room/1', '--th', '--id', `shot-${file}`]);
  const tasmota = await startDevice('tasmota', ['--port', port, '--topic', 'tasmota_1A2B3C', '--relays', '2']);
  const browser = await launchChromium(viewport);
  try {
    const page: Page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`${app.url}?broker=${broker.wsUrl}&client_id=devices-phone`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    await page.getByRole('button', { name: 'Remove hello_mqtt' }).click();
    const preset = async (label: string, name: string, topic: string, then: () => Promise<void>) => {
      await page.getByRole('button', { name: 'Add entity' }).click();
      await page.getByLabel('Preset').selectOption({ label });
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByLabel('Device topic').fill(topic);
      await then();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    };
    await preset('Sonoff (KmanOz firmware)', 'Living room', 'home/sonoff/living_room/1', () => page.getByLabel('Build').selectOption('th').then(() => undefined));
    await preset('Tasmota', 'Desk', 'tasmota_1A2B3C', async () => {
      await page.getByRole('button', { name: 'Find relays and sensors' }).click();
      await page.getByText('Sensors: AM2301.Temperature').waitFor();
    });
    await page.getByRole('switch', { name: 'Living room' }).click();
    await page.getByRole('article', { name: 'Living room', exact: true }).getByRole('status').getByText('On', { exact: true }).waitFor();
    await page.getByRole('switch', { name: 'Desk 2' }).click();
    await page.getByRole('article', { name: 'Desk 2', exact: true }).getByRole('status').getByText('On', { exact: true }).waitFor();
    await page.getByText('58.2 %').waitFor();
    await page.getByRole('button', { name: 'Dismiss' }).click().catch(() => undefined);
    await page.evaluate(() => window.scrollTo(0, 0));
    // A phone's screen holds the Sonoff's cards only: the picture goes on down the page to the
    // Tasmota's relays and sensor, as the phone shows them when scrolled.
    const phone = viewport.width < 600;
    const size = phone ? { width: viewport.width, height: Math.min(1600, await page.evaluate(() => document.documentElement.scrollHeight)) } : viewport;
    await page.screenshot({ path: file, ...(phone ? { fullPage: true, clip: { x: 0, y: 0, ...size } } : {}) });
    console.log(`wrote ${file} (${size.width}x${size.height}, ${colorScheme})`);
  } finally {
    await browser.close();
    await sonoff.stop();
    await tasmota.stop();
  }
}

/**
 * The sharing pictures: Share setup on a desktop (the link and its QR code), and a phone that
 * has just opened that link (the offer, before anything changes).
 */
async function shootSharing(colorScheme: 'light' | 'dark') {
  const desk = await launchChromium({ width: 1280, height: 800 });
  const phone = await launchChromium({ width: 390, height: 844 });
  try {
    const page: Page = await desk.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`${app.url}?broker=${broker.wsUrl}&client_id=desk`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    await addEntity(page, 'Temperatures', 'home/+/temperature');
    await addEntity(page, 'Kitchen sensor', 'zigbee2mqtt/kitchen_sensor');
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Share setup' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    await page.getByRole('img', { name: 'QR code' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `docs/share-desktop-${colorScheme}.png` });
    console.log(`wrote docs/share-desktop-${colorScheme}.png`);

    const scanned: Page = await phone.context.newPage();
    await scanned.emulateMedia({ colorScheme });
    await scanned.goto(link);
    await scanned.getByRole('dialog', { name: 'Use this setup?' }).waitFor();
    await scanned.screenshot({ path: `docs/share-phone-${colorScheme}.png` });
    console.log(`wrote docs/share-phone-${colorScheme}.png`);
  } finally {
    await desk.close();
    await phone.close();
  }
}

/**
 * The History pictures: a temperature's chart and a relay's timeline, from messages published
 * over a few seconds, and the saved connections with the header's switch.
 */
async function shootHistory(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark', file: string) {
  const browser = await launchChromium(viewport);
  try {
    const page: Page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`${app.url}?broker=${broker.wsUrl}&client_id=history-${colorScheme}-${viewport.width}&topic=home/livingroom/temperature`);
    await page.getByText('Subscribed to home/livingroom/temperature.').waitFor();
    await addEntity(page, 'Desk lamp', 'home/desk/lamp');
    await page.getByText('Subscribed to home/desk/lamp.').waitFor();
    for (let i = 0; i < 80; i++) {
      const value = 21 + Math.sin(i / 8) * 1.5 + (i % 7) / 20;
      await publisher.publishAsync('home/livingroom/temperature', value.toFixed(2));
      if (i % 16 === 0) await publisher.publishAsync('home/desk/lamp', i % 32 === 0 ? 'ON' : 'OFF');
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    for (const name of ['hello_mqtt', 'Desk lamp']) {
      await page.getByRole('button', { name: `History of ${name}` }).click();
      await page.getByRole('region', { name: `History of ${name}` }).getByRole('button', { name: 'All', exact: true }).click();
    }
    await page.getByRole('img', { name: 'History chart' }).locator('canvas').first().waitFor();
    await page.getByRole('img', { name: 'State timeline' }).waitFor();
    await page.waitForTimeout(300);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage: viewport.width < 600 });
    console.log(`wrote ${file} (${viewport.width}x${viewport.height}, ${colorScheme})`);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('New connection name').fill('Cabin');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByLabel('Connection', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('list', { name: 'Saved connections' }).scrollIntoViewIfNeeded();
    const connections = file.replace('history-', 'connections-');
    await page.screenshot({ path: connections });
    console.log(`wrote ${connections}`);
  } finally {
    await browser.close();
  }
}

/**
 * The Home automation section's pictures: devices discovered from Home Assistant configs (real
 * ones, test/discovery/fixtures), a Tasmota announcing itself and a Zigbee2MQTT bridge.
 */
async function shootDiscovery(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark', file: string) {
  const port = String(broker.tcpPort);
  const { HA_DOCS_SENSOR_BEDROOM_TEMPERATURE, HA_DOCS_SENSOR_BEDROOM_HUMIDITY, HA_DOCS_SENSOR_BEDROOM_STATE, HA_DOCS_SWITCH_IRRIGATION } = await import(
    '../test/discovery/fixtures/home-assistant.js'
  );
  for (const fixture of [HA_DOCS_SENSOR_BEDROOM_TEMPERATURE, HA_DOCS_SENSOR_BEDROOM_HUMIDITY, HA_DOCS_SENSOR_BEDROOM_STATE, HA_DOCS_SWITCH_IRRIGATION]) {
    await publisher.publishAsync(fixture.topic, fixture.payload, { retain: true });
  }
  const tasmota = await startDevice('tasmota', ['--port', port, '--topic', 'tasmota_D15C0', '--relays', '2', '--discovery', 'DC4F220B5F9F', '--name', 'Desk']);
  const bridge = await startDevice('zigbee2mqtt', ['--port', port]);
  const browser = await launchChromium(viewport);
  try {
    const page: Page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    await page.goto(`${app.url}?broker=${broker.wsUrl}&client_id=discovery-${colorScheme}-${viewport.width}`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    for (const source of ['Home Assistant discovery', 'Tasmota discovery', 'Zigbee2MQTT devices']) await page.getByLabel(source).check();
    await page.getByText(/entities discovered/).waitFor();
    const settings = file.replace('discovery-', 'discovery-settings-');
    await page.getByRole('heading', { name: 'Discovery' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: settings });
    console.log(`wrote ${settings}`);
    await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
    bridge.tell('report living_room/weather_sensor');
    await page.getByText('21.5 °C').first().waitFor();
    await page.getByText('23.2 °C').first().waitFor();
    await page.getByRole('heading', { name: 'Discovered devices' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: file });
    console.log(`wrote ${file} (${viewport.width}x${viewport.height}, ${colorScheme})`);
  } finally {
    await browser.close();
    await tasmota.stop();
    await bridge.stop();
  }
}

const only = process.argv[2];
try {
  for (const [topic, payload] of Object.entries(RETAINED)) await publisher.publishAsync(topic, payload, { retain: true });
  mkdirSync('public/screenshots', { recursive: true });
  mkdirSync('docs', { recursive: true });
  if (only === 'discovery') {
    await shootDiscovery({ width: 390, height: 844 }, 'light', 'docs/discovery-phone-light.png');
    await shootDiscovery({ width: 390, height: 844 }, 'dark', 'docs/discovery-phone-dark.png');
    await shootDiscovery({ width: 1280, height: 800 }, 'light', 'docs/discovery-desktop-light.png');
    await shootDiscovery({ width: 1280, height: 800 }, 'dark', 'docs/discovery-desktop-dark.png');
  } else if (only === 'history') {
    await shootHistory({ width: 390, height: 844 }, 'light', 'docs/history-phone-light.png');
    await shootHistory({ width: 390, height: 844 }, 'dark', 'docs/history-phone-dark.png');
    await shootHistory({ width: 1280, height: 800 }, 'light', 'docs/history-desktop-light.png');
    await shootHistory({ width: 1280, height: 800 }, 'dark', 'docs/history-desktop-dark.png');
  } else if (only === 'devices') {
    await shootDevices({ width: 390, height: 844 }, 'light', 'docs/devices-phone-light.png');
    await shootDevices({ width: 390, height: 844 }, 'dark', 'docs/devices-phone-dark.png');
  } else {
    await shootSharing('light');
    await shootSharing('dark');
  }
  if (only === undefined) {
    await shoot({ width: 390, height: 844 }, 'light', ['public/screenshots/narrow.png', 'docs/phone-light.png']);
    await shoot({ width: 390, height: 844 }, 'dark', ['docs/phone-dark.png']);
    await shoot({ width: 1280, height: 800 }, 'light', ['public/screenshots/wide.png', 'docs/desktop-light.png']);
    await shoot({ width: 1280, height: 800 }, 'dark', ['docs/desktop-dark.png']);
    await shootDevices({ width: 390, height: 844 }, 'light', 'docs/devices-phone-light.png');
    await shootDevices({ width: 390, height: 844 }, 'dark', 'docs/devices-phone-dark.png');
    await shootDevices({ width: 1280, height: 800 }, 'light', 'docs/devices-desktop-light.png');
    await shootDevices({ width: 1280, height: 800 }, 'dark', 'docs/devices-desktop-dark.png');
  }
} finally {
  await publisher.endAsync();
  await app.close();
  await broker.close();
}
