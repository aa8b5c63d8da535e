/**
 * Service worker registration, in one place. `registerType: 'prompt'`: a new version waits
 * until the user chooses to reload, so the app never reloads under their hands.
 */
import { registerSW } from 'virtual:pwa-register';
import { deviceChanged, type DeviceStore } from '../store/device.js';

/** How often an open app asks the server for a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Registers the service worker; returns the function that activates a waiting update. */
export function registerServiceWorker(store: DeviceStore): () => Promise<void> {
  if (!('serviceWorker' in navigator)) return async () => undefined;
  const updateServiceWorker = registerSW({
    onNeedRefresh: () => deviceChanged(store, { updateAvailable: true }),
    onOfflineReady: () => deviceChanged(store, { offlineReady: true }),
    onRegisteredSW(_url, registration) {
      if (registration === undefined) return;
      if (registration.active !== null && navigator.serviceWorker.controller !== null) {
        deviceChanged(store, { offlineReady: true });
      }
      setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
  });
  return () => updateServiceWorker(true);
}
