/**
 * What a topic's history looks like on screen: numbers over time (the payload, or the JSON
 * fields picked), a timeline of two states (ON/OFF, true/false), or text. Also the thinning of
 * many points to the pixels they fall on, and the summary of what a range shows. Pure.
 */
import { getProperty } from 'dot-prop';
import { lowerBound, type HistoryEntry } from './history.js';

/** The payload as a number, when it is one (`21.5`, ` -3 `); else null. */
export function numberOf(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

const ON_WORDS = new Set(['on', 'true', 'open', 'online', 'yes']);
const OFF_WORDS = new Set(['off', 'false', 'closed', 'offline', 'no']);

/** A two-state value (`ON`/`OFF`, `true`/`false`, JSON booleans) as a boolean; else null. */
export function stateOf(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  if (ON_WORDS.has(word)) return true;
  if (OFF_WORDS.has(word)) return false;
  return null;
}

export interface NumberSeries {
  readonly kind: 'numbers';
  /** Seconds since the epoch (the chart's time axis), one per message with some value. */
  readonly times: Float64Array;
  /** One line per field (or the payload itself), NaN where a message lacks it. */
  readonly lines: readonly { readonly label: string; readonly values: Float64Array }[];
}

export interface StateSegment {
  /** From when to when (ms since the epoch) the state held; the last one until now. */
  readonly from: number;
  readonly to: number;
  readonly on: boolean;
  /** The payload as sent (`ON`, `true`). */
  readonly label: string;
}

export interface StateTimeline {
  readonly kind: 'states';
  readonly label: string;
  readonly segments: readonly StateSegment[];
}

export type HistoryView = NumberSeries | StateTimeline | { readonly kind: 'text' };

/** Each message's JSON, parsed once however often its history is drawn (a live chart redraws). */
const parsed = new WeakMap<HistoryEntry, unknown>();

/** The value of a message at a JSON path ('' for the payload itself). */
function valueOf(entry: HistoryEntry, path: string): unknown {
  if (path === '') return entry.text;
  if (!parsed.has(entry)) {
    let json: unknown;
    try {
      json = JSON.parse(entry.text);
    } catch {
      json = undefined;
    }
    parsed.set(entry, json);
  }
  const json = parsed.get(entry);
  return typeof json === 'object' && json !== null ? getProperty(json as Record<string, unknown>, path) : undefined;
}

const asNumber = (value: unknown) => (typeof value === 'number' ? (Number.isFinite(value) ? value : null) : typeof value === 'string' ? numberOf(value) : null);

/**
 * How to show these messages: numbers when at least half of them give one (for each of
 * `fields`, or the payload), a timeline when every one is a two-state word, else text.
 */
export function historyView(entries: readonly HistoryEntry[], fields: readonly string[], now: number): HistoryView {
  const paths = fields.length > 0 ? fields : [''];
  const firstPath = paths[0]!;
  // One pass each, stopping at the first message that rules a kind out: a chart of 100,000
  // numbers asks each message once whether it is ON or OFF, and reads it once as numbers.
  let valuedCount = 0;
  let states = paths.length === 1;
  for (const entry of entries) {
    if (entry.hex) continue;
    valuedCount++;
    if (states && stateOf(valueOf(entry, firstPath)) === null) states = false;
    if (!states && valuedCount > 0) break;
  }
  if (valuedCount === 0) return { kind: 'text' };
  if (states) {
    const segments: StateSegment[] = [];
    for (const entry of entries) {
      if (entry.hex) continue;
      const value = valueOf(entry, firstPath);
      const on = stateOf(value)!;
      const last = segments[segments.length - 1];
      if (last !== undefined && last.on === on) continue;
      if (last !== undefined) segments[segments.length - 1] = { ...last, to: entry.at };
      segments.push({ from: entry.at, to: now, on, label: String(value) });
    }
    return { kind: 'states', label: firstPath, segments };
  }
  const times = new Float64Array(entries.length);
  const values = paths.map(() => new Float64Array(entries.length));
  const counts = paths.map(() => 0);
  let valued = 0;
  let rows = 0;
  for (const entry of entries) {
    if (entry.hex) continue;
    valued++;
    let any = false;
    for (let p = 0; p < paths.length; p++) {
      const value = asNumber(valueOf(entry, paths[p]!));
      values[p]![rows] = value ?? Number.NaN;
      if (value !== null) {
        counts[p]!++;
        any = true;
      }
    }
    if (!any) continue;
    times[rows++] = entry.at / 1000;
  }
  if (!counts.some((count) => count * 2 >= valued)) return { kind: 'text' };
  return { kind: 'numbers', times: times.slice(0, rows), lines: paths.map((label, p) => ({ label, values: values[p]!.slice(0, rows) })) };
}

/**
 * The view of `entries` and then `added`, made from the view of `entries` alone with only the
 * added messages read: a chart that follows a stream reads each message once, not its whole
 * history every frame. Null when the added messages change what the view is (a text among
 * numbers): then historyView reads them all.
 */
export function extendView(view: HistoryView, added: readonly HistoryEntry[], fields: readonly string[], now: number): HistoryView | null {
  const paths = fields.length > 0 ? fields : [''];
  const valued = added.filter((entry) => !entry.hex);
  if (view.kind === 'states') {
    if (paths.length !== 1) return null;
    const segments = [...view.segments];
    for (const entry of valued) {
      const on = stateOf(valueOf(entry, paths[0]!));
      if (on === null) return null;
      const last = segments[segments.length - 1]!;
      if (last.on === on) continue;
      segments[segments.length - 1] = { ...last, to: entry.at };
      segments.push({ from: entry.at, to: now, on, label: String(valueOf(entry, paths[0]!)) });
    }
    const last = segments[segments.length - 1]!;
    segments[segments.length - 1] = { ...last, to: now };
    return { ...view, segments };
  }
  if (view.kind !== 'numbers' || view.lines.length !== paths.length || view.lines.some((line, i) => line.label !== paths[i])) return null;
  const rows = valued.map((entry) => paths.map((path) => asNumber(valueOf(entry, path))));
  const kept = rows.map((row, i) => ({ row, at: valued[i]!.at })).filter(({ row }) => row.some((v) => v !== null));
  if (kept.length === 0) return valued.length === 0 ? view : null;
  const size = view.times.length + kept.length;
  const times = new Float64Array(size);
  times.set(view.times);
  kept.forEach(({ at }, i) => (times[view.times.length + i] = at / 1000));
  const lines = view.lines.map((line, l) => {
    const values = new Float64Array(size);
    values.set(line.values);
    kept.forEach(({ row }, i) => (values[view.times.length + i] = row[l] ?? NaN));
    return { label: line.label, values };
  });
  return { kind: 'numbers', times, lines };
}

/**
 * Thins a series to about two points per pixel column between `from` and `to` (seconds): each
 * column keeps its lowest and highest value, in time order, so spikes stay visible and 100,000
 * points draw like a thousand. Points just outside the range stay, so lines reach the edges.
 */
export function decimate(series: NumberSeries, from: number, to: number, columns: number): NumberSeries {
  const { times } = series;
  let start = lowerBound(times, from);
  let end = lowerBound(times, to);
  if (end < times.length && times[end]! <= to) end++;
  start = Math.max(0, start - 1);
  end = Math.min(times.length, end + 1);
  const count = end - start;
  const width = Math.max(1, Math.floor(columns));
  if (count <= width * 2) return sliceSeries(series, start, end);
  const keep: number[] = [];
  const span = (to - from) / width || 1;
  let i = start;
  while (i < end) {
    const column = Math.floor((times[i]! - from) / span);
    let j = i;
    // Of each line, the lowest and highest in this column.
    const picked = new Set<number>();
    const lows = series.lines.map(() => -1);
    const highs = series.lines.map(() => -1);
    while (j < end && Math.floor((times[j]! - from) / span) === column) {
      series.lines.forEach((line, l) => {
        const v = line.values[j]!;
        if (Number.isNaN(v)) return;
        if (lows[l] === -1 || v < line.values[lows[l]!]!) lows[l] = j;
        if (highs[l] === -1 || v > line.values[highs[l]!]!) highs[l] = j;
      });
      j++;
    }
    for (const index of [...lows, ...highs]) if (index !== -1) picked.add(index);
    if (picked.size === 0) picked.add(i);
    keep.push(...[...picked].sort((a, b) => a - b));
    i = j;
  }
  return {
    kind: 'numbers',
    times: Float64Array.from(keep, (k) => times[k]!),
    lines: series.lines.map((line) => ({ label: line.label, values: Float64Array.from(keep, (k) => line.values[k]!) })),
  };
}

function sliceSeries(series: NumberSeries, start: number, end: number): NumberSeries {
  return { kind: 'numbers', times: series.times.subarray(start, end), lines: series.lines.map((line) => ({ label: line.label, values: line.values.subarray(start, end) })) };
}

export interface RangeSummary {
  /** The newest value in the range, its lowest and highest, and how many values. */
  readonly current: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** The summary of one line between `from` and `to` (seconds); null when it has no value there. */
export function summarize(series: NumberSeries, line: number, from: number, to: number): RangeSummary | null {
  const values = series.lines[line]?.values;
  if (values === undefined) return null;
  let min = Infinity;
  let max = -Infinity;
  let current = NaN;
  let count = 0;
  for (let i = lowerBound(series.times, from); i < series.times.length && series.times[i]! <= to; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    current = v;
    count++;
  }
  return count === 0 ? null : { current, min, max, count };
}
