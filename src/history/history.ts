/**
 * History: every message on an entity's topics, kept on this device per concrete topic, within
 * limits per topic (a count and a size) and for all topics together (a budget). Plain data and
 * pure functions; the session worker records (history-recorder.ts), the page reads.
 */

/** An entity's history settings. */
export interface HistoryOptions {
  /** False: its messages are not recorded (what was recorded stays until cleared). */
  readonly keep: boolean;
  /** Per topic: the oldest messages go beyond this many, or beyond this many bytes. */
  readonly maxMessages: number;
  readonly maxBytes: number;
  /** The JSON fields charted (dot paths such as `ENERGY.Power`); none: the payload itself. */
  readonly fields: readonly string[];
}

export const MIB = 1024 * 1024;
export const DEFAULT_HISTORY: HistoryOptions = { keep: true, maxMessages: 10_000, maxBytes: 2 * MIB, fields: [] };
/** For all topics together, unless the user sets another in Settings. */
export const DEFAULT_HISTORY_BUDGET = 50 * MIB;
/** Text kept of a payload: enough for a device's JSON report, not for a firmware image. */
export const HISTORY_TEXT_LIMIT = 2048;

/** One recorded message. */
export interface HistoryEntry {
  readonly topic: string;
  /** When it arrived, ms since the epoch; with `seq`, its place in the topic's order. */
  readonly at: number;
  readonly seq: number;
  /** Its text (up to HISTORY_TEXT_LIMIT), or a hex dump of its start when it is not text. */
  readonly text: string;
  readonly hex: boolean;
  /** The payload's whole size in bytes, and whether `text` holds only its start. */
  readonly size: number;
  readonly cut: boolean;
  readonly retained: boolean;
}

/**
 * Messages of one topic stored as one row, oldest first: a batch of a flood is a few writes,
 * not one per message, and dropping the oldest is mostly deleting whole rows. Keyed by the
 * topic and its first message's time and order.
 */
export interface HistoryChunk {
  readonly topic: string;
  readonly start: number;
  readonly seq: number;
  readonly ats: readonly number[];
  readonly seqs: readonly number[];
  readonly texts: readonly string[];
  readonly sizes: readonly number[];
  /** Per message: HEX, CUT and RETAINED bits. Plain arrays: a small chunk clones faster so than typed arrays. */
  readonly flags: readonly number[];
}

export const HEX = 1;
export const CUT = 2;
export const RETAINED = 4;

/** What is kept of one topic: its count and size, its last text (to know a retained replay), its newest row. */
export interface HistorySummary {
  readonly topic: string;
  count: number;
  bytes: number;
  lastText: string;
  /** The newest chunk's key and size: a small one takes the next messages in. */
  last?: { start: number; seq: number; count: number };
}

/** The limits of the topics one filter matches. */
export interface HistoryRule {
  readonly filter: string;
  readonly maxMessages: number;
  readonly maxBytes: number;
}

export interface HistoryLimits {
  readonly maxMessages: number;
  readonly maxBytes: number;
}

/**
 * What an entry costs in storage, roughly: its strings (two bytes a character, as engines
 * count them) and the fixed fields and key. Caps and the budget count this.
 */
export function entryBytes(entry: Pick<HistoryEntry, 'topic' | 'text'>): number {
  return 2 * (entry.text.length + 2 * entry.topic.length) + 64;
}

/** The first index whose time is at least `time`, in times that are in order (binary search). */
export function lowerBound(times: ArrayLike<number>, time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A retained message that says what a topic's history ends with is the broker's copy of one
 * kept already, sent again on every subscribe: it is not recorded, or shown, twice.
 */
export function isRetainedReplay(retained: boolean, text: string, lastText: string | undefined): boolean {
  return retained && lastText !== undefined && lastText === text;
}
