/**
 * What the views ask of the history: an entity's topics with history, a topic's messages, how
 * much is kept against the budget and the browser's quota, clearing, and the budget. Any tab
 * reads and clears the database itself; the recorder (in the leading tab's session worker) is
 * told through `cleared` and `budgetChosen`. Loaded when a history is first shown.
 */
import type { AppDB } from '../db/database.js';
import { entityFilters } from '../entities/entity.js';
import { clearHistory, historyTotals, readHistory, summariesMatching } from '../history/history-db.js';
import type { HistoryEntry, HistorySummary } from '../history/history.js';
import type { AppStores } from '../store/app-stores.js';
import { findEntity } from '../store/discovery.js';
import { historyBudgetChosen } from '../store/ui.js';

/** How much history is kept, and what the browser allows this site. */
export interface HistoryUsage {
  readonly bytes: number;
  readonly count: number;
  readonly budget: number;
  /** From navigator.storage.estimate(): all this site stores, and its quota; null: unknown. */
  readonly siteUsage: number | null;
  readonly siteQuota: number | null;
}

export interface HistoryCommands {
  /** The topics of an entity that have history, with what is kept of each, by topic. */
  historyTopics(entityId: string): Promise<HistorySummary[]>;
  /** A topic's messages from `from` to `to` (ms since the epoch), oldest first. */
  readHistory(topic: string, from?: number, to?: number): Promise<HistoryEntry[]>;
  /** Clears an entity's history (all its topics), or all history (null). */
  clearHistory(entityId: string | null): Promise<void>;
  historyUsage(): Promise<HistoryUsage>;
  chooseHistoryBudget(bytes: number): void;
}

export interface HistoryParts {
  readonly stores: AppStores;
  readonly db: AppDB | null;
  /** Some history was cleared: the recorder counts again. */
  readonly cleared: () => void;
  /** The budget changed in this tab. */
  readonly budgetChosen: (bytes: number) => void;
}

export function historyCommands({ stores, db, cleared, budgetChosen }: HistoryParts): HistoryCommands {
  // The user's entities and the discovered ones shown.
  const entityOf = (id: string) => findEntity(stores, id);
  const topicsOf = async (entityId: string): Promise<HistorySummary[]> => {
    const entity = entityOf(entityId);
    if (db === null || entity === undefined) return [];
    return (await summariesMatching(db, entityFilters(entity))).sort((a, b) => (a.topic < b.topic ? -1 : 1));
  };
  return {
    historyTopics: topicsOf,

    async readHistory(topic, from, to) {
      return db === null ? [] : readHistory(db, topic, from, to);
    },

    async clearHistory(entityId) {
      if (db === null) return;
      const topics = entityId === null ? null : (await topicsOf(entityId)).map((summary) => summary.topic);
      await clearHistory(db, topics);
      cleared();
    },

    async historyUsage() {
      const totals = db === null ? { bytes: 0, count: 0 } : await historyTotals(db);
      const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
      return {
        ...totals,
        budget: stores.ui.getState().historyBudget,
        siteUsage: estimate?.usage ?? null,
        siteQuota: estimate?.quota ?? null,
      };
    },

    chooseHistoryBudget(bytes) {
      historyBudgetChosen(stores.ui, bytes);
      budgetChosen(bytes);
    },
  };
}
