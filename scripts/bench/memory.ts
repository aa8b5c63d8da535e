/**
 * Memory: the app's JavaScript heap after 1,000,000 messages ÷ after the first 10,000, each
 * read after a full garbage collection. Bounded state keeps the ratio near 1.
 */
import type { Page } from 'playwright-core';
import { flood, openApp, payload64, type Rig } from './rig.js';

const TOPICS = 1000;

async function heapAfterGarbageCollection(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

export async function appHeaps(rig: Rig, page: Page, round: string, first: number, total: number): Promise<{ first: number; total: number }> {
  const prefix = `bench/${round}`;
  await openApp(rig, page, `${prefix}/#`, `bench-${round}`);
  const shown = async (last: string, count: number) => {
    await flood(rig, prefix, count, TOPICS, last);
    await page.getByLabel('Last message').getByText(payload64(last), { exact: true }).waitFor({ timeout: 1_800_000 });
    return heapAfterGarbageCollection(page);
  };
  const afterFirst = await shown('after first', first);
  const afterTotal = await shown('after total', total - first);
  return { first: afterFirst, total: afterTotal };
}
