/**
 * The bundle budget, checked on every `npm test`: the JavaScript and CSS needed before the
 * last states are painted stay under 30 kB gzip (the dashboard's views, the stores, Lit), and
 * all of a first visit (the service worker caches every chunk) under mqtt.js's own browser
 * build plus 132 kB. That was 30 kB for the one-entity app; the dashboard added the topic tree,
 * the entity form, declarative subscriptions and the topic table in the worker (about 12 kB),
 * most of it loaded after the first paint; devices added six entity kinds with their form
 * fields, the device presets, the controls and dot-prop (about 14 kB, all after the first
 * paint; to keep the first paint under 30 kB the entity checks, the service worker's
 * registration and the toasts moved after it too); moving a setup added the setup file and
 * share link code, their views and uqr, the QR code library (about 12 kB, uqr 8 kB of it, all
 * after the first paint; to make room before it, the outbox's and the settings saver's code
 * moved after it); saved connections added their list and switch, the registry and its
 * commands (about 4 kB, all after the first paint; to keep the first paint under 30 kB the
 * commands that change entities and the plain-http tab election moved after it); history added
 * the recorder in the worker, the history view, its chart and uPlot, the chart library (about
 * 31 kB, uPlot 22 kB of it, all after the first paint; to keep the first paint under 30 kB the
 * outbox's database code and the entity form's drafting moved after it, and Vite's preloading
 * of a lazy part's imports went); discovery added the Home Assistant, Tasmota and Zigbee2MQTT
 * readers, the template subset, the catalog and its views, and the colour control (about 19 kB,
 * all after the first paint, and loaded only once a source is switched on; to keep the first
 * paint under 30 kB the publish form moved after it); the history's live chart catching up with
 * the recorder, older messages read on a drag, the theme's redraw and the clears count added
 * about 1 kB, after the first paint; share links that carry the discovery sources (and trim
 * what the phone rediscovers first), the per-key memory that keeps Tasmota relays' states
 * apart on RESULT, and the cluster words added another 1 kB, most of it after the first paint
 * (0.2 kB before it: the memory lives in the topic store). Sizes, not timings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CRITICAL_BUDGET = 30 * 1024;
/** What a first visit may load beyond mqtt.js. */
export const OWN_CODE_BUDGET = 132 * 1024;
const DIST = process.env.APP_OUT_DIR ?? 'dist';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

export function gzipBytes(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

export interface SizeReport {
  readonly chunks: { file: string; gzip: number; critical: boolean }[];
  readonly critical: number;
  readonly firstVisit: number;
  readonly mqttBrowserBuild: number;
}

/** Sizes of what a first visit loads, from Vite's build manifest. */
export function measureBundle(dist = DIST): SizeReport {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (entry === undefined) throw new Error('no entry chunk in the build manifest');
  // Critical: the entry and what it imports statically.
  const critical = new Set<string>();
  const visit = (chunk: ManifestChunk) => {
    if (critical.has(chunk.file)) return;
    critical.add(chunk.file);
    for (const css of chunk.css ?? []) critical.add(css);
    for (const key of chunk.imports ?? []) visit(manifest[key]!);
  };
  visit(entry);
  // Everything else is loaded on a first visit too, after the paint: the session worker and
  // the mqtt.js it imports (built separately, so not in the manifest), the update checker.
  const loaded = new Set(critical);
  for (const file of readdirSync(join(dist, 'assets'))) loaded.add(`assets/${file}`);
  const chunks = [...loaded]
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => ({ file, gzip: gzipBytes(join(dist, file)), critical: critical.has(file) }));
  return {
    chunks,
    critical: chunks.filter((c) => c.critical).reduce((sum, c) => sum + c.gzip, 0),
    firstVisit: chunks.reduce((sum, c) => sum + c.gzip, 0),
    mqttBrowserBuild: gzipBytes('node_modules/mqtt/dist/mqtt.esm.js'),
  };
}

if (process.argv[1]?.endsWith('check-size.ts')) {
  const report = measureBundle();
  const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  for (const chunk of report.chunks) {
    console.log(`  ${chunk.critical ? 'before paint' : 'after paint '}  ${kB(chunk.gzip).padStart(9)}  ${chunk.file}`);
  }
  const firstVisitBudget = report.mqttBrowserBuild + OWN_CODE_BUDGET;
  console.log(`before the last state is painted: ${kB(report.critical)} (${report.critical} B) gzip (budget ${kB(CRITICAL_BUDGET)})`);
  console.log(`first visit in all: ${kB(report.firstVisit)} gzip (budget ${kB(firstVisitBudget)}: mqtt.js ${kB(report.mqttBrowserBuild)} + ${kB(OWN_CODE_BUDGET)})`);
  if (report.critical > CRITICAL_BUDGET || report.firstVisit > firstVisitBudget) {
    console.error('Over the bundle budget.');
    process.exit(1);
  }
}
