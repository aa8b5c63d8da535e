/**
 * The database, opening from the first moment the page runs: main.ts imports this module
 * before any other, so IndexedDB opens in the browser while the views' code is still being
 * evaluated, and the last state reaches the screen sooner.
 */
import { currentConnectionId, databaseName } from '../connections/current.js';
import { openAppDb, type AppDB } from './database.js';

/** The saved connection this tab shows: each has its own database. */
export const connectionId = currentConnectionId(location.search);
export const connectionDbName = databaseName(connectionId);
export const openingDb: Promise<AppDB> = openAppDb(connectionDbName);
// Whoever awaits it handles a failure; until then it must not count as unhandled.
openingDb.catch(() => undefined);
