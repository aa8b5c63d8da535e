/**
 * Service worker registration, in one place. `registerType: 'prompt'`: a new version waits
 * until the user chooses to reload, so the app never reloads under their hands.
 */
import { registerSW } from 'virtual:pwa-register';
import type { DeviceSlice } from '../store/device.js';

/** How often an open app asks the server for a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker, telling `changed` when an update waits or the app works
 * offline; returns the function that activates a waiting update. Loaded after the first
 * paint, it takes a callback rather than the store, so it shares no code with the page.
 */
export function registerServiceWorker(changed: (change: Partial<DeviceSlice>) => void): () => Promise<void> {
  if (!('serviceWorker' in navigator)) return async () => undefined;
  const updateServiceWorker = registerSW({
    onNeedRefresh: () => changed({ updateAvailable: true }),
    onOfflineReady: () => changed({ offlineReady: true }),
    onRegisteredSW(_url, registration) {
      if (registration === undefined) return;
      if (registration.active !== null && navigator.serviceWorker.controller !== null) {
        changed({ offlineReady: true });
      }
      setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
  });
  return () => updateServiceWorker(true);
}
