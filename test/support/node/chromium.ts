/** Debian's Chromium driven by playwright-core, with the flags it needs as root and offline. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { collectOutput, stopProcess } from './processes.js';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  /** Quits the browser and starts it again on the same profile, as a user's restart (launchChromium's only). */
  restart?(): Promise<void>;
  /** Its DevTools WebSocket endpoint, where it was started with one (Lighthouse takes its port). */
  readonly devToolsEndpoint?: string;
  /** Playwright lets go of the browser, which goes on with its pages (launchThrottlingChromium's only). */
  letGo?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Chromium's helper processes may still be writing to the profile as it is removed: tried for
 * up to 5 s, then left in the temp folder with a warning; a leftover folder fails no test.
 */
function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 50, retryDelay: 100 });
  } catch (error) {
    console.warn(`Chromium's profile ${profile} could not be removed: ${(error as Error).message}`);
  }
}

/** A persistent context with a fresh profile, so IndexedDB survives reloads as for a user. */
export async function launchChromium(
  viewport = { width: 390, height: 844 },
  extraArgs: string[] = [],
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      viewport,
    });
  let context = await launch();
  return {
    get context() {
      return context;
    },
    async restart() {
      // Closing a persistent context quits the browser, its profile written out.
      await context.close();
      context = await launch();
    },
    async close() {
      await context.close();
      removeProfile(profile);
    },
  };
}

/**
 * A Chromium that treats a page covered by another tab as hidden and throttles its timers,
 * as it does for users. Playwright's own launch keeps every page visible (focus emulation,
 * and flags that turn background throttling off), so this one is started here and joined
 * over CDP without Playwright's defaults; it is stopped by PID.
 */
export async function launchThrottlingChromium(extraArgs: string[] = []): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'e2e-chromium-throttling-'));
  const child = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [...CHROMIUM_ARGS, ...extraArgs, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const output = collectOutput(child);
  const deadline = Date.now() + 15_000;
  let endpoint: string | undefined;
  while ((endpoint = /DevTools listening on (ws:\S+)/.exec(output())?.[1]) === undefined) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stopProcess(child);
      throw new Error(`Chromium did not offer a DevTools endpoint:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  const context = browser.contexts()[0];
  if (context === undefined) throw new Error('Chromium started with no browser context');
  return {
    context,
    devToolsEndpoint: endpoint,
    // For a browser joined over CDP, close() only disconnects: its pages stay as they are.
    letGo: () => browser.close(),
    async close() {
      await browser.close().catch(() => undefined);
      await stopProcess(child);
      removeProfile(profile);
    },
  };
}
