/**
 * The session worker: runs the MQTT session (and mqtt.js with it) off the page's main thread,
 * beside the live topic table and the writer that saves it. Under a flood of thousands of
 * messages a second, every WebSocket message is a task on the thread that owns the socket;
 * here that thread is this worker's. The page gets what changed in batches: one batch at a
 * time, the next only once the page has handled the last, so a busy page gets fewer, larger
 * batches (one record per topic, however many messages came) and an idle one each at once.
 */
import { loadTopicRecords, openExistingAppDb, pruneTopicRecords, saveTopicRecords, type AppDB } from '../db/database.js';
import { describeStorageError } from '../db/storage-error.js';
import { HistoryRecorder } from '../history/history-recorder.js';
import { MqttSession, type Session } from '../mqtt/session.js';
import { TopicTable } from '../topics/topic-table.js';
import { TopicWriter } from '../topics/topic-writer.js';
import type { FromWorker, SessionState, ToWorker } from './protocol.js';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const table = new TopicTable();
let db: Promise<AppDB | null> = Promise.resolve(null);
let batchOut = false;
let storageProblem = '';
/** The last problem of each writer: the page hears of the first, and that all work again. */
const writeProblems = { topics: '', history: '', behind: '' };

function reportStorage(): void {
  const problem = writeProblems.topics || writeProblems.history || writeProblems.behind;
  if (problem === storageProblem) return;
  storageProblem = problem;
  scope.postMessage({ type: 'storage', problem });
}

const writeOutcome = (writer: 'topics' | 'history') => (error: unknown) => {
  writeProblems[writer] = error === null ? '' : describeStorageError(error);
  reportStorage();
};

const writer = new TopicWriter(async (records) => {
  const open = await db;
  if (open !== null) await saveTopicRecords(open, records);
}, writeOutcome('topics'));
let recorder: HistoryRecorder | null = null;

function sendChanges(): void {
  if (batchOut || !table.changed) return;
  const records = table.flush();
  batchOut = true;
  scope.postMessage({ type: 'records', records });
  writer.save(records);
}

const session: Session = new MqttSession({
  status: (status, detail, nextAttemptAt) => scope.postMessage({ type: 'status', status, detail, nextAttemptAt, state: state() }),
  message: (topic, payload, retained, qos) => {
    const at = Date.now();
    table.add(topic, payload, retained, qos, at);
    recorder?.note(topic, payload, retained, at);
    sendChanges();
  },
  filters: (statuses) => scope.postMessage({ type: 'filters', statuses }),
});

function state(): SessionState {
  return { connected: session.connected, active: session.active };
}

/** Filters whose saved records are in the table: each is read once. */
const hydrated = new Set<string>();
let pruned = false;
/** Filter changes apply in order, each after its saved records are read. */
let filtersApplied: Promise<void> = Promise.resolve();

function setFilters(filters: readonly string[]): void {
  filtersApplied = filtersApplied.then(async () => {
    const open = await db;
    const fresh = filters.filter((filter) => !hydrated.has(filter));
    if (open !== null) {
      // Topics no entity follows any more are dropped from storage once per start.
      if (!pruned) {
        pruned = true;
        await pruneTopicRecords(open, filters).catch(() => undefined);
      }
    }
    // Before hydrating: the table takes in only records that a wanted filter matches.
    table.setFilters(filters);
    if (open !== null && fresh.length > 0) table.hydrate(await loadTopicRecords(open, fresh).catch(() => []));
    for (const filter of fresh) hydrated.add(filter);
    for (const filter of [...hydrated]) if (!filters.includes(filter)) hydrated.delete(filter);
    // Read first, subscribed then: a retained message finds its saved record to add to.
    session.setFilters(filters);
  });
}

async function call(message: Extract<ToWorker, { type: 'call' }>): Promise<void> {
  try {
    switch (message.method) {
      case 'connect':
        await session.connect(...message.args);
        break;
      case 'disconnect':
        await session.disconnect(...message.args);
        break;
      case 'publish':
        await session.publish(...message.args);
        break;
    }
    scope.postMessage({ type: 'reply', id: message.id, state: state() });
  } catch (error) {
    const { name, message: text } = error instanceof Error ? error : new Error(String(error));
    scope.postMessage({ type: 'reply', id: message.id, error: { name, message: text }, state: state() });
  }
}

scope.onmessage = ({ data }) => {
  switch (data.type) {
    case 'configure':
      if (data.dbName !== null) {
        db = openExistingAppDb(data.dbName).catch((error: unknown) => {
          storageProblem = describeStorageError(error);
          scope.postMessage({ type: 'storage', problem: storageProblem });
          return null;
        });
        recorder = new HistoryRecorder(db, writeOutcome('history'), (dropped) => {
          writeProblems.behind = `The history could not keep up with a flood of messages: ${dropped.toLocaleString('en')} of them were not kept on this device (the last messages are shown as usual).`;
          reportStorage();
        });
      }
      break;
    case 'history':
      recorder?.setRules(data.rules, data.budgetBytes);
      break;
    case 'history-cleared':
      recorder?.cleared();
      break;
    case 'call':
      void call(data);
      break;
    case 'filters':
      table.readWhole(data.whole ?? []);
      setFilters(data.filters);
      break;
    case 'reconnect-now':
      session.reconnectNow();
      break;
    case 'batch-handled':
      batchOut = false;
      sendChanges();
      break;
  }
};

scope.postMessage({ type: 'ready' });
