/**
 * `npm run bench`: speed and size figures of the built app, each a ratio against a baseline
 * measured in the same run on the same machine (median of BENCH_ROUNDS rounds, min and max).
 * Real Mosquitto, Debian's Chromium, the production build. Writes bench/results/latest.json.
 *
 * - ingest: messages per second until the last one is painted and saved, ÷ a bare page whose
 *   mqtt.js client only counts messages (100,000 QoS 0 messages of 64 bytes, 10 and 1,000 topics);
 * - cold start: navigation to the last state painted, served by the service worker, online and
 *   offline, ÷ first paint of a static page with no script;
 * - size: gzip bytes per chunk, before the paint and in all.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/node/chromium.js';
import { startMosquitto } from '../test/support/node/mosquitto.js';
import { startPreview } from '../test/support/node/preview.js';
import { measureBundle } from './check-size.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);

interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly app: number[];
  readonly baseline: number[];
  /** True when a larger value is better (a rate); false for durations. */
  readonly higherIsBetter: boolean;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log('building the app…');
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
// The bare page lives on the same origin as the app (Chromium blocks about:blank from
// reaching loopback), and opens in a browser of its own, where no service worker answers.
writeFileSync('dist/bench-baseline.html', '<!doctype html><title>Baseline</title><p>mqtt.js only</p>\n');
console.log('starting Mosquitto, vite preview and Chromium…');
// A flood must reach the subscribers whole: Mosquitto's default drops messages beyond 1,000
// queued for a client that reads more slowly than the publisher writes.
const broker = await startMosquitto({ extra: ['max_queued_messages 0', 'max_queued_bytes 0'] });
const app = await startPreview();
const browser = await launchChromium({ width: 1280, height: 800 });
const bareBrowser = await launchChromium({ width: 1280, height: 800 });
const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.tcpPort}`, { clientId: 'bench-publisher' });
const mqttBrowserBuild = readFileSync('node_modules/mqtt/dist/mqtt.min.js', 'utf8');

/** Publishes `count` QoS 0 messages of 64 bytes over `topics` topics; the last says "last". */
async function flood(round: string, topics: number): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < MESSAGES - 1; i++) {
    publisher.publish(`bench/${round}/${i % topics}`, `${i}`.padEnd(64, '.'));
  }
  await publisher.publishAsync(`bench/${round}/0`, 'last'.padEnd(64, '.'));
  return started;
}

/** The bare page: mqtt.js only, counting messages until the last one. */
async function baselineIngest(page: Page, round: string, topics: number): Promise<number> {
  await page.goto(`${app.url}bench-baseline.html`);
  await page.addScriptTag({ content: mqttBrowserBuild });
  await page.evaluate(
    ({ url, filter }) =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { mqtt: typeof mqtt; done: Promise<number>; received: number };
        const client = w.mqtt.connect(url, { clean: true });
        w.received = 0;
        w.done = new Promise((finish) =>
          client.on('message', (_topic, payload) => {
            w.received++;
            if (payload.length === 64 && payload[0] === 108 /* l */ && payload[1] === 97 /* a */) {
              finish(Date.now());
              client.end(true);
            }
          }),
        );
        client.on('connect', () => client.subscribe(filter, () => resolve()));
      }),
    { url: broker.wsUrl, filter: `bench/${round}/#` },
  );
  const started = await flood(round, topics);
  const finished = await page.evaluate(() => (window as unknown as { done: Promise<number> }).done);
  return MESSAGES / ((finished - started) / 1000);
}

/** The app: until the last message is painted and saved in IndexedDB. */
async function appIngest(page: Page, round: string, topics: number): Promise<number> {
  await page.goto(`${app.url}?broker=${broker.wsUrl}&topic=bench/${round}/%23&client_id=bench-${round}`);
  await page.getByText(`Subscribed to bench/${round}/#.`).waitFor();
  const last = 'last'.padEnd(64, '.');
  const started = await flood(round, topics);
  await page.getByLabel('Last message').getByText(last, { exact: true }).waitFor({ timeout: 600_000 });
  const finished = await page.evaluate(
    async ({ filter, text }) => {
      // Saved: poll the app's own database until the last message is in it.
      for (;;) {
        const saved = await new Promise<string | undefined>((resolve) => {
          const open = indexedDB.open('hello-mqtt');
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction('lastMessages').objectStore('lastMessages').get(filter);
            get.onsuccess = () => {
              db.close();
              resolve((get.result as { message?: { text: string } } | undefined)?.message?.text);
            };
          };
        });
        if (saved === text) return Date.now();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    { filter: `bench/${round}/#`, text: last },
  );
  return MESSAGES / ((finished - started) / 1000);
}

/** Navigation to the saved last state on screen, from the app's own performance mark. */
async function appColdStart(page: Page, offline: boolean): Promise<number> {
  await browser.context.setOffline(offline);
  await page.goto(app.url);
  const mark = await page.waitForFunction(
    () => performance.getEntriesByName('hello-mqtt:last-state-painted')[0]?.startTime,
    undefined,
    { polling: 10 },
  );
  await browser.context.setOffline(false);
  return (await mark.jsonValue()) as number;
}

/** First paint of a static page with no script. */
async function staticFirstPaint(page: Page): Promise<number> {
  await page.goto('data:text/html,<!doctype html><title>Static</title><h1>Hello MQTT</h1><p>No messages</p>');
  const paint = await page.waitForFunction(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    undefined,
    { polling: 10 },
  );
  return (await paint.jsonValue()) as number;
}

console.log('measuring…');
const figures: Figure[] = [];
const page = await browser.context.newPage();
const barePage = await bareBrowser.context.newPage();
for (const topics of [10, 1000]) {
  const figure: Figure = { name: `ingest, ${topics} topics`, unit: 'msg/s', app: [], baseline: [], higherIsBetter: true };
  for (let round = 0; round < ROUNDS; round++) {
    figure.baseline.push(await baselineIngest(barePage, `b${topics}-${round}`, topics));
    figure.app.push(await appIngest(page, `a${topics}-${round}`, topics));
    console.log(`${figure.name}, round ${round + 1}: app ${figure.app.at(-1)!.toFixed(0)}, baseline ${figure.baseline.at(-1)!.toFixed(0)} msg/s`);
  }
  figures.push(figure);
}

// The app has been visited: its service worker is installed and a last message is saved.
for (const offline of [false, true]) {
  const figure: Figure = { name: `cold start, ${offline ? 'offline' : 'online'}`, unit: 'ms', app: [], baseline: [], higherIsBetter: false };
  for (let round = 0; round < ROUNDS; round++) {
    figure.baseline.push(await staticFirstPaint(barePage));
    figure.app.push(await appColdStart(page, offline));
  }
  figures.push(figure);
}

const size = measureBundle();
await publisher.endAsync();
await browser.close();
await bareBrowser.close();
await app.close();
await broker.dispose();

const rows = figures.map((f) => {
  const ratios = f.app.map((value, i) => value / f.baseline[i]!);
  return {
    name: f.name,
    unit: f.unit,
    app: median(f.app),
    baseline: median(f.baseline),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    higherIsBetter: f.higherIsBetter,
  };
});
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const result = { date: new Date().toISOString(), machine, rounds: ROUNDS, messages: MESSAGES, figures: rows, size };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(result, null, 2)}\n`);

const fixed = (n: number, digits = 2) => n.toFixed(digits);
console.log(`\nHello MQTT benchmark: ${result.date}, ${machine}, median of ${ROUNDS} rounds\n`);
console.log('| figure | app | baseline | ratio (min–max) |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) {
  const digits = r.unit === 'ms' ? 1 : 0;
  console.log(`| ${r.name} | ${fixed(r.app, digits)} ${r.unit} | ${fixed(r.baseline, digits)} ${r.unit} | ${fixed(r.ratio)} (${fixed(r.ratioMin)}–${fixed(r.ratioMax)}) |`);
}
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
console.log(`| JavaScript and CSS before the last state is painted (gzip) | ${kB(size.critical)} | budget 30 kB | ${fixed(size.critical / (30 * 1024))} |`);
console.log(`| all first-visit JavaScript and CSS (gzip) | ${kB(size.firstVisit)} | mqtt.js browser build ${kB(size.mqttBrowserBuild)} | ${fixed(size.firstVisit / size.mqttBrowserBuild)} |`);
for (const chunk of size.chunks) console.log(`|   ${chunk.file} | ${kB(chunk.gzip)} | ${chunk.critical ? 'before paint' : 'after paint'} | |`);
