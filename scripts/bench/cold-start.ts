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
 */
import type { Page } from 'playwright-core';
import type { Rig } from './rig.js';

/** The app's mark: the frame that paints the restored states is under way (main.ts). */
const RENDERED = 'hello-mqtt:last-state-rendered';

/** The app must have been visited before, its service worker in control. */
export async function appColdStart(rig: Rig, page: Page, offline: boolean): Promise<number> {
  await page.goto('about:blank');
  await rig.browser.context.setOffline(offline);
  await page.goto(rig.app.url);
  const timing = await page.waitForFunction(
    (rendered) => {
      const restored = performance.getEntriesByName(rendered)[0]?.startTime;
      const painted = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
      return restored === undefined || painted === undefined ? undefined : { restored, painted };
    },
    RENDERED,
    { polling: 10 },
  );
  const { restored, painted } = (await timing.jsonValue()) as { restored: number; painted: number };
  await page.goto('about:blank');
  await rig.browser.context.setOffline(false);
  // A paint before the restored states were in the page would be some other text's.
  if (painted < restored) throw new Error(`the app painted text at ${painted} ms, before its saved states were rendered (${restored} ms)`);
  return painted;
}

export async function staticFirstPaint(page: Page): Promise<number> {
  await page.goto('about:blank');
  await page.goto('data:text/html,<!doctype html><title>Static</title><h1>Hello MQTT</h1><p>No messages</p>');
  const paint = await page.waitForFunction(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    undefined,
    { polling: 10 },
  );
  const painted = (await paint.jsonValue()) as number;
  await page.goto('about:blank');
  return painted;
}
