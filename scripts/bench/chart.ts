/**
 * The history chart: the time from a tap on History to the chart drawn, for a topic with
 * `points` numbers kept on the device (read from IndexedDB, thinned to the pixels), and the
 * longest main-thread task while that chart follows a stream of numbers.
 */
import type { Page } from 'playwright-core';
import { MIB } from '../../src/history/history.js';
import { openApp, type Rig } from './rig.js';

/** How many messages of a topic the history holds, read from IndexedDB in the page. */
async function keptCount(page: Page, topic: string): Promise<number> {
  return page.evaluate(
    (topic) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('hello-mqtt');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('historyTopics').objectStore('historyTopics').get(topic);
          get.onsuccess = () => {
            resolve((get.result as { count: number } | undefined)?.count ?? 0);
            open.result.close();
          };
        };
      }),
    topic,
  );
}

/** Temperatures, as a sensor sends them. */
const reading = (i: number) => (20 + 3 * Math.sin(i / 500) + (i % 13) / 100).toFixed(2);

export interface ChartRig {
  /** Tap on History, after a reload, to the chart drawn (ms). */
  open(): Promise<number>;
  /** The longest task (Long Tasks API, ms; 0: none over 50) while the open chart follows `perSecond` numbers for `seconds`. */
  longestTaskDuringStream(perSecond: number, seconds: number): Promise<number>;
}

export async function openChartRig(rig: Rig, page: Page, round: string, points: number): Promise<ChartRig> {
  const topic = `bench/chart/${round}`;
  await openApp(rig, page, [{ name: 'hello_mqtt', topic, history: { maxMessages: points * 2, maxBytes: 256 * MIB } }], `bench-chart-${round}`);
  // In steps of 10,000, each once the last is kept: a burst beyond what the storage takes
  // would not all be kept (the recorder holds at most 50,000 waiting).
  const deadline = Date.now() + 600_000;
  for (let step = 0; step < points; step += 10_000) {
    const end = Math.min(points, step + 10_000);
    for (let i = step; i < end; i++) {
      if (i % 5_000 === 4_999 || i === end - 1) await rig.publisher.publishAsync(topic, reading(i));
      else rig.publisher.publish(topic, reading(i));
    }
    while ((await keptCount(page, topic)) < end) {
      if (Date.now() > deadline) throw new Error(`the history of ${topic} did not reach ${end}`);
      await page.waitForTimeout(250);
    }
  }
  let sent = points;
  return {
    async open() {
      await page.reload();
      await page.getByRole('button', { name: 'History of hello_mqtt' }).waitFor();
      await page.evaluate(() => {
        document.addEventListener('pointerdown', (event) => ((window as unknown as { benchDown: number }).benchDown = event.timeStamp), { capture: true, once: true });
      });
      // A user's tap where the button is (Playwright's click first asks the page whether it is ready).
      const box = await page.getByRole('button', { name: 'History of hello_mqtt' }).boundingBox();
      if (box === null) throw new Error('no History button on screen');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction(() => performance.getEntriesByName('hello-mqtt:history-chart-drawn').length > 0, undefined, { timeout: 60_000 });
      return page.evaluate(() => performance.getEntriesByName('hello-mqtt:history-chart-drawn')[0]!.startTime - (window as unknown as { benchDown: number }).benchDown);
    },
    async longestTaskDuringStream(perSecond, seconds) {
      await page.evaluate(() => {
        const probe = { longest: 0 };
        (window as unknown as { benchTasks: typeof probe }).benchTasks = probe;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) probe.longest = Math.max(probe.longest, entry.duration);
        }).observe({ type: 'longtask' });
      });
      const started = performance.now();
      while (performance.now() - started < seconds * 1000) {
        const due = points + Math.floor(((performance.now() - started) / 1000) * perSecond);
        for (; sent < due; sent++) rig.publisher.publish(topic, reading(sent));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await page.waitForTimeout(500);
      return page.evaluate(() => (window as unknown as { benchTasks: { longest: number } }).benchTasks.longest);
    },
  };
}
