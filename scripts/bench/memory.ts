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

/** How long the history is given to take what waits for storage after a flood. */
const RECORDED_WITHIN_MS = 20 * 60_000;

/**
 * Waits until the history has written what the flood left waiting: the issue's figure is the
 * heap after the messages are recorded, and shown is not yet recorded (the recorder holds up to
 * 50,000 waiting for storage, which a heap read at once counted). It waits for a marker sent
 * after the flood, not for the flood's last message: past those 50,000 the recorder drops a
 * flood's next ones (so the UI says), and the last may be among them (likely why this sat idle
 * on 2026-12-07, waiting for it: on 12-08 the first marker after a flood was dropped too).
 * Batches are written in order, so a marker recorded means everything before it that was kept
 * is too. A marker dropped in turn is followed by another.
 */
async function recorded(rig: Rig, page: Page, topic: string): Promise<number> {
  const giveUp = Date.now() + RECORDED_WITHIN_MS;
  for (let marker = 1; Date.now() < giveUp; marker++) {
    const text = payload64(`recorded ${marker}`);
    await rig.publisher.publishAsync(topic, text);
    if ((await whenStored(page, { store: 'historyTopics', key: topic, field: 'lastText', text }, 100, 15_000)) !== null) return marker;
  }
  throw new Error(`memory: the history did not record a message on ${topic} within ${RECORDED_WITHIN_MS / 60_000} minutes of the flood`);
}

/** The app's own words on messages the history did not keep, if any. */
async function historyShortfall(page: Page): Promise<string> {
  const said = page.getByText(/The history could not keep up/);
  return (await said.count()) > 0 ? ((await said.first().textContent()) ?? '') : '';
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
    if (process.env.BENCH_HISTORY !== 'off') {
      const markers = await recorded(rig, page, `${prefix}/0`);
      const shortfall = await historyShortfall(page);
      console.log(`  ${round} ${last}: recorded after ${markers} marker(s)${shortfall ? `; ${shortfall}` : ''}`);
    }
    return heapAfterGarbageCollection(page);
  };
  const afterFirst = await shown('after first', first);
  const afterTotal = await shown('after total', total - first);
  return { first: afterFirst, total: afterTotal };
}
