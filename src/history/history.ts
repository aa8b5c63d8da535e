/**
 * History: every message on an entity's topics, kept on this device per concrete topic, within
 * limits per topic (a count and a size) and for all topics together (a budget). Plain data and
 * pure functions; the session worker records (history-recorder.ts), the page reads.
 */
import { topicMatches } from '../mqtt/topic.js';

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

/** What is kept of one topic: its count and size, and its last text (to know a retained replay). */
export interface HistorySummary {
  readonly topic: string;
  count: number;
  bytes: number;
  lastText: string;
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
export function entryBytes(entry: HistoryEntry): number {
  return 2 * (entry.text.length + 2 * entry.topic.length) + 64;
}

/**
 * The limits for a topic: of every rule that matches it, the largest (two entities on one
 * topic keep what the more generous asks for); null when no rule matches: not recorded.
 */
export function limitsFor(rules: readonly HistoryRule[], topic: string): HistoryLimits | null {
  let limits: HistoryLimits | null = null;
  for (const rule of rules) {
    if (!topicMatches(rule.filter, topic)) continue;
    limits =
      limits === null
        ? { maxMessages: rule.maxMessages, maxBytes: rule.maxBytes }
        : { maxMessages: Math.max(limits.maxMessages, rule.maxMessages), maxBytes: Math.max(limits.maxBytes, rule.maxBytes) };
  }
  return limits;
}

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
