/**
 * A background tab keeps its connection: hidden behind another tab for longer than Chromium's
 * grace period, its main-thread timers run about once a minute, far apart for a 5 s
 * keepalive. The MQTT session runs in a worker, whose timers Chromium does not throttle, so
 * the broker never times the app out and messages keep coming.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchThrottlingChromium } from '../support/node/chromium.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPub } from '../support/node/mosquitto.js';

const CLIENT_ID = 'background-tab';
const TOPIC = 'home/background';
const KEEPALIVE_SECONDS = 5;
/** Chromium throttles a hidden page's timers to one wake-up a minute after about 60 s. */
const HIDDEN_SECONDS = 100;

describe('a background tab', { timeout: 240_000 }, () => {
  const env = setUpApp({ browser: false });

  it(`keeps its connection with a ${KEEPALIVE_SECONDS} s keepalive while hidden and throttled for ${HIDDEN_SECONDS} s`, async () => {
    const browser = await launchThrottlingChromium();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(
        `${env.app.url}?broker=${env.broker.wsUrl}&topic=${TOPIC}&client_id=${CLIENT_ID}&keepalive=${KEEPALIVE_SECONDS}`,
      );
      await page.getByText(`Subscribed to ${TOPIC}.`).waitFor();
      // A witness on the page's main thread: how often a 1 s timer really runs.
      await page.evaluate(() => {
        const ticks: number[] = [];
        (window as unknown as { ticks: number[] }).ticks = ticks;
        setInterval(() => ticks.push(performance.now()), 1000);
      });

      const cover = await browser.context.newPage();
      await cover.goto('about:blank');
      assert.equal(await page.evaluate(() => document.visibilityState), 'hidden', 'the app tab is behind another');
      const hiddenAt = await page.evaluate(() => performance.now());
      await new Promise((resolve) => setTimeout(resolve, HIDDEN_SECONDS * 1000));

      // The conditions were real: in the last 30 s the main thread woke at most twice.
      const lateTicks = await page.evaluate(
        (from) => (window as unknown as { ticks: number[] }).ticks.filter((t) => t > from).length,
        hiddenAt + (HIDDEN_SECONDS - 30) * 1000,
      );
      assert.ok(lateTicks <= 2, `Chromium throttled the hidden tab (${lateTicks} ticks of a 1 s timer in 30 s)`);

      const log = env.broker.log();
      const connections = log.split('\n').filter((line) => line.includes(` as ${CLIENT_ID} `)).length;
      assert.equal(connections, 1, `one connection, never timed out and reconnected:\n${log}`);
      assert.ok(!log.includes(`Client ${CLIENT_ID} has exceeded timeout`), `no keepalive timeout:\n${log}`);

      mosquittoPub(env.broker.tcpPort, TOPIC, 'sent while the tab was hidden');
      await page.bringToFront();
      await page.getByLabel('Last message').getByText('sent while the tab was hidden').waitFor({ timeout: 10_000 });
      await page.getByRole('status').getByText('Connected').waitFor();
      assert.equal(env.broker.log().split('\n').filter((line) => line.includes(` as ${CLIENT_ID} `)).length, 1);
    } finally {
      await browser.close();
    }
  });
});
