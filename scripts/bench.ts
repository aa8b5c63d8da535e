/**
 * `npm run bench`: speed, memory and size figures of the built app, each a ratio against a
 * baseline measured in the same run on the same machine (median of BENCH_ROUNDS rounds, min
 * and max). Real Mosquitto, Debian's Chromium, the production build. Writes
 * bench/results/latest.json and prints a table.
 *
 * BENCH_FIGURES picks some of: ingest, responsiveness, latency, cold-start, lighthouse, memory,
 * chart (all by default). The sizes come with every run. BENCH_HISTORY=off records no history
 * (to measure what recording it costs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { CRITICAL_BUDGET, measureBundle, OWN_CODE_BUDGET } from './check-size.js';
import { openChartRig } from './bench/chart.js';
import { appColdStart, staticFirstPaint } from './bench/cold-start.js';
import { median, summarize, type Figure } from './bench/figures.js';
import { appIngest, baselineIngest, type IngestLayout } from './bench/ingest.js';
import { appLatency, baselineLatency } from './bench/latency.js';
import { lighthouseMobile, type LighthouseResult } from './bench/lighthouse.js';
import { appHeaps } from './bench/memory.js';
import { describeWait, quietMachine } from './bench/quiet-machine.js';
import { ON_THE_APPS_TOPIC, openResponsiveness, TWENTY_ENTITIES, type ResponsivenessRound } from './bench/responsiveness.js';
import { payload64, startRig, useEntities, type BenchEntity } from './bench/rig.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const STREAM_RATE = Number(process.env.BENCH_STREAM_RATE ?? 5_000);
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 1_000);
/** A cold start takes well under a second, and one round is noisy: more rounds cost little. */
const COLD_START_ROUNDS = Number(process.env.BENCH_COLD_START_ROUNDS ?? Math.max(ROUNDS, 15));
const MEMORY_FIRST = Number(process.env.BENCH_MEMORY_FIRST ?? 10_000);
const MEMORY_TOTAL = Number(process.env.BENCH_MEMORY_MESSAGES ?? 1_000_000);
/** A million messages take about 2.5 minutes a round here. */
const MEMORY_ROUNDS = Number(process.env.BENCH_MEMORY_ROUNDS ?? ROUNDS);
const CHART_POINTS = Number(process.env.BENCH_CHART_POINTS ?? 100_000);
/**
 * One Lighthouse run is noisy: its docs find the median of 5 runs twice as stable as one, and
 * here one run's score swung by ten on a slow day (2026-12-07).
 */
const LIGHTHOUSE_ROUNDS = Number(process.env.BENCH_LIGHTHOUSE_ROUNDS ?? ROUNDS);
const chosen = (process.env.BENCH_FIGURES ?? 'ingest,responsiveness,latency,cold-start,lighthouse,chart,memory').split(',');
const count = (n: number) => n.toLocaleString('en-US');

/** 20 entities, every fifth on a filter, for the cold start and Lighthouse. */
const COLD_START_DASHBOARD: BenchEntity[] = Array.from({ length: 20 }, (_, i) =>
  i % 5 === 4 ? { name: `Group ${i}`, topic: `bench/cold/${i}/+` } : { name: i === 0 ? 'hello_mqtt' : `Sensor ${i}`, topic: `bench/cold/${i}` },
);

const rig = await startRig();
// Stopped by Ctrl+C or a timeout: Mosquitto, the preview and the browsers must go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    setTimeout(() => process.exit(130), 10_000).unref();
    void rig.close().finally(() => process.exit(130));
  });
}
const figures: Figure[] = [];
const details: Record<string, unknown> = {};
// A figure that fails must not leave Mosquitto, the preview or the browsers running, nor lose
// the figures measured before it: they are still written and printed.
let failure: Error | undefined;
try {
  const page = await rig.browser.context.newPage();
  const barePage = await rig.bareBrowser.context.newPage();
  const log = (figure: Figure, round: number) =>
    console.log(`${figure.name}, round ${round + 1}: app ${figure.app.at(-1)!.toFixed(1)}, baseline ${figure.baseline.at(-1)!.toFixed(1)} ${figure.unit}`);
  console.log('measuring…');

  if (chosen.includes('ingest')) {
    const cases: { topics: number; layout: IngestLayout; what: string; limit: number }[] = [
      { topics: 10, layout: 'filter', what: 'on 10 topics', limit: 0.95 },
      { topics: 1000, layout: 'filter', what: 'on 1,000 topics', limit: 0.85 },
      {
        topics: 1000,
        layout: 'first-and-filter',
        what: 'on 1,000 topics, an entity on their filter listing them all, and hello_mqtt on one of them',
        limit: 0.95,
      },
    ];
    for (const { topics, layout, what, limit } of cases) {
      const figure: Figure = {
        name: `ingest: ${count(MESSAGES)} QoS 0 messages of 64 B ${what}, until the last is painted and saved, ÷ a bare mqtt.js page that only counts`,
        unit: 'msg/s',
        app: [],
        baseline: [],
        higherIsBetter: true,
        budget: { limit },
        publisher: [],
      };
      for (let round = 0; round < ROUNDS; round++) {
        const tag = `${layout === 'filter' ? '' : 'f'}${topics}-${round}`;
        const baseline = await baselineIngest(rig, barePage, `b${tag}`, MESSAGES, topics);
        const app = await appIngest(rig, page, `a${tag}`, MESSAGES, topics, layout);
        figure.baseline.push(baseline.rate);
        figure.app.push(app.rate);
        figure.publisher!.push(baseline.publisherRate, app.publisherRate);
        log(figure, round);
        console.log(`  the publisher sent at ${count(Math.round(baseline.publisherRate))} msg/s (baseline), ${count(Math.round(app.publisherRate))} msg/s (app)`);
      }
      figures.push(figure);
    }
  }

  if (chosen.includes('responsiveness')) {
    const setups = [
      { setup: ON_THE_APPS_TOPIC, stream: `a ${count(STREAM_RATE)} msg/s stream on the app's topic`, key: 'onTheAppsTopic' },
      { setup: TWENTY_ENTITIES, stream: `a ${count(STREAM_RATE)} msg/s stream over 1,000 topics with 20 entities on screen`, key: 'twentyEntities' },
    ];
    const reportedBySetup: Record<string, number[]> = {};
    for (const { setup, stream, key } of setups) {
      // The budget is on the Long Tasks API (below); this probe is stricter: it also
      // counts the time the OS gave the page no core, which a busy 2-core machine does often.
      const longestTask: Figure = {
        name: `longest stall of a 10 ms timer on the main thread during ${stream} ÷ without it`,
        unit: 'ms',
        app: [],
        baseline: [],
        higherIsBetter: false,
      };
      const click: Figure = {
        name: `click on Set state → message at mosquitto_sub, during ${stream} ÷ without it`,
        unit: 'ms',
        app: [],
        baseline: [],
        higherIsBetter: false,
        budget: setup === ON_THE_APPS_TOPIC ? { limit: 2 } : undefined,
      };
      const reported: number[] = [];
      const clickParts: { quiet: ResponsivenessRound['clickParts']; flooded: ResponsivenessRound['clickParts'] }[] = [];
      // The app's tab of the figures before must not take the stream too.
      await page.goto('about:blank');
      // A browser of its own: the probes it installs must not stay for the figures after it.
      const responsiveness = await openResponsiveness(rig, STREAM_RATE, setup);
      for (let round = 0; round < ROUNDS; round++) {
        const quiet = await responsiveness.measure(false);
        const flooded = await responsiveness.measure(true);
        longestTask.app.push(flooded.longestTask);
        longestTask.baseline.push(quiet.longestTask);
        click.app.push(flooded.clickToPublish);
        click.baseline.push(quiet.clickToPublish);
        reported.push(flooded.longestReportedTask);
        clickParts.push({ quiet: quiet.clickParts, flooded: flooded.clickParts });
        log(longestTask, round);
        log(click, round);
        const described = (p: ResponsivenessRound['clickParts']) =>
          `${p.toClickEvent} ms to the click event, ${p.toWorker} ms to save it and hand it to the worker, ${p.inWorker} ms in the worker's queue, ${Math.round(p.toSubscriber)} ms to mosquitto_sub`;
        console.log(`  a click's parts: quiet ${described(quiet.clickParts)}; during the stream ${described(flooded.clickParts)}`);
      }
      await responsiveness.close();
      reportedBySetup[stream] = reported;
      details[`clickParts.${key}`] = clickParts;
      figures.push(longestTask, click);
    }
    details.longTasksApiLongestDuringStream = reportedBySetup;
  }

  // Fresh pages below: the app's other tab must be gone, or they would follow it, not connect.
  const leaveApp = () => page.goto('about:blank');

  if (chosen.includes('latency')) {
    await leaveApp();
    const trips = `${count(ROUND_TRIPS)} round trips`;
    const p50: Figure = { name: `latency p50: publish → painted, ${trips}, ÷ the bare mqtt.js page`, unit: 'ms', app: [], baseline: [], higherIsBetter: false };
    const p99: Figure = { name: `latency p99`, unit: 'ms', app: [], baseline: [], higherIsBetter: false };
    for (let round = 0; round < ROUNDS; round++) {
      // Fresh pages: each round's clock and watcher are its own.
      const bare = await rig.bareBrowser.context.newPage();
      const baseline = await baselineLatency(rig, bare, ROUND_TRIPS);
      await bare.close();
      const appPage = await rig.browser.context.newPage();
      const app = await appLatency(rig, appPage, ROUND_TRIPS);
      await appPage.close();
      p50.app.push(app.p50);
      p50.baseline.push(baseline.p50);
      p99.app.push(app.p99);
      p99.baseline.push(baseline.p99);
      log(p50, round);
      log(p99, round);
    }
    figures.push(p50, p99);
  }

  if (chosen.includes('cold-start')) {
    const dashboards: { what: string; entities: BenchEntity[] }[] = [
      { what: '', entities: [{ name: 'hello_mqtt', topic: 'bench/cold/0' }] },
      { what: ' with 20 entities', entities: COLD_START_DASHBOARD },
    ];
    for (const { what, entities } of dashboards) {
      // A returning visitor, whose dashboard has its last states saved: one online visit in
      // which every entity gets its (retained) message. The service worker must control the
      // page: run alone, this is the first visit, and only a reload puts it under the worker.
      await useEntities(rig, page, entities);
      await page.goto(`${rig.app.url}?broker=${rig.broker.wsUrl}&client_id=bench-cold`);
      for (const [i, { topic }] of entities.entries()) {
        const concrete = topic.replace('+', 'a');
        await rig.publisher.publishAsync(concrete, payload64(`cold ${i}`), { retain: true });
      }
      await page.getByText(payload64(`cold ${entities.length - 1}`)).first().waitFor();
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      for (const offline of [false, true]) {
        const figure: Figure = {
          name: `cold start ${offline ? 'offline' : 'online'}${what}: navigation → last states painted (the service worker's copy of the last screen) ÷ a static page's first paint, ${COLD_START_ROUNDS} rounds`,
          unit: 'ms',
          app: [],
          baseline: [],
          higherIsBetter: false,
          budget: offline || what !== '' ? { limit: 2 } : undefined,
        };
        // The app's own rendering, which the copy of the last screen stands in for until then.
        const own: Figure = {
          name: `cold start ${offline ? 'offline' : 'online'}${what}: navigation → the app's own screen rendered from IndexedDB (behind the copy) ÷ a static page's first paint`,
          unit: 'ms',
          app: [],
          baseline: figure.baseline,
          higherIsBetter: false,
        };
        for (let round = 0; round < COLD_START_ROUNDS; round++) {
          figure.baseline.push(await staticFirstPaint(barePage));
          const { painted, rendered } = await appColdStart(rig, page, offline);
          figure.app.push(painted);
          own.app.push(rendered);
        }
        figures.push(figure, own);
      }
    }
  }

  if (chosen.includes('lighthouse')) {
    // The cold-start figure left the 20 entities' retained messages on the broker.
    const runs: LighthouseResult[] = [];
    for (let round = 0; round < LIGHTHOUSE_ROUNDS; round++) {
      const settled = describeWait(await quietMachine());
      const run = await lighthouseMobile(rig, COLD_START_DASHBOARD);
      runs.push(run);
      console.log(
        `Lighthouse (mobile), round ${round + 1} (${settled}): performance ${run.score}, CLS ${run.cumulativeLayoutShift.toFixed(3)}, LCP ${Math.round(run.largestContentfulPaintMs)} ms, TBT ${Math.round(run.totalBlockingTimeMs)} ms`,
      );
    }
    details.lighthouse = runs;
  }

  // Before the memory figure: the millions of messages it records leave the browser's storage
  // busy for minutes after (a chart of 100,000 points opened in 327 ms after it, 121 to 130 ms
  // in a run of its own).
  if (chosen.includes('chart')) {
    await leaveApp();
    // Against the same chart of a hundredth of the points: thinned to the pixels, both draw alike.
    const few = Math.max(1, Math.round(CHART_POINTS / 100));
    const figure: Figure = {
      name: `history chart: tap on History → chart drawn, ${count(CHART_POINTS)} points kept ÷ ${count(few)}`,
      unit: 'ms',
      app: [],
      baseline: [],
      higherIsBetter: false,
      budget: { limit: 200, on: 'app' },
    };
    const streamed: number[] = [];
    const chartPage = await rig.browser.context.newPage();
    const small = await openChartRig(rig, chartPage, `few-${few}`, few);
    const smallOpens: number[] = [];
    for (let round = 0; round < ROUNDS; round++) smallOpens.push(await small.open());
    const large = await openChartRig(rig, chartPage, `many-${CHART_POINTS}`, CHART_POINTS);
    for (let round = 0; round < ROUNDS; round++) {
      figure.baseline.push(smallOpens[round]!);
      figure.app.push(await large.open());
      log(figure, round);
      streamed.push(await large.longestTaskDuringStream(STREAM_RATE, 5));
    }
    await chartPage.close();
    figures.push(figure);
    details.chartLongestTaskDuringStream = streamed;
  }
  if (chosen.includes('memory')) {
    await leaveApp();
    for (const topics of [1000, 10_000]) {
      const figure: Figure = {
        name: `JS heap after ${count(MEMORY_TOTAL)} messages on ${count(topics)} topics ÷ after ${count(MEMORY_FIRST)}`,
        unit: 'MB',
        app: [],
        baseline: [],
        higherIsBetter: false,
        budget: { limit: 1.5 },
      };
      for (let round = 0; round < MEMORY_ROUNDS; round++) {
        const memoryPage = await rig.browser.context.newPage();
        const heaps = await appHeaps(rig, memoryPage, `m${topics}-${round}`, MEMORY_FIRST, MEMORY_TOTAL, topics);
        await memoryPage.close();
        figure.app.push(heaps.total / 2 ** 20);
        figure.baseline.push(heaps.first / 2 ** 20);
        log(figure, round);
      }
      figures.push(figure);
    }
  }
} catch (error) {
  failure = error as Error;
} finally {
  await rig.close();
}
const size = measureBundle();

const rows = figures.map(summarize);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const settings = { rounds: ROUNDS, messages: MESSAGES, streamRate: STREAM_RATE, roundTrips: ROUND_TRIPS, coldStartRounds: COLD_START_ROUNDS, memoryFirst: MEMORY_FIRST, memoryTotal: MEMORY_TOTAL, memoryRounds: MEMORY_ROUNDS, lighthouseRounds: LIGHTHOUSE_ROUNDS, chartPoints: CHART_POINTS };
const incomplete = failure === undefined ? {} : { incomplete: `stopped at an error: ${failure.message.split('\n')[0]}` };
const result = { date: new Date().toISOString(), machine, ...settings, ...incomplete, figures: rows, details, size };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(result, null, 2)}\n`);

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const digitsOf = (unit: string) => (unit === 'msg/s' ? 0 : 1);
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
console.log(`\nHello MQTT benchmark: ${result.date}, ${machine}, median of ${ROUNDS} rounds\n`);
console.log('| figure | app | baseline | ratio (min–max) | budget | publisher |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const value = (n: number) => `${fixed(n, digitsOf(r.unit))} ${r.unit}`;
  const budget = r.budget ? `${r.budget}, ${r.budgetMet ? 'met' : 'missed'}` : '';
  const publisher = r.publisher === undefined ? '' : `${count(Math.round(r.publisher))} msg/s`;
  console.log(`| ${r.name} | ${value(r.app)} | ${value(r.baseline)} | ${fixed(r.ratio)} (${fixed(r.ratioMin)}–${fixed(r.ratioMax)}) | ${budget} | ${publisher} |`);
}
const longTasks = details.longTasksApiLongestDuringStream as Record<string, number[]> | undefined;
for (const [stream, rounds] of Object.entries(longTasks ?? {})) {
  const longest = Math.max(...rounds);
  const shown = longest === 0 ? 'none over 50 ms' : `${fixed(longest, 1)} ms`;
  console.log(`| longest main-thread task during ${stream}, by the Long Tasks API (which reports tasks over 50 ms), worst of ${rounds.length} rounds | ${shown} | | | ≤ 50 ms, ${longest <= 50 ? 'met' : 'missed'} | |`);
}
const chartTasks = details.chartLongestTaskDuringStream as number[] | undefined;
if (chartTasks !== undefined) {
  const longest = Math.max(...chartTasks);
  const shown = longest === 0 ? 'none over 50 ms' : `${fixed(longest, 1)} ms`;
  console.log(`| longest main-thread task while the chart of ${count(CHART_POINTS)} points follows a ${count(STREAM_RATE)} msg/s stream of numbers, by the Long Tasks API, worst of ${chartTasks.length} rounds | ${shown} | | | ≤ 50 ms, ${longest <= 50 ? 'met' : 'missed'} | |`);
}
const lighthouseRuns = details.lighthouse as LighthouseResult[] | undefined;
if (lighthouseRuns !== undefined && lighthouseRuns.length > 0) {
  const scores = lighthouseRuns.map((run) => run.score);
  const score = median(scores);
  const shift = Math.max(...lighthouseRuns.map((run) => run.cumulativeLayoutShift));
  const runs = `${lighthouseRuns.length} runs`;
  console.log(`| Lighthouse mobile performance score, a dashboard of 20 entities (returning visitor), median of ${runs} (min–max) | ${score} (${Math.min(...scores)}–${Math.max(...scores)}) | | | ≥ 95, ${score >= 95 ? 'met' : 'missed'} | |`);
  console.log(`| Lighthouse cumulative layout shift, the same, worst of ${runs} | ${shift.toFixed(3)} | | | ≤ 0.02, ${shift <= 0.02 ? 'met' : 'missed'} | |`);
  console.log(`| Lighthouse largest contentful paint and total blocking time, the same, medians | ${Math.round(median(lighthouseRuns.map((run) => run.largestContentfulPaintMs)))} ms, ${Math.round(median(lighthouseRuns.map((run) => run.totalBlockingTimeMs)))} ms | | | | |`);
}
const criticalMet = size.critical <= CRITICAL_BUDGET ? 'met' : 'missed';
const firstVisitMet = size.firstVisit <= size.mqttBrowserBuild + OWN_CODE_BUDGET ? 'met' : 'missed';
console.log(`| JavaScript and CSS before the last state is painted (gzip) | ${kB(size.critical)} | | | ≤ 30 kB, ${criticalMet} | |`);
console.log(`| all first-visit JavaScript and CSS (gzip) | ${kB(size.firstVisit)} | mqtt.js build ${kB(size.mqttBrowserBuild)} | | ≤ ${kB(size.mqttBrowserBuild + OWN_CODE_BUDGET)}, ${firstVisitMet} | |`);
for (const chunk of size.chunks) console.log(`|   ${chunk.file} | ${kB(chunk.gzip)} | ${chunk.critical ? 'before paint' : 'after paint'} | | | |`);
if (failure !== undefined) {
  console.error(`\nThe benchmark stopped early; the figures above are those measured before:\n${failure.stack ?? failure.message}`);
  process.exitCode = 1;
}
