/**
 * Waits for the machine to go quiet before a figure that times one visit of the app against
 * fixed thresholds (Lighthouse's score has no baseline of its own in the run). The figures
 * before it leave work behind in the bench's browser: on 2026-12-08 its renderer still used
 * 80% of a core, writing an ingest flood's history, when Lighthouse's first run started, and
 * that run scored 92 against 99 and 100 for the two after it.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Busy and total CPU time of the whole machine so far, in clock ticks (Linux). */
function cpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface QuietWait {
  /** How long it waited, in ms. */
  readonly waitedMs: number;
  /** The busy share of all cores in the last second measured, 0 to 1. */
  readonly busy: number;
  /** False if it gave up after `withinMs` with the machine still busy. */
  readonly quiet: boolean;
}

/**
 * Waits until the machine's CPUs were at most `busyShare` busy over two seconds running, one
 * second at a time, or until `withinMs` passed. With one core of two in use, the share is 0.5.
 */
export async function quietMachine(busyShare = 0.1, withinMs = 120_000): Promise<QuietWait> {
  const started = Date.now();
  let calm = 0;
  let busy = 1;
  for (let before = cpuTicks(); Date.now() - started < withinMs; ) {
    await sleep(1000);
    const now = cpuTicks();
    busy = (now.busy - before.busy) / Math.max(1, now.total - before.total);
    before = now;
    calm = busy <= busyShare ? calm + 1 : 0;
    if (calm === 2) return { waitedMs: Date.now() - started, busy, quiet: true };
  }
  return { waitedMs: Date.now() - started, busy, quiet: false };
}

/** The wait in words, for the bench's log. */
export const describeWait = ({ waitedMs, busy, quiet }: QuietWait) =>
  `${quiet ? 'quiet' : 'still busy'} after ${(waitedMs / 1000).toFixed(0)} s (${Math.round(busy * 100)}% of ${cpus().length} cores busy)`;
