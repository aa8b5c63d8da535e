/**
 * `npm start` as a newcomer runs it: the embedded broker and the app start, the printed link
 * connects the app, and the printed mosquitto_pub and `npx mqtt pub` commands both set the state.
 */
import assert from 'node:assert/strict';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../support/node/chromium.js';
import { freePort } from '../support/node/ports.js';
import { collectOutput, stopProcess } from '../support/node/processes.js';

describe('npm start: the app with an embedded broker', () => {
  let start: ChildProcess;
  let output: () => string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    const env = {
      ...process.env,
      PORT: String(await freePort()),
      MQTT_WS_PORT: String(await freePort()),
      MQTT_TCP_PORT: String(await freePort()),
    };
    start = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    output = collectOutput(start);
    const deadline = Date.now() + 30_000;
    while (!output().includes('Press Ctrl+C to stop.')) {
      if (start.exitCode !== null) throw new Error(`npm start exited:\n${output()}`);
      if (Date.now() > deadline) throw new Error(`npm start printed no link in 30 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    // npm runs the script in a child: stop the whole process group by its leader's PID.
    if (start?.pid !== undefined && start.exitCode === null) {
      const exited = new Promise((resolve) => start.once('exit', resolve));
      process.kill(-start.pid, 'SIGTERM');
      await exited;
    }
    await stopProcess(start);
  });

  const printed = (pattern: RegExp) => {
    const match = pattern.exec(output());
    assert.ok(match, `not printed: ${pattern}\n${output()}`);
    return match[1]!.trim();
  };

  it('prints a link that opens the app connected to the embedded broker', async () => {
    await page.goto(printed(/App:\s+(\S+)/));
    await page.getByRole('status').getByText('Connected').waitFor();
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    assert.equal(await page.getByLabel('Last message').textContent(), 'No messages');
  });

  it('the printed mosquitto_pub command sets the state', async () => {
    execSync(printed(/^\s*(mosquitto_pub .*)$/m));
    await page.getByLabel('Last message').getByText('ThisIsIt', { exact: true }).waitFor();
  });

  it('the printed npx mqtt pub command sets the state', async () => {
    const command = printed(/^\s*(npx mqtt pub .*)$/m).replace('ThisIsIt', 'FromNpx');
    execSync(command, { stdio: 'ignore' });
    await page.getByLabel('Last message').getByText('FromNpx', { exact: true }).waitFor();
  });

  it('Set state in the app reaches the embedded broker', async () => {
    await page.getByLabel('New state').fill('round trip');
    await page.getByRole('button', { name: 'Set state' }).click();
    await page.getByLabel('Last message').getByText('round trip', { exact: true }).waitFor();
  });
});
