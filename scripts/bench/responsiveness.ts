/**
 * Responsiveness under a flood: while a steady stream of messages arrives on the app's topic,
 * the longest main-thread task and the time from a click on Set state to the message
 * reaching mosquitto_sub, each against the same with no stream.
 */
import { launchThrottlingChromium } from '../../test/support/node/chromium.js';
import { mosquittoSub } from '../../test/support/node/mosquitto.js';
import { median } from './figures.js';
import { plainPage } from './plain-cdp.js';
import { openApp, steadyStream, type BenchEntity, type Rig } from './rig.js';

const TOPIC = 'bench/responsiveness';
const SESSION_WORKER = 'session-worker';
const CLICKS_PER_ROUND = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ResponsivenessRound {
  /** Longest stretch the main thread could not run a 10 ms timer, in ms. */
  readonly longestTask: number;
  /** Longest task the Long Tasks API reported (it reports only those over 50 ms); 0 if none. */
  readonly longestReportedTask: number;
  /** Median of this round's clicks, in ms. */
  readonly clickToPublish: number;
  /**
   * Medians of the parts of a click, in ms: until the click event runs, until the page has
   * saved it and hands the PUBLISH to the worker, until the worker sends its frame, until
   * mosquitto_sub has it.
   */
  readonly clickParts: { readonly toClickEvent: number; readonly toWorker: number; readonly inWorker: number; readonly toSubscriber: number };
}

export interface Responsiveness {
  measure(flooding: boolean): Promise<ResponsivenessRound>;
  close(): Promise<void>;
}

/** Where the stream goes, and what is on the dashboard meanwhile. */
export interface StreamSetup {
  /** The stream's topic, or with `topics` the start of its topics (`…/0` to `…/999`). */
  readonly streamTopic: string;
  readonly topics: number;
  /** Entities after hello_mqtt, which is on the topic clicks publish to. */
  readonly entities: readonly BenchEntity[];
}

/** The first setup: the stream on hello_mqtt's own topic, the one entity on the dashboard. */
export const ON_THE_APPS_TOPIC: StreamSetup = { streamTopic: TOPIC, topics: 1, entities: [] };

/** 20 entities on screen: a filter over the stream's 1,000 topics, and 18 on single ones. */
export const TWENTY_ENTITIES: StreamSetup = {
  streamTopic: 'bench/stream',
  topics: 1000,
  entities: [
    { name: 'The whole stream', topic: 'bench/stream/#' },
    ...Array.from({ length: 18 }, (_, i) => ({ name: `Sensor ${i}`, topic: `bench/stream/${i * 50}` })),
  ],
};

/** In the page: the first element matching a selector, in the document or any shadow root. */
const DEEP_QUERY = `(function deep(selector, root = document) {
  const found = root.querySelector(selector);
  if (found !== null) return found;
  for (const element of root.querySelectorAll('*')) {
    const inner = element.shadowRoot === null ? null : deep(selector, element.shadowRoot);
    if (inner !== null) return inner;
  }
  return null;
})`;

/**
 * Opens the app on its own topic, with a mosquitto_sub that times the arrivals, in a Chromium
 * of its own: set up with Playwright, which then lets go of it, and measured over plain CDP
 * (plain-cdp.ts), so that the stream's frames are not traced to this process meanwhile.
 */
export async function openResponsiveness(rig: Rig, perSecond: number, setup: StreamSetup = ON_THE_APPS_TOPIC): Promise<Responsiveness> {
  const browser = await launchThrottlingChromium(['--window-size=1280,800']);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  // A first visit makes the app's database (and installs its service worker), as in the rig.
  await page.goto(rig.app.url);
  await page.getByRole('button', { name: 'Dashboard', exact: true }).waitFor();
  const arrivals = new Map<string, (at: number) => void>();
  const subscriber = await mosquittoSub(rig.broker.tcpPort, TOPIC, {
    onMessage: (message) => message.startsWith('click ') && arrivals.get(message)?.(performance.now()),
  });
  // Where a click's time goes: the page notes when the click event runs and when it hands the
  // PUBLISH to the session worker (after the outbox has saved it), on the same clock as here.
  await page.addInitScript(() => {
    const marks = { clickEvent: 0, handedToWorker: 0 };
    (window as unknown as { benchMarks: typeof marks }).benchMarks = marks;
    addEventListener('click', () => (marks.clickEvent = Date.now()), { capture: true });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
      if ((message as { method?: string }).method === 'publish') marks.handedToWorker = Date.now();
      return post.call(this, message, ...rest);
    } as typeof post;
  });
  await openApp(rig, page, [{ name: 'hello_mqtt', topic: TOPIC }, ...setup.entities], 'bench-responsiveness');
  // …and the session worker notes when mqtt.js hands the PUBLISH frame to the WebSocket.
  const isSession = (w: { url(): string }) => w.url().includes(SESSION_WORKER);
  const worker = page.workers().find(isSession) ?? (await page.waitForEvent('worker', { predicate: isSession }));
  await worker.evaluate(() => {
    const marks = { frameSent: 0 };
    (self as unknown as { benchMarks: typeof marks }).benchMarks = marks;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
      if (bytes !== null && new TextDecoder().decode(bytes).includes('click ')) marks.frameSent = Date.now();
      send.call(this, data);
    };
  });
  await page.evaluate(() => {
    // The probe: a 10 ms timer that notes how late it runs, and the Long Tasks API.
    const probe = { longest: 0, reported: 0 };
    (window as unknown as { benchProbe: typeof probe }).benchProbe = probe;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      probe.longest = Math.max(probe.longest, now - last - 10);
      last = now;
    }, 10);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.reported = Math.max(probe.reported, entry.duration);
    }).observe({ type: 'longtask' });
  });
  await browser.letGo!();
  const plain = await plainPage(browser.devToolsEndpoint!, rig.app.url);
  let clicks = 0;

  const parts = { toClickEvent: [] as number[], toWorker: [] as number[], inWorker: [] as number[], toSubscriber: [] as number[] };

  async function clickToPublish(): Promise<number> {
    const text = `click ${++clicks}`;
    // As a user's typing: the field focused and emptied, then the text put in (one input event).
    await plain.evaluate(`(() => { const field = ${DEEP_QUERY}('[aria-label="New state hello_mqtt"]'); field.focus(); field.select(); })()`);
    await plain.insertText(text);
    const arrived = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`"${text}" never reached mosquitto_sub`)), 30_000);
      arrivals.set(text, (at) => {
        clearTimeout(timer);
        arrivals.delete(text);
        resolve(at);
      });
    });
    // Settled even if the click itself fails, so the process never sees it unhandled.
    arrived.catch(() => undefined);
    // A user's click: one press and release where the button is.
    const button = await plain.evaluate<{ x: number; y: number } | null>(
      `(() => { const button = ${DEEP_QUERY}('button[aria-label="Set state hello_mqtt"]'); if (button === null) return null; const box = button.getBoundingClientRect(); return { x: box.x + box.width / 2, y: box.y + box.height / 2 }; })()`,
    );
    if (button === null) throw new Error('no Set state button on screen');
    const clicked = performance.now();
    const clickedAt = Date.now();
    await plain.click(button.x, button.y);
    try {
      const took = (await arrived) - clicked;
      const marks = await plain.evaluate<{ clickEvent: number; handedToWorker: number }>('window.benchMarks');
      const { frameSent } = await plain.evaluateInWorker<{ frameSent: number }>(SESSION_WORKER, 'self.benchMarks');
      parts.toClickEvent.push(marks.clickEvent - clickedAt);
      parts.toWorker.push(marks.handedToWorker - marks.clickEvent);
      parts.inWorker.push(frameSent - marks.handedToWorker);
      parts.toSubscriber.push(clickedAt + took - frameSent);
      return took;
    } catch (error) {
      const outbox = await plain.evaluate<string>(`${DEEP_QUERY}('#outbox-summary')?.textContent ?? ''`);
      const shown = await plain.evaluate<string>(`${DEEP_QUERY}('[aria-label="Last message hello_mqtt"]')?.textContent ?? ''`);
      throw new Error(`${(error as Error).message}; the app's outbox says "${outbox}", last message shown "${shown}"`);
    }
  }

  return {
    async measure(flooding) {
      const stream = flooding ? steadyStream(rig, setup.streamTopic, perSecond, setup.topics) : undefined;
      await sleep(1000);
      await plain.evaluate('Object.assign(window.benchProbe, { longest: 0, reported: 0 })');
      const times: number[] = [];
      for (const list of Object.values(parts)) list.length = 0;
      for (let i = 0; i < CLICKS_PER_ROUND; i++) {
        times.push(await clickToPublish());
        await sleep(300);
      }
      await sleep(500);
      const probe = await plain.evaluate<{ longest: number; reported: number }>('window.benchProbe');
      const rate = stream?.stop();
      if (rate !== undefined && rate < perSecond * 0.95) console.warn(`  the stream ran at ${rate.toFixed(0)} msg/s, not ${perSecond}`);
      // Let the app drain what is still on its way before the next measurement.
      await sleep(1000);
      return {
        longestTask: probe.longest,
        longestReportedTask: probe.reported,
        clickToPublish: median(times),
        clickParts: {
          toClickEvent: median(parts.toClickEvent),
          toWorker: median(parts.toWorker),
          inWorker: median(parts.inWorker),
          toSubscriber: median(parts.toSubscriber),
        },
      };
    },
    async close() {
      await plain.close();
      await subscriber.stop();
      await browser.close();
    },
  };
}
