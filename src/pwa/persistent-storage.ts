/**
 * Asks the browser to keep the app's data (IndexedDB) instead of evicting it under storage
 * pressure, and records its answer for the About view.
 */
import { deviceChanged, type DeviceStore } from '../store/device.js';

export async function requestPersistentStorage(store: DeviceStore): Promise<void> {
  const storage = navigator.storage as StorageManager | undefined;
  if (storage?.persist === undefined) return;
  try {
    const persistent = (await storage.persisted()) || (await storage.persist());
    deviceChanged(store, { persistentStorage: persistent });
  } catch {
    deviceChanged(store, { persistentStorage: false });
  }
}
