/**
 * Cold start: navigation to the saved last states on screen, served by the service worker,
 * ÷ the first paint of a static page with no script.
 *
 * Both sides are timed as the browser times a paint: when the frame is on screen (the paint
 * timing's first-contentful-paint). The app draws nothing before its restored dashboard, so its
 * first contentful paint is the frame that shows the saved states. Each visit starts from
 * about:blank and goes back to it once timed, as a start from the home screen has no page
 * before it: leaving the app's live page took some 20 ms of the next visit, and its connecting
 * after the paint ran beside the static page's visit.
 *
 * The timings are read with the DevTools protocol's plain evaluate, a one-line expression each
 * 10 ms: Playwright's waitForFunction first puts its own script in the page, and a trace showed
 * that script compiled on the app's main thread for 6 ms as the app started, after its load
 * event, so the measuring was inside the figure (the static page, loaded at once, took it later).
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Rig } from './rig.js';

/** The app's mark: the frame that paints the restored states is under way (main.ts). */
const RENDERED = 'hello-mqtt:last-state-rendered';
/** The app's mark: it replaced the service worker's copy of the last screen (main.ts). */
const REPLACED = 'hello-mqtt:last-screen-replaced';

const sessions = new WeakMap<Page, Promise<CDPSession>>();
function devtools(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (session === undefined) {
    session = page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

/** Polls `expression` in the page until it is not null; it must give JSON. */
async function whenSet<T>(page: Page, expression: string): Promise<T> {
  const session = await devtools(page);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { result } = await session.send('Runtime.evaluate', { expression, returnByValue: true });
    if (result.value !== null && result.value !== undefined) return result.value as T;
    if (Date.now() > deadline) throw new Error(`nothing came of ${expression} in 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const startTime = (name: string) => `performance.getEntriesByName(${JSON.stringify(name)})[0]?.startTime`;

/** Opens `url` from about:blank, and returns once `expression` has a value in it. */
async function visit<T>(page: Page, url: string, expression: string): Promise<T> {
  await page.goto('about:blank');
  // 'commit': Playwright's wait for the load event would run its own code in the page.
  await page.goto(url, { waitUntil: 'commit' });
  // Until the new page is in, the evaluation may still reach about:blank.
  const value = await whenSet<T>(page, `location.protocol === ${JSON.stringify(new URL(url).protocol)} ? ${expression} : null`);
  await page.goto('about:blank');
  return value;
}

export interface ColdStart {
  /** The first contentful paint: the copy of the last screen, or the app's own screen. */
  readonly painted: number;
  /** The app's own screen, rendered from IndexedDB: its frame is under way (behind the copy). */
  readonly rendered: number;
}

/** The app must have been visited before, its service worker in control. */
export async function appColdStart(rig: Rig, page: Page, offline: boolean): Promise<ColdStart> {
  await rig.browser.context.setOffline(offline);
  try {
    const { restored, painted, copied } = await visit<{ restored: number; painted: number; copied: boolean }>(
      page,
      rig.app.url,
      `(() => { const restored = ${startTime(RENDERED)}, painted = ${startTime('first-contentful-paint')}, copied = ${startTime(REPLACED)}; return restored === undefined || painted === undefined ? null : { restored, painted, copied: copied !== undefined }; })()`,
    );
    // A paint before the restored states were in the page would be some other text's, unless
    // it was the copy of the last screen, in the page from its first byte.
    if (painted < restored && !copied) throw new Error(`the app painted text at ${painted} ms, before its saved states were rendered (${restored} ms)`);
    return { painted, rendered: restored };
  } finally {
    await rig.browser.context.setOffline(false);
  }
}

export async function staticFirstPaint(page: Page): Promise<number> {
  const url = 'data:text/html,<!doctype html><title>Static</title><h1>Hello MQTT</h1><p>No messages</p>';
  return visit<number>(page, url, startTime('first-contentful-paint'));
}
