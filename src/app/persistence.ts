/**
 * Saves what the user would miss after a reload: the configuration and the last message of
 * the entity's topic. Watches the store; never blocks it. When the browser cannot save, the
 * app keeps working in memory and the store says why.
 */
import { saveLastMessage, saveSettings, type AppDB } from '../db/database.js';
import {
  storageFailed,
  storageRecovered,
  type AppState,
  type AppStore,
  type ConnectionConfig,
} from '../store/app-state.js';

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

/** Words for a failed save, naming a full disk where that is the cause. */
export function describeStorageError(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return 'Cannot save: this browser’s storage for the app is full. Changes are kept until the tab closes.';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Cannot save in this browser (${message}). Changes are kept until the tab closes.`;
}

/** The password is kept only when the user asked for it. */
function storable(config: ConnectionConfig): ConnectionConfig {
  return config.rememberPassword ? config : { ...config, password: '' };
}

function settingsOf(state: AppState) {
  const { drafts } = state;
  // Unticking Remember in the form forgets the saved password at once, not at Connect.
  const forget = drafts.connection !== null && !drafts.connection.rememberPassword;
  return {
    config: forget ? { ...state.config, password: '' } : storable(state.config),
    topic: state.topic,
    wantsConnection: state.wantsConnection,
    drafts: { ...drafts, connection: drafts.connection && storable(drafts.connection) },
  };
}

/** Starts saving store changes to `db`; returns the function that stops it. */
export function persistStore(store: AppStore, db: AppDB): () => void {
  const onError = (error: unknown) => storageFailed(store, describeStorageError(error));
  const onSuccess = () => storageRecovered(store);
  const writeSettings = latestOnly((state: AppState) => saveSettings(db, settingsOf(state)), onError, onSuccess);
  const writeMessage = latestOnly(
    (state: AppState) =>
      state.lastMessage === null ? Promise.resolve() : saveLastMessage(db, state.topic, state.lastMessage),
    onError,
    onSuccess,
  );
  return store.subscribe((state, previous) => {
    if (
      state.config !== previous.config ||
      state.topic !== previous.topic ||
      state.wantsConnection !== previous.wantsConnection ||
      state.drafts !== previous.drafts
    ) {
      writeSettings(state);
    }
    if (state.lastMessage !== previous.lastMessage && state.lastMessage !== null) writeMessage(state);
  });
}
