/**
 * What every figure measures against: one real Mosquitto, the built app behind vite preview,
 * a Chromium for the app and another for the bare mqtt.js page, and a Node publisher.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../../test/support/node/chromium.js';
import { startMosquitto, UNBOUNDED_QUEUES, type Mosquitto } from '../../test/support/node/mosquitto.js';
import { startPreview, type Preview } from '../../test/support/node/preview.js';

export interface Rig {
  readonly broker: Mosquitto;
  readonly app: Preview;
  /** The app's browser: its service worker and database persist across the figures. */
  readonly browser: Browser;
  /** The baseline's browser, where no service worker answers. */
  readonly bareBrowser: Browser;
  readonly publisher: MqttClient;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  console.log('building the app…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  // The bare page lives on the same origin as the app (Chromium blocks about:blank from
  // reaching loopback), and opens in a browser of its own, where no service worker answers.
  writeFileSync('dist/bench-baseline.html', '<!doctype html><title>Baseline</title><p id="shown">mqtt.js only</p>\n');
  console.log('starting Mosquitto, vite preview and Chromium…');
  // A flood must reach the subscribers whole.
  const broker = await startMosquitto({ extra: UNBOUNDED_QUEUES });
  const app = await startPreview();
  const browser = await launchChromium({ width: 1280, height: 800 });
  const bareBrowser = await launchChromium({ width: 1280, height: 800 });
  const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, { clientId: 'bench-publisher' });
  return {
    broker,
    app,
    browser,
    bareBrowser,
    publisher,
    async close() {
      await publisher.endAsync();
      await browser.close();
      await bareBrowser.close();
      await app.close();
      await broker.dispose();
    },
  };
}

/** A 64-byte payload: `text` padded with dots. */
export const payload64 = (text: string) => text.padEnd(64, '.');

/**
 * Publishes `count` QoS 0 messages of 64 bytes as fast as the socket takes them, over
 * `topics` topics under `prefix`; the last one is `last` on `${prefix}/0`. Resolves with the
 * time the first was sent.
 */
export async function flood(rig: Rig, prefix: string, count: number, topics: number, last: string): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < count - 1; i++) {
    const topic = `${prefix}/${i % topics}`;
    // Wait for the socket now and then, so a million messages never sit in this process.
    if (i % 10_000 === 9_999) await rig.publisher.publishAsync(topic, payload64(`${i}`));
    else rig.publisher.publish(topic, payload64(`${i}`));
  }
  await rig.publisher.publishAsync(`${prefix}/0`, payload64(last));
  return started;
}

/** A steady stream of `perSecond` QoS 0 messages of 64 bytes to `topic` until stopped. */
export function steadyStream(rig: Rig, topic: string, perSecond: number): { stop(): number } {
  const started = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) rig.publisher.publish(topic, payload64(`${sent}`));
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return sent / ((performance.now() - started) / 1000);
    },
  };
}

/** Opens the app on `topic` through a connect link and waits until it is subscribed. */
export async function openApp(rig: Rig, page: Page, topic: string, clientId: string): Promise<void> {
  await page.goto(`${rig.app.url}?broker=${rig.broker.wsUrl}&topic=${encodeURIComponent(topic)}&client_id=${clientId}`);
  await page.getByText(`Subscribed to ${topic}.`).waitFor();
}

const mqttBrowserBuild = readFileSync('node_modules/mqtt/dist/mqtt.min.js', 'utf8');

/**
 * Opens the bare page: mqtt.js's own browser build, one client subscribed to `filter` with
 * no handler yet; the figure adds its own as `window.bare`.
 */
export async function openBare(rig: Rig, page: Page, filter: string): Promise<void> {
  await page.goto(`${rig.app.url}bench-baseline.html`);
  await page.addScriptTag({ content: mqttBrowserBuild });
  await page.evaluate(
    ({ url, filter }) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { mqtt: typeof mqtt; bare: MqttClient };
        w.bare = w.mqtt.connect(url, { clean: true });
        w.bare.on('connect', () => w.bare.subscribe(filter, () => resolve()));
      }),
    { url: rig.broker.wsUrl, filter },
  );
}
