/**
 * Lighthouse's mobile performance audit of the app with a dashboard of 20 entities, as a
 * returning visitor sees it: Lighthouse drives a Chromium of ours through its DevTools port
 * and keeps its storage (--disable-storage-reset), where the entities and their last states
 * are. Lighthouse comes from the npm registry when the benchmark runs (npx), pinned.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { launchThrottlingChromium } from '../../test/support/node/chromium.js';
import { subscribedText, useEntities, type BenchEntity, type Rig } from './rig.js';

const LIGHTHOUSE = 'lighthouse@13.5.0';

export interface LighthouseResult {
  /** 0 to 100. */
  readonly score: number;
  readonly cumulativeLayoutShift: number;
  readonly largestContentfulPaintMs: number;
  readonly totalBlockingTimeMs: number;
}

interface Report {
  categories: { performance: { score: number } };
  audits: Record<string, { numericValue: number }>;
}

export async function lighthouseMobile(rig: Rig, entities: readonly BenchEntity[]): Promise<LighthouseResult> {
  const browser = await launchThrottlingChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    // A first visit makes the database and installs the service worker; then the dashboard.
    await page.goto(rig.app.url);
    await page.getByRole('button', { name: 'Dashboard', exact: true }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await useEntities(rig, page, entities);
    await page.goto(`${rig.app.url}?broker=${rig.broker.wsUrl}&client_id=bench-lighthouse`);
    await page.getByText(subscribedText(entities.at(-1)!.topic)).waitFor();
    await page.goto('about:blank');
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        '--yes',
        LIGHTHOUSE,
        rig.app.url,
        `--port=${new URL(browser.devToolsEndpoint!).port}`,
        '--disable-storage-reset',
        '--only-categories=performance',
        '--output=json',
        '--output-path=stdout',
        '--quiet',
      ],
      { maxBuffer: 64 * 2 ** 20, env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } },
    );
    const report = JSON.parse(stdout) as Report;
    // The whole report (its long tasks, its main-thread breakdown), kept when asked for.
    const keep = process.env.BENCH_LIGHTHOUSE_REPORT;
    if (keep) writeFileSync(keep, stdout);
    return {
      score: Math.round(report.categories.performance.score * 100),
      cumulativeLayoutShift: report.audits['cumulative-layout-shift']!.numericValue,
      largestContentfulPaintMs: report.audits['largest-contentful-paint']!.numericValue,
      totalBlockingTimeMs: report.audits['total-blocking-time']!.numericValue,
    };
  } finally {
    await browser.close();
  }
}
