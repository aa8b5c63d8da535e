/**
 * What every figure measures against: one real Mosquitto, the built app behind vite preview,
 * a Chromium for the app and another for the bare mqtt.js page, and a Node publisher.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { DB_NAME } from '../../src/db/database.js';
import { createEntity } from '../../src/entities/entity.js';
import { DEFAULT_HISTORY, type HistoryOptions } from '../../src/history/history.js';
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
  // One visit makes the app's database (and installs its service worker) for the figures.
  const first = await browser.context.newPage();
  await first.goto(app.url);
  await first.getByRole('button', { name: 'Dashboard', exact: true }).waitFor();
  await first.close();
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

export interface Flood {
  /** When the first message was sent (ms since the epoch). */
  readonly started: number;
  /** The publisher's own rate: messages ÷ the time it took to hand them all to its socket. */
  readonly publisherRate: number;
}

/**
 * Publishes `count` QoS 0 messages of 64 bytes as fast as the socket takes them, over
 * `topics` topics under `prefix`; the last one is `last` on `${prefix}/0`.
 */
export async function flood(rig: Rig, prefix: string, count: number, topics: number, last: string): Promise<Flood> {
  const started = Date.now();
  for (let i = 0; i < count - 1; i++) {
    const topic = `${prefix}/${i % topics}`;
    // Wait for the socket now and then, so a million messages never sit in this process.
    if (i % 10_000 === 9_999) await rig.publisher.publishAsync(topic, payload64(`${i}`));
    else rig.publisher.publish(topic, payload64(`${i}`));
  }
  await rig.publisher.publishAsync(`${prefix}/0`, payload64(last));
  return { started, publisherRate: count / Math.max(0.001, (Date.now() - started) / 1000) };
}

/**
 * A steady stream of `perSecond` QoS 0 messages of 64 bytes until stopped: to `topic`, or
 * spread over `topics` topics under it (`topic/0` …).
 */
export function steadyStream(rig: Rig, topic: string, perSecond: number, topics = 1): { stop(): number } {
  const started = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) rig.publisher.publish(topics === 1 ? topic : `${topic}/${sent % topics}`, payload64(`${sent}`));
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return sent / ((performance.now() - started) / 1000);
    },
  };
}

/** An entity as a figure wants it on the dashboard. */
export interface BenchEntity {
  readonly name: string;
  readonly topic: string;
  /** History limits other than the defaults (a chart of more than 10,000 points). */
  readonly history?: Partial<HistoryOptions>;
}

/**
 * Puts exactly these entities on the app's dashboard, in order, by writing them where the app
 * keeps them (from a page of the app's origin that runs none of its code), as if the user had
 * added them.
 */
export async function useEntities(rig: Rig, page: Page, entities: readonly BenchEntity[]): Promise<void> {
  // BENCH_HISTORY=off: the same figures with no history recorded, to see what it costs.
  const off = process.env.BENCH_HISTORY === 'off' ? { keep: false } : {};
  const stored = entities.map(({ name, topic, history }, position) => ({
    ...createEntity(name, topic, { history: { ...DEFAULT_HISTORY, ...off, ...history } }),
    position,
  }));
  await page.goto(`${rig.app.url}bench-baseline.html`);
  await page.evaluate(
    ({ name, stored }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => {
          const transaction = open.result.transaction('entities', 'readwrite');
          const store = transaction.objectStore('entities');
          store.clear();
          for (const entity of stored) store.put(entity);
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { name: DB_NAME, stored },
  );
}

/**
 * Opens the app with these entities through a connect link, and waits until the first is
 * subscribed (the others are subscribed in the same SUBSCRIBE, or before it).
 */
export async function openApp(rig: Rig, page: Page, entities: readonly BenchEntity[], clientId: string): Promise<void> {
  await useEntities(rig, page, entities);
  await page.goto(`${rig.app.url}?broker=${rig.broker.wsUrl}&client_id=${clientId}`);
  await page.getByText(subscribedText(entities[0]!.topic)).first().waitFor();
}

/** The words an entity's card says once its filter is subscribed, directly or through a wider one. */
export function subscribedText(topic: string): RegExp {
  return new RegExp(`^Subscribed to ${topic.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ .]`);
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

/** A record of the app's database: which store, which key, and the field that must hold `text`. */
export interface Stored {
  readonly store: 'topics' | 'historyTopics';
  readonly key: string;
  readonly field: 'text' | 'lastText';
  readonly text: string;
}

/**
 * Polls the app's own database, in the page, every `pollMs`, until `wanted` is stored; returns
 * the page's clock (Date.now()) then, or null if it was not stored within `withinMs`.
 */
export async function whenStored(page: Page, wanted: Stored, pollMs: number, withinMs: number): Promise<number | null> {
  return page.evaluate(
    async ({ wanted, pollMs, withinMs, dbName }) => {
      const giveUp = Date.now() + withinMs;
      for (;;) {
        const found = await new Promise<unknown>((resolve) => {
          const open = indexedDB.open(dbName);
          open.onerror = () => resolve(undefined);
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction(wanted.store).objectStore(wanted.store).get(wanted.key);
            get.onerror = () => resolve(undefined);
            get.onsuccess = () => {
              db.close();
              resolve((get.result as Record<string, unknown> | undefined)?.[wanted.field]);
            };
          };
        });
        if (found === wanted.text) return Date.now();
        if (Date.now() >= giveUp) return null;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    { wanted, pollMs, withinMs, dbName: DB_NAME },
  );
}
