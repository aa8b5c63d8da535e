/**
 * Memory: the app's JavaScript heap (page and session worker) after 1,000,000 messages ÷
 * after the first 10,000, over 1,000 or 10,000 topics, each read after a full garbage
 * collection. State bounded by the topics, not the messages, keeps the ratio near 1.
 */
import type { Page } from 'playwright-core';
import { flood, openApp, payload64, whenStored, type Rig } from './rig.js';


/**
 * Used JS heap of the page and of its workers (the MQTT session runs in one), each after a
 * full garbage collection. Workers are reached through the page's CDP session by target.
 */
async function heapAfterGarbageCollection(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const workers: string[] = [];
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.push(sessionId);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let nextId = 1;
  const replies = new Map<number, (result: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message) as { id?: number; result?: unknown };
    if (reply.id !== undefined) replies.get(reply.id)?.(reply.result);
  });
  const inWorker = <T>(sessionId: string, method: string) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      replies.set(id, resolve as (result: unknown) => void);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  let used = 0;
  await cdp.send('HeapProfiler.collectGarbage');
  used += (await cdp.send('Runtime.getHeapUsage')).usedSize;
  for (const worker of workers) {
    await inWorker(worker, 'HeapProfiler.collectGarbage');
    used += (await inWorker<{ usedSize: number }>(worker, 'Runtime.getHeapUsage')).usedSize;
  }
  await cdp.detach();
  if (workers.length === 0) throw new Error('the session worker was not found');
  return used;
}

/**
 * Waits until the history holds `text` as the newest message of `topic`: the figure is
 * the heap after that many messages are recorded. Shown is not yet recorded: under a flood the
 * recorder holds up to 50,000 messages waiting for storage, which a heap read at once counted.
 * Batches are written in order, so the last message recorded means all of them are.
 */
async function recorded(page: Page, topic: string, text: string): Promise<void> {
  await whenStored(page, { store: 'historyTopics', key: topic, field: 'lastText', text }, 100);
}

export async function appHeaps(
  rig: Rig,
  page: Page,
  round: string,
  first: number,
  total: number,
  topics: number,
): Promise<{ first: number; total: number }> {
  const prefix = `bench/${round}`;
  await openApp(rig, page, [{ name: 'hello_mqtt', topic: `${prefix}/#` }], `bench-${round}`);
  const shown = async (last: string, count: number) => {
    await flood(rig, prefix, count, topics, last);
    await page.getByLabel('Last message hello_mqtt').getByText(payload64(last), { exact: true }).waitFor({ timeout: 1_800_000 });
    if (process.env.BENCH_HISTORY !== 'off') await recorded(page, `${prefix}/0`, payload64(last));
    return heapAfterGarbageCollection(page);
  };
  const afterFirst = await shown('after first', first);
  const afterTotal = await shown('after total', total - first);
  return { first: afterFirst, total: afterTotal };
}
