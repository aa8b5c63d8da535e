/**
 * The history recorder, in the session worker: notes every message on a topic that some
 * entity keeps history of, and appends them in batches (BatchWriter: one transaction per batch,
 * spaced out under a flood), never one transaction per message. What is kept of each topic is
 * held here, read once at the start and again after the page clears some history.
 */
import { BatchWriter } from '../db/batch-writer.js';
import type { AppDB } from '../db/database.js';
import { appendHistory, loadSummaries, StaleSummaries } from './history-db.js';
import { limitsFor } from './history-limits.js';
import { DEFAULT_HISTORY_BUDGET, HISTORY_TEXT_LIMIT, isRetainedReplay, type HistoryEntry, type HistoryLimits, type HistoryRule, type HistorySummary } from './history.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Bytes of a binary payload kept, as hex. */
const HEX_BYTES = 256;

function hexOf(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ' ') + bytes[i]!.toString(16).padStart(2, '0');
  return out;
}

/** The payload as kept: its text up to the limit, or the hex of its start. */
export function keptText(payload: Uint8Array): { text: string; hex: boolean; cut: boolean } {
  // Text longer than the limit in characters is longer in bytes too: only its start is read,
  // strictly (a binary payload is hex however long), streaming so that a character cut at the
  // end is not taken for a bad byte.
  const long = payload.length > HISTORY_TEXT_LIMIT * 4;
  try {
    const text = long
      ? new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(0, HISTORY_TEXT_LIMIT * 4), { stream: true })
      : strictUtf8.decode(payload);
    return text.length > HISTORY_TEXT_LIMIT ? { text: text.slice(0, HISTORY_TEXT_LIMIT), hex: false, cut: true } : { text, hex: false, cut: long };
  } catch {
    return { text: hexOf(payload.subarray(0, HEX_BYTES)), hex: true, cut: payload.length > HEX_BYTES };
  }
}

/**
 * Messages waiting to be written beyond which a flood's next ones are not kept: a flood faster
 * than this device's storage takes must not fill the worker's memory (about 15 MB here).
 */
export const MAX_WAITING = 50_000;

export class HistoryRecorder {
  /** Messages of floods not kept because the storage lagged (told through `fellBehind`). */
  private dropped = 0;
  private rules: readonly HistoryRule[] = [];
  private budgetBytes = DEFAULT_HISTORY_BUDGET;
  /** Each topic's limits, worked out once per set of rules. */
  private readonly limits = new Map<string, HistoryLimits | null>();
  private summaries: Promise<Map<string, HistorySummary>>;
  private seq = 0;
  private readonly writer: BatchWriter<HistoryEntry>;

  constructor(
    private readonly db: Promise<AppDB | null>,
    /** Told after every write: the error, or null once a write works. */
    outcome: (error: unknown) => void,
    /** Told how many messages in all were not kept, as the count grows (every 1,000th). */
    private readonly fellBehind: (dropped: number) => void = () => undefined,
  ) {
    this.summaries = this.readSummaries();
    this.writer = new BatchWriter<HistoryEntry>((entries) => this.append(entries), outcome);
  }

  /** Which topics are recorded, within which limits, and the budget for all of them. */
  setRules(rules: readonly HistoryRule[], budgetBytes: number): void {
    this.rules = rules;
    this.budgetBytes = budgetBytes;
    this.limits.clear();
  }

  /** A message arrived. */
  note(topic: string, payload: Uint8Array, retained: boolean, at: number): void {
    if (this.limitsOf(topic) === null) return;
    if (this.writer.waiting >= MAX_WAITING) {
      if (this.dropped++ % 1000 === 0) this.fellBehind(this.dropped);
      return;
    }
    const { text, hex, cut } = keptText(payload);
    this.writer.add({ topic, at, seq: ++this.seq, text, hex, size: payload.length, cut, retained });
  }

  /** The page cleared some history: what is kept is read again. */
  cleared(): void {
    this.summaries = this.summaries.then(() => this.readSummaries());
  }

  private limitsOf(topic: string): HistoryLimits | null {
    let limits = this.limits.get(topic);
    if (limits === undefined) {
      limits = limitsFor(this.rules, topic);
      this.limits.set(topic, limits);
    }
    return limits;
  }

  private async readSummaries(): Promise<Map<string, HistorySummary>> {
    const db = await this.db;
    return db === null ? new Map() : loadSummaries(db).catch(() => new Map());
  }

  private async append(entries: HistoryEntry[]): Promise<void> {
    const db = await this.db;
    if (db === null) return;
    const summaries = await this.summaries;
    const fresh = entries.filter((entry) => {
      const summary = summaries.get(entry.topic);
      const replay = isRetainedReplay(entry.retained, entry.text, summary?.lastText);
      if (summary !== undefined && !replay) summary.lastText = entry.text;
      return !replay;
    });
    try {
      await appendHistory(db, fresh, summaries, (topic) => this.limitsOf(topic), this.budgetBytes);
    } catch (error) {
      this.summaries = this.readSummaries();
      if (!(error instanceof StaleSummaries)) throw error;
      // The page cleared some history while these were on their way: written on what is kept now.
      await appendHistory(db, fresh, await this.summaries, (topic) => this.limitsOf(topic), this.budgetBytes);
    }
  }
}
