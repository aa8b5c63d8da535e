/**
 * Saves the settings a reload must find again (the configuration, whether to connect, the
 * drafts, the theme, and what optimistic switches last sent) whenever they change. Watches the stores; never blocks them. When
 * the browser cannot save, the app keeps working in memory and the storage slice says why.
 * Entities are saved by the commands that change them, topic records by the session worker,
 * the outbox by the outbox.
 */
import { saveSettings, type AppDB, type StoredSettings } from '../db/database.js';
import { describeStorageError } from '../db/storage-error.js';
import type { AppStores } from '../store/app-stores.js';
import type { ConnectionConfig } from '../store/connection.js';
import { storageFailed, storageRecovered } from '../store/storage.js';

/** Runs `write` for the newest value only: while one write is running, later ones collapse. */
function latestOnly<T>(
  write: (value: T) => Promise<void>,
  onError: (error: unknown) => void,
  onSuccess: () => void,
) {
  let running = false;
  let pending: { value: T } | null = null;
  const drain = async () => {
    running = true;
    while (pending !== null) {
      const { value } = pending;
      pending = null;
      try {
        await write(value);
        onSuccess();
      } catch (error) {
        onError(error);
      }
    }
    running = false;
  };
  return (value: T) => {
    pending = { value };
    if (!running) void drain();
  };
}

/** The password is kept only when the user asked for it. */
function storable(config: ConnectionConfig): ConnectionConfig {
  return config.rememberPassword ? config : { ...config, password: '' };
}

/** The settings record as the stores hold it now. */
export function settingsOf(stores: AppStores): Omit<StoredSettings, 'id'> {
  const { config, wantsConnection } = stores.connection.getState();
  const drafts = stores.drafts.getState();
  // Unticking Remember in the form forgets the saved password at once, not at Connect.
  const forget = drafts.connection !== null && !drafts.connection.rememberPassword;
  return {
    config: forget ? { ...config, password: '' } : storable(config),
    wantsConnection,
    drafts: { ...drafts, connection: drafts.connection && storable(drafts.connection) },
    theme: stores.ui.getState().theme,
    historyBudget: stores.ui.getState().historyBudget,
    optimistic: stores.controls.getState().optimistic,
    discovery: stores.discovery.getState().settings,
  };
}

/**
 * Starts saving the settings to `db` as they change, and saves them once now (main.ts starts
 * this after the first paint); returns the function that stops it.
 */
export function persistSettings(stores: AppStores, db: AppDB): () => void {
  const write = latestOnly(
    () => saveSettings(db, settingsOf(stores)),
    (error) => storageFailed(stores.storage, describeStorageError(error)),
    () => storageRecovered(stores.storage),
  );
  write(undefined);
  const stops = [
    stores.connection.subscribe((state, previous) => {
      if (state.config !== previous.config || state.wantsConnection !== previous.wantsConnection) write(undefined);
    }),
    stores.drafts.subscribe(() => write(undefined)),
    stores.ui.subscribe((state, previous) => {
      if (state.theme !== previous.theme || state.historyBudget !== previous.historyBudget) write(undefined);
    }),
    stores.controls.subscribe((state, previous) => {
      if (state.optimistic !== previous.optimistic) write(undefined);
    }),
    stores.discovery.subscribe((state, previous) => {
      if (state.settings !== previous.settings) write(undefined);
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
