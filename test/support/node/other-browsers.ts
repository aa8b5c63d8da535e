/**
 * The two other engines phones and desktops run: Debian's WebKitGTK (Safari's engine), driven
 * by selenium-webdriver through WebKitWebDriver and its MiniBrowser in a virtual X display,
 * and Firefox ESR, driven by puppeteer-core over WebDriver BiDi. Both are reduced to what the
 * tests need: open a URL, and run a function in the page. Started here, stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPorts } from './ports.js';
import { collectOutput, stopProcess } from './processes.js';

export interface OtherBrowser {
  readonly name: string;
  goto(url: string): Promise<void>;
  /**
   * Evaluates a JavaScript expression in the page through the driver (which the page's
   * Content-Security-Policy does not govern), and returns its value.
   */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const FIREFOX = '/usr/bin/firefox-esr';

/** Debian keeps MiniBrowser in the WebKitGTK library folder, by architecture and API version. */
function miniBrowser(): string | null {
  for (const arch of readdirSync('/usr/lib', { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const dir = join('/usr/lib', arch.name);
    for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      const path = join(dir, api, 'MiniBrowser');
      if (existsSync(path)) return path;
    }
  }
  return null;
}

/** Why WebKitGTK cannot run here (null: it can). */
export function webkitUnavailable(): string | null {
  if (!existsSync(WEBKIT_DRIVER)) return 'WebKitWebDriver is not installed (Debian package webkit2gtk-driver)';
  if (miniBrowser() === null) return 'MiniBrowser is not installed (Debian package webkit2gtk-driver)';
  if (!existsSync('/usr/bin/Xvfb')) return 'Xvfb is not installed (Debian package xvfb)';
  return null;
}

/** Why Firefox cannot run here (null: it can). */
export function firefoxUnavailable(): string | null {
  return existsSync(FIREFOX) ? null : 'firefox-esr is not installed (Debian package firefox-esr)';
}

/** A virtual X display for MiniBrowser: the first free display number from 90. */
async function startXvfb(): Promise<{ display: string; child: ChildProcess }> {
  for (let number = 90; number < 140; number++) {
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const child = spawn('/usr/bin/Xvfb', [`:${number}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    while (!existsSync(`/tmp/.X11-unix/X${number}`) && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (existsSync(`/tmp/.X11-unix/X${number}`)) return { display: `:${number}`, child };
    await stopProcess(child);
  }
  throw new Error('no free X display for Xvfb');
}

export async function launchWebKit(): Promise<OtherBrowser> {
  const { Builder } = await import('selenium-webdriver');
  const xvfb = await startXvfb();
  const port = await freePort();
  const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: xvfb.display },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(driverProcess);
  try {
    await waitForPorts([port], 10_000, () => driverProcess.exitCode === null);
  } catch (error) {
    await stopProcess(driverProcess);
    await stopProcess(xvfb.child);
    throw new Error(`WebKitWebDriver did not start: ${(error as Error).message}\n${output()}`);
  }
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}`)
    .withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] },
    })
    .build();
  return {
    name: 'WebKitGTK',
    goto: (url) => driver.get(url),
    // Selenium runs a script body: the expression's value is returned from it.
    evaluate: async (expression) => failIfError(await driver.executeScript(`return (${expression});`)) as never,
    async close() {
      await driver.quit().catch(() => undefined);
      await stopProcess(driverProcess);
      await stopProcess(xvfb.child);
    },
  };
}

export async function launchFirefox(): Promise<OtherBrowser> {
  const puppeteer = await import('puppeteer-core');
  const profile = mkdtempSync(join(tmpdir(), 'e2e-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    protocol: 'webDriverBiDi',
    // No network beyond loopback here: Firefox must not try its own services.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  return {
    name: 'Firefox',
    goto: async (url) => void (await page.goto(url)),
    evaluate: async (expression) => failIfError(await page.evaluate(expression)) as never,
    async close() {
      const pid = browser.process()?.pid;
      await browser.close().catch(() => undefined);
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** An error thrown in the page comes back as `{ __error }` (see the tests' page helpers). */
function failIfError(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '__error' in value) throw new Error(String((value as { __error: string }).__error));
  return value;
}
