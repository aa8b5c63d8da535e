/**
 * History in IndexedDB: a batch of messages appended in one transaction, as one chunk per
 * topic (or added to the topic's newest chunk while it is small), with the per-topic limits and
 * the budget applied in the same transaction, oldest first: whole chunks deleted, the oldest
 * left one cut. The reads, exports and clearing the page does. The session worker appends; the
 * page reads and clears.
 */
import type { IDBPObjectStore } from 'idb';
import type { AppDB, AppDBSchema } from '../db/database.js';
import { inSlices } from '../db/in-slices.js';
import { topicMatches } from '../mqtt/topic.js';
import { CUT, entryBytes, HEX, lowerBound, RETAINED, type HistoryChunk, type HistoryEntry, type HistoryLimits, type HistorySummary } from './history.js';

/**
 * A topic's newest chunk takes in the next messages while it has fewer than this, and fewer
 * than come (or than MERGE_BELOW, for a trickle): chunks at most double with each merge, so a
 * message is written again only a few times, and a flood, whose batches grow when writes lag,
 * never rewrites big chunks (merging into them while they were bigger than the batch made a
 * lagging flood lag more: a bench run held 100 MB of unwritten history).
 */
export const CHUNK_MESSAGES = 500;
const MERGE_BELOW = 8;

type HistoryStore = IDBPObjectStore<AppDBSchema, ('history' | 'historyTopics')[], 'history', 'readwrite'>;

/** A topic's chunks that start from `from` to `to` as one key range. */
function topicRange(topic: string, from = -Infinity, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([topic, from, -Infinity], [topic, to, Infinity]);
}

function chunkOf(topic: string, entries: readonly HistoryEntry[]): HistoryChunk {
  return {
    topic,
    start: entries[0]!.at,
    seq: entries[0]!.seq,
    ats: entries.map((e) => e.at),
    seqs: entries.map((e) => e.seq),
    texts: entries.map((e) => e.text),
    sizes: entries.map((e) => e.size),
    flags: entries.map((e) => (e.hex ? HEX : 0) | (e.cut ? CUT : 0) | (e.retained ? RETAINED : 0)),
  };
}

/** The messages of a chunk, from its `from`th on. */
function entriesOf(chunk: HistoryChunk, from = 0): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (let i = from; i < chunk.ats.length; i++) {
    const flags = chunk.flags[i]!;
    out.push({
      topic: chunk.topic,
      at: chunk.ats[i]!,
      seq: chunk.seqs[i]!,
      text: chunk.texts[i]!,
      hex: (flags & HEX) !== 0,
      size: chunk.sizes[i]!,
      cut: (flags & CUT) !== 0,
      retained: (flags & RETAINED) !== 0,
    });
  }
  return out;
}


/**
 * Under this key `historyTopics` counts the clears so far (as its `count`): a recorder whose
 * summaries were read before a clear would write the cleared counts back, and then drop the
 * new messages as over the cap. No topic has this key: MQTT topics cannot hold U+0000.
 */
const CLEARS_KEY = '\u0000clears';
/** Every topic's summary, without the count of clears (topics are not empty and start above U+0000). */
const SUMMARIES = IDBKeyRange.lowerBound('\u0001');

/** A batch was not written: some history was cleared after `summaries` were read. Read them again. */
export class StaleSummaries extends Error {
  constructor() {
    super('Some history was cleared since what is kept was read.');
  }
}

/** What is kept of every topic with history, by topic (and the count of clears, for appendHistory). */
export async function loadSummaries(db: AppDB): Promise<Map<string, HistorySummary>> {
  return new Map((await db.getAll('historyTopics')).map((summary) => [summary.topic, summary]));
}

const clearsOf = (summary: HistorySummary | undefined) => summary?.count ?? 0;

/**
 * Drops the oldest messages of the chunk under `cursor` while `over()` says there are too
 * many, counting them off its summary: the whole chunk, or its start (written again under its
 * new first message). Returns whether the chunk is gone.
 */
async function dropOldest(
  history: HistoryStore,
  chunk: HistoryChunk,
  summary: HistorySummary | undefined,
  over: () => boolean,
  counted: (bytes: number) => void,
): Promise<boolean> {
  let k = 0;
  while (k < chunk.ats.length && over()) {
    const bytes = entryBytes({ topic: chunk.topic, text: chunk.texts[k]! });
    counted(bytes);
    if (summary !== undefined) {
      summary.count--;
      summary.bytes -= bytes;
    }
    k++;
  }
  if (k === 0) return false;
  const wasLast = summary?.last !== undefined && summary.last.start === chunk.start && summary.last.seq === chunk.seq;
  void history.delete([chunk.topic, chunk.start, chunk.seq]);
  if (k === chunk.ats.length) {
    if (wasLast) delete summary!.last;
    return true;
  }
  const rest = chunkOf(chunk.topic, entriesOf(chunk, k));
  void history.put(rest);
  if (wasLast) summary!.last = { start: rest.start, seq: rest.seq, count: rest.ats.length };
  return false;
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
  const byTopic = new Map<string, HistoryEntry[]>();
  for (const entry of entries) {
    const list = byTopic.get(entry.topic);
    if (list === undefined) byTopic.set(entry.topic, [entry]);
    else list.push(entry);
  }
  const transaction = db.transaction(['history', 'historyTopics'], 'readwrite');
  const history = transaction.objectStore('history') as HistoryStore;
  const touched = new Set<HistorySummary>();
  const summaryOf = (topic: string) => {
    let summary = summaries.get(topic);
    if (summary === undefined) {
      summary = { topic, count: 0, bytes: 0, lastText: '' };
      summaries.set(topic, summary);
    }
    return summary;
  };
  // The newest chunks that take the new messages in, read all at once (not one wait each),
  // with the count of clears, to know the summaries are still what is kept.
  const clears = transaction.objectStore('historyTopics').get(CLEARS_KEY);
  const groups = [...byTopic].map(([topic, list]) => ({ summary: summaryOf(topic), list }));
  const newest = await Promise.all(
    groups.map(({ summary, list }) => {
      const last = summary.last;
      const merge = last !== undefined && last.count < Math.min(CHUNK_MESSAGES, Math.max(MERGE_BELOW, list.length));
      return merge ? history.get([summary.topic, last.start, last.seq]) : undefined;
    }),
  );
  if (clearsOf(await clears) !== clearsOf(summaries.get(CLEARS_KEY))) {
    transaction.abort();
    await transaction.done.catch(() => undefined);
    throw new StaleSummaries();
  }
  await inSlices(groups, ({ summary, list }, i) => {
    const old = newest[i];
    const chunk = chunkOf(summary.topic, old === undefined ? list : [...entriesOf(old), ...list]);
    summary.last = { start: chunk.start, seq: chunk.seq, count: chunk.ats.length };
    for (const entry of list) summary.bytes += entryBytes(entry);
    summary.count += list.length;
    summary.lastText = list[list.length - 1]!.text;
    touched.add(summary);
    return history.put(chunk);
  });
  for (const summary of touched) {
    const limits = limitsOf(summary.topic);
    if (limits === null) continue;
    const over = () => summary.count > limits.maxMessages || summary.bytes > limits.maxBytes;
    let cursor = over() ? await history.openCursor(topicRange(summary.topic)) : null;
    while (cursor !== null && over()) {
      if (!(await dropOldest(history, cursor.value, summary, over, () => undefined))) break;
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
      if (summary !== undefined) touched.add(summary);
      const gone = await dropOldest(history, cursor.value, summary, () => total > budgetBytes, (bytes) => (total -= bytes));
      if (!gone) break;
      cursor = await cursor.continue();
    }
  }
  const topics = transaction.objectStore('historyTopics');
  await inSlices([...touched], (summary) => {
    if (summary.count > 0) return topics.put(summary);
    summaries.delete(summary.topic);
    return topics.delete(summary.topic);
  });
  await transaction.done;
}

/** A topic's messages from `from` to `to` (ms since the epoch), oldest first. */
export async function readHistory(db: AppDB, topic: string, from = -Infinity, to = Infinity): Promise<HistoryEntry[]> {
  const transaction = db.transaction('history');
  // The chunk that starts before `from` may hold messages after it.
  const before = from === -Infinity ? null : await transaction.store.openCursor(IDBKeyRange.bound([topic, -Infinity, -Infinity], [topic, from, -Infinity], false, true), 'prev');
  const chunks = [...(before === null ? [] : [before.value]), ...(await transaction.store.getAll(topicRange(topic, from, to)))];
  const out: HistoryEntry[] = [];
  // A chunk's times are in order: its entries before `from` are skipped, not made and dropped.
  for (const chunk of chunks) for (const entry of entriesOf(chunk, lowerBound(chunk.ats, from))) if (entry.at <= to) out.push(entry);
  return out;
}

/** The topics with history that one of `filters` matches, with what is kept of each. */
export async function summariesMatching(db: AppDB, filters: readonly string[]): Promise<HistorySummary[]> {
  return (await db.getAll('historyTopics', SUMMARIES)).filter((summary) => filters.some((filter) => topicMatches(filter, summary.topic)));
}

/** Everything kept, in bytes as the limits count them, and how many messages. */
export async function historyTotals(db: AppDB): Promise<{ bytes: number; count: number }> {
  let bytes = 0;
  let count = 0;
  for (const summary of await db.getAll('historyTopics', SUMMARIES)) {
    bytes += summary.bytes;
    count += summary.count;
  }
  return { bytes, count };
}

/** Removes the history of these topics, or of all when `topics` is null. */
export async function clearHistory(db: AppDB, topics: readonly string[] | null): Promise<void> {
  const transaction = db.transaction(['history', 'historyTopics'], 'readwrite');
  const summaries = transaction.objectStore('historyTopics');
  const clears = clearsOf(await summaries.get(CLEARS_KEY));
  if (topics === null) {
    void transaction.objectStore('history').clear();
    void summaries.clear();
  } else {
    for (const topic of topics) {
      void transaction.objectStore('history').delete(topicRange(topic));
      void summaries.delete(topic);
    }
  }
  // A recorder that read the summaries before this writes nothing with them (appendHistory).
  void summaries.put({ topic: CLEARS_KEY, count: clears + 1, bytes: 0, lastText: '' });
  await transaction.done;
}
