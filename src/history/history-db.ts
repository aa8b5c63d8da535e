/**
 * History in IndexedDB: a batch of messages appended in one transaction, with the per-topic
 * limits and the budget applied in the same transaction (oldest first), and the reads, exports
 * and clearing the page does. The session worker appends; the page reads and clears.
 */
import type { AppDB } from '../db/database.js';
import { topicMatches } from '../mqtt/topic.js';
import { entryBytes, type HistoryEntry, type HistoryLimits, type HistorySummary } from './history.js';

/** Read in chunks of this many, so that no single read holds a long task. */
const READ_CHUNK = 10_000;

/** A topic's whole history as one key range. */
function topicRange(topic: string, from = -Infinity, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([topic, from, -Infinity], [topic, to, Infinity]);
}

/** What is kept of every topic with history, by topic. */
export async function loadSummaries(db: AppDB): Promise<Map<string, HistorySummary>> {
  return new Map((await db.getAll('historyTopics')).map((summary) => [summary.topic, summary]));
}

/**
 * Appends `entries` and keeps within the limits: each topic's, then the budget for all.
 * `summaries` is the caller's copy of what is kept, brought up to date here; if the
 * transaction fails, the caller reads it again (loadSummaries).
 */
export async function appendHistory(
  db: AppDB,
  entries: readonly HistoryEntry[],
  summaries: Map<string, HistorySummary>,
  limitsOf: (topic: string) => HistoryLimits | null,
  budgetBytes: number,
): Promise<void> {
  if (entries.length === 0) return;
  const transaction = db.transaction(['history', 'historyTopics'], 'readwrite');
  const history = transaction.objectStore('history');
  const touched = new Set<HistorySummary>();
  for (const entry of entries) {
    void history.put(entry);
    let summary = summaries.get(entry.topic);
    if (summary === undefined) {
      summary = { topic: entry.topic, count: 0, bytes: 0, lastText: '' };
      summaries.set(entry.topic, summary);
    }
    summary.count++;
    summary.bytes += entryBytes(entry);
    summary.lastText = entry.text;
    touched.add(summary);
  }
  for (const summary of touched) {
    const limits = limitsOf(summary.topic);
    if (limits === null || (summary.count <= limits.maxMessages && summary.bytes <= limits.maxBytes)) continue;
    let cursor = await history.openCursor(topicRange(summary.topic));
    while (cursor !== null && (summary.count > limits.maxMessages || summary.bytes > limits.maxBytes)) {
      summary.count--;
      summary.bytes -= entryBytes(cursor.value);
      void cursor.delete();
      cursor = await cursor.continue();
    }
  }
  let total = 0;
  for (const summary of summaries.values()) total += summary.bytes;
  if (total > budgetBytes) {
    // Over the budget: the oldest messages go, whichever topic they are on.
    let cursor = await history.index('by-time').openCursor();
    while (cursor !== null && total > budgetBytes) {
      const summary = summaries.get(cursor.value.topic);
      const bytes = entryBytes(cursor.value);
      total -= bytes;
      if (summary !== undefined) {
        summary.count--;
        summary.bytes -= bytes;
        touched.add(summary);
      }
      void cursor.delete();
      cursor = await cursor.continue();
    }
  }
  const topics = transaction.objectStore('historyTopics');
  for (const summary of touched) {
    if (summary.count > 0) void topics.put(summary);
    else {
      summaries.delete(summary.topic);
      void topics.delete(summary.topic);
    }
  }
  await transaction.done;
}

/** A topic's messages from `from` to `to` (ms since the epoch), oldest first. */
export async function readHistory(db: AppDB, topic: string, from = -Infinity, to = Infinity): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  let lower: [string, number, number] = [topic, from, -Infinity];
  let open = false;
  for (;;) {
    const chunk = await db.getAll('history', IDBKeyRange.bound(lower, [topic, to, Infinity], open), READ_CHUNK);
    for (const entry of chunk) out.push(entry);
    if (chunk.length < READ_CHUNK) return out;
    const last = chunk[chunk.length - 1]!;
    lower = [topic, last.at, last.seq];
    open = true;
  }
}

/** The topics with history that one of `filters` matches, with what is kept of each. */
export async function summariesMatching(db: AppDB, filters: readonly string[]): Promise<HistorySummary[]> {
  return (await db.getAll('historyTopics')).filter((summary) => filters.some((filter) => topicMatches(filter, summary.topic)));
}

/** Everything kept, in bytes as the limits count them, and how many messages. */
export async function historyTotals(db: AppDB): Promise<{ bytes: number; count: number }> {
  let bytes = 0;
  let count = 0;
  for (const summary of await db.getAll('historyTopics')) {
    bytes += summary.bytes;
    count += summary.count;
  }
  return { bytes, count };
}

/** Removes the history of these topics, or of all when `topics` is null. */
export async function clearHistory(db: AppDB, topics: readonly string[] | null): Promise<void> {
  const transaction = db.transaction(['history', 'historyTopics'], 'readwrite');
  if (topics === null) {
    void transaction.objectStore('history').clear();
    void transaction.objectStore('historyTopics').clear();
  } else {
    for (const topic of topics) {
      void transaction.objectStore('history').delete(topicRange(topic));
      void transaction.objectStore('historyTopics').delete(topic);
    }
  }
  await transaction.done;
}
