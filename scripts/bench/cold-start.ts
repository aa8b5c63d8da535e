/**
 * Cold start: navigation to the saved last state on screen, served by the service worker,
 * ÷ the first paint of a static page with no script.
 */
import type { Page } from 'playwright-core';
import type { Rig } from './rig.js';

/** From the app's own performance mark; the app must have been visited before. */
export async function appColdStart(rig: Rig, page: Page, offline: boolean): Promise<number> {
  await rig.browser.context.setOffline(offline);
  await page.goto(rig.app.url);
  const mark = await page.waitForFunction(
    () => performance.getEntriesByName('hello-mqtt:last-state-painted')[0]?.startTime,
    undefined,
    { polling: 10 },
  );
  await rig.browser.context.setOffline(false);
  return (await mark.jsonValue()) as number;
}

export async function staticFirstPaint(page: Page): Promise<number> {
  await page.goto('data:text/html,<!doctype html><title>Static</title><h1>Hello MQTT</h1><p>No messages</p>');
  const paint = await page.waitForFunction(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    undefined,
    { polling: 10 },
  );
  return (await paint.jsonValue()) as number;
}
