import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { openAppDb, type AppDB } from '../../src/db/database.js';
import { createEntity, historyRules } from '../../src/entities/entity.js';
import { appendHistory, clearHistory, historyTotals, loadSummaries, readHistory } from '../../src/history/history-db.js';
import { HistoryRecorder, keptText, MAX_WAITING } from '../../src/history/history-recorder.js';
import { DEFAULT_HISTORY, entryBytes, HISTORY_TEXT_LIMIT, type HistoryEntry, type HistorySummary } from '../../src/history/history.js';
import { limitsFor } from '../../src/history/history-limits.js';
import { numberOf, stateOf } from '../../src/history/series.js';
import { putsBeforeAnotherTask } from '../support/idb-puts.js';

const encode = (text: string) => new TextEncoder().encode(text);

let seq = 0;
function entry(topic: string, text: string, at: number, retained = false): HistoryEntry {
  return { topic, at, seq: ++seq, text, hex: false, size: text.length, cut: false, retained };
}

/** Waits until `check` holds (the recorder writes on a later task). */
async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('history: what is kept of a payload and within which limits', () => {
  it('keeps text, the start of a long text, and the hex of a binary payload', () => {
    expect(keptText(encode('21.5'))).to.deep.equal({ text: '21.5', hex: false, cut: false });
    const long = keptText(encode('x'.repeat(HISTORY_TEXT_LIMIT * 10)));
    expect(long.text.length).to.equal(HISTORY_TEXT_LIMIT);
    expect(long.cut).to.equal(true);
    expect(keptText(new Uint8Array([0xff, 0x00, 0x10]))).to.deep.equal({ text: 'ff 00 10', hex: true, cut: false });
    // A large binary payload (a camera snapshot, a firmware chunk) is hex too, not text with
    // replacement characters; a long text cut inside a character is still text.
    const image = new Uint8Array(HISTORY_TEXT_LIMIT * 8).map((_, i) => (i * 37) % 256);
    const binary = keptText(image);
    expect([binary.hex, binary.cut, binary.text.startsWith('00 25 4a')]).to.deep.equal([true, true, true]);
    const accents = keptText(encode('é'.repeat(HISTORY_TEXT_LIMIT * 3)));
    expect([accents.hex, accents.text.length, accents.cut]).to.deep.equal([false, HISTORY_TEXT_LIMIT, true]);
  });

  it('reads numbers and two-state words, and nothing else', () => {
    expect([numberOf('21.5'), numberOf(' -3 '), numberOf('1e3'), numberOf('ON'), numberOf(''), numberOf('NaN')]).to.deep.equal([21.5, -3, 1000, null, null, null]);
    expect([stateOf('ON'), stateOf('off'), stateOf(true), stateOf('Online'), stateOf('21'), stateOf(1)]).to.deep.equal([true, false, true, true, null, null]);
  });

  it('takes the most generous limits of the entities on a topic, and none from one that keeps nothing', () => {
    const plug = createEntity('Plug', 'tele/plug/SENSOR', { history: { ...DEFAULT_HISTORY, maxMessages: 100 } });
    const all = createEntity('All', 'tele/#', { history: { ...DEFAULT_HISTORY, maxMessages: 500, maxBytes: 1000 } });
    const off = createEntity('Off', 'stat/#', { history: { ...DEFAULT_HISTORY, keep: false } });
    const rules = historyRules([plug, all, off]);
    expect(limitsFor(rules, 'tele/plug/SENSOR')).to.deep.equal({ maxMessages: 500, maxBytes: DEFAULT_HISTORY.maxBytes });
    expect(limitsFor(rules, 'tele/other/LWT')).to.deep.equal({ maxMessages: 500, maxBytes: 1000 });
    expect(limitsFor(rules, 'stat/plug/POWER')).to.equal(null);
  });
});

describe('history in IndexedDB', () => {
  let name: string;
  let db: AppDB;
  let summaries: Map<string, HistorySummary>;
  beforeEach(async () => {
    name = `test-history-${crypto.randomUUID()}`;
    db = await openAppDb(name);
    summaries = new Map();
  });
  afterEach(async () => {
    db.close();
    await deleteDB(name);
  });

  it('holds the per-topic cap after 10,000 messages, keeping the newest in order', async () => {
    const limits = () => ({ maxMessages: 1000, maxBytes: DEFAULT_HISTORY.maxBytes });
    for (let batch = 0; batch < 10; batch++) {
      const entries = Array.from({ length: 1000 }, (_, i) => entry('sensor/t', String(batch * 1000 + i), 1_000_000 + batch * 1000 + i));
      await appendHistory(db, entries, summaries, limits, Infinity);
    }
    const kept = await readHistory(db, 'sensor/t');
    expect(kept.length).to.equal(1000);
    expect(kept[0]!.text).to.equal('9000');
    expect(kept[999]!.text).to.equal('9999');
    expect(kept.every((e, i) => i === 0 || e.at > kept[i - 1]!.at)).to.equal(true);
    // The counts kept beside the history agree with it, after a restart too.
    expect((await loadSummaries(db)).get('sensor/t')).to.deep.include({ count: 1000 });
  });

  it('stores a flood and a trickle in a few rows, not one per message', async () => {
    const limits = () => ({ maxMessages: 100_000, maxBytes: Infinity });
    for (let batch = 0; batch < 10; batch++) {
      await appendHistory(db, Array.from({ length: 1000 }, (_, i) => entry('flood', String(i), batch * 1000 + i)), summaries, limits, Infinity);
    }
    for (let i = 0; i < 100; i++) await appendHistory(db, [entry('trickle', String(i), i)], summaries, limits, Infinity);
    expect(await db.count('history', IDBKeyRange.bound(['flood'], ['flood', Infinity, Infinity]))).to.be.at.most(10);
    expect(await db.count('history', IDBKeyRange.bound(['trickle'], ['trickle', Infinity, Infinity]))).to.be.at.most(15);
    expect((await readHistory(db, 'trickle')).map((e) => e.text)).to.deep.equal(Array.from({ length: 100 }, (_, i) => String(i)));
    expect((await readHistory(db, 'flood', 9500)).length).to.equal(500);
  });

  it('appends a batch over 1,000 topics in one transaction, letting other work run between slices of it', async () => {
    const limits = () => ({ maxMessages: 100_000, maxBytes: Infinity });
    const batch = (n: number) => Array.from({ length: 1000 }, (_, i) => entry(`flood/${i}`, `${n}`, n * 1000 + i));
    await appendHistory(db, batch(0), summaries, limits, Infinity);
    const seenByOtherTask = await putsBeforeAnotherTask(() => appendHistory(db, batch(1), summaries, limits, Infinity));
    // 1,000 chunks and 1,000 counts: another task ran before they were all made.
    expect(seenByOtherTask).to.be.above(0).and.below(2000);
    expect((await readHistory(db, 'flood/999')).map((e) => e.text)).to.deep.equal(['0', '1']);
    expect((await loadSummaries(db)).get('flood/0')).to.deep.include({ count: 2 });
  });

  it('holds the per-topic size cap', async () => {
    const one = entryBytes(entry('s', '12345', 0));
    await appendHistory(db, Array.from({ length: 50 }, (_, i) => entry('s', '12345', i)), summaries, () => ({ maxMessages: 10_000, maxBytes: one * 10 }), Infinity);
    expect((await readHistory(db, 's')).map((e) => e.at)).to.deep.equal([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
  });

  it('over the budget drops the oldest messages first, whichever topic they are on', async () => {
    const limits = () => ({ maxMessages: 10_000, maxBytes: Infinity });
    await appendHistory(db, Array.from({ length: 100 }, (_, i) => entry('old/topic', 'aaaa', 1000 + i)), summaries, limits, Infinity);
    await appendHistory(db, Array.from({ length: 100 }, (_, i) => entry('new/topic', 'bbbb', 5000 + i)), summaries, limits, Infinity);
    const one = entryBytes(entry('old/topic', 'aaaa', 0));
    // Room for 150: the 50 oldest go, all of them on the old topic.
    await appendHistory(db, [entry('new/topic', 'bbbb', 9000)], summaries, limits, one * 150);
    expect((await readHistory(db, 'new/topic')).length).to.equal(101);
    const old = await readHistory(db, 'old/topic');
    expect(old.length).to.equal(49);
    expect(old[0]!.at).to.equal(1051);
    expect((await historyTotals(db)).count).to.equal(150);
  });

  it('reads a range in order, and clears one topic or all', async () => {
    const limits = () => ({ maxMessages: 100, maxBytes: Infinity });
    await appendHistory(db, [entry('a', '1', 10), entry('b', '2', 20), entry('a', '3', 30), entry('a', '4', 40)], summaries, limits, Infinity);
    expect((await readHistory(db, 'a', 20, 40)).map((e) => e.text)).to.deep.equal(['3', '4']);
    await clearHistory(db, ['a']);
    expect(await readHistory(db, 'a')).to.deep.equal([]);
    expect((await readHistory(db, 'b')).length).to.equal(1);
    await clearHistory(db, null);
    expect(await historyTotals(db)).to.deep.equal({ bytes: 0, count: 0 });
  });

  it('keeps at most MAX_WAITING messages waiting for the storage, and says how many of a flood it did not keep', async () => {
    let told = 0;
    // A storage that never answers: every message waits.
    const recorder = new HistoryRecorder(new Promise<AppDB | null>(() => undefined), () => undefined, (dropped) => (told = dropped));
    recorder.setRules(historyRules([createEntity('Flood', 'flood/#')]), Infinity);
    for (let i = 0; i < MAX_WAITING + 2500; i++) recorder.note(`flood/${i % 10}`, encode(String(i)), false, i);
    expect(told).to.equal(2001);
  });

  it('keeps what arrives after a clear that the recorder was not told of yet, counted from nothing', async () => {
    // The page clears in its own transaction and tells the worker after: a batch on its way
    // meanwhile was written with the old counts (100 at a cap of 100), so the new messages
    // were dropped as over the cap, and every later batch with them.
    const entity = createEntity('Busy', 'home/busy');
    const rules = historyRules([{ ...entity, options: { ...entity.options, history: { ...DEFAULT_HISTORY, maxMessages: 100 } } }]);
    const recorder = new HistoryRecorder(Promise.resolve(db), () => undefined);
    recorder.setRules(rules, Infinity);
    for (let i = 0; i < 100; i++) recorder.note('home/busy', encode(String(i)), false, 1000 + i);
    await until(async () => (await readHistory(db, 'home/busy')).length === 100);
    await clearHistory(db, ['home/busy']);
    for (let i = 0; i < 5; i++) recorder.note('home/busy', encode(`after ${i}`), false, 5000 + i);
    await until(async () => (await historyTotals(db)).count > 0);
    expect((await readHistory(db, 'home/busy')).map((e) => e.text)).to.deep.equal(['after 0', 'after 1', 'after 2', 'after 3', 'after 4']);
    expect((await loadSummaries(db)).get('home/busy')).to.deep.include({ count: 5 });
    // The count of clears is not a topic: Settings counts messages, not clears.
    expect((await historyTotals(db)).count).to.equal(5);
  });

  it('records in batches from the worker side, and not a retained message sent again on resubscribe', async () => {
    const recorder = new HistoryRecorder(Promise.resolve(db), () => undefined);
    recorder.setRules(historyRules([createEntity('Temp', 'home/temp')]), Infinity);
    recorder.note('home/temp', encode('21.5'), true, 1000);
    recorder.note('home/temp', encode('21.7'), false, 2000);
    recorder.note('home/other', encode('not followed'), false, 2500);
    await until(async () => (await readHistory(db, 'home/temp')).length === 2);
    // A reload: a new recorder, and the broker sends the retained message again.
    const again = new HistoryRecorder(Promise.resolve(db), () => undefined);
    again.setRules(historyRules([createEntity('Temp', 'home/temp')]), Infinity);
    again.note('home/temp', encode('21.7'), true, 3000);
    again.note('home/temp', encode('22.0'), false, 4000);
    await until(async () => (await readHistory(db, 'home/temp')).length === 3);
    expect((await readHistory(db, 'home/temp')).map((e) => e.text)).to.deep.equal(['21.5', '21.7', '22.0']);
    expect(await readHistory(db, 'home/other')).to.deep.equal([]);
  });
});
