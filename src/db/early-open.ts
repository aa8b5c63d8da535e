/**
 * The database, opening from the first moment the page runs: main.ts imports this module
 * before any other, so IndexedDB opens in the browser while the views' code is still being
 * evaluated, and the last state reaches the screen sooner.
 */
import { openAppDb, type AppDB } from './database.js';

export const openingDb: Promise<AppDB> = openAppDb();
// Whoever awaits it handles a failure; until then it must not count as unhandled.
openingDb.catch(() => undefined);
