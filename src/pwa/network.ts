/**
 * Follows the browser's network state. `changed` runs on every change, and also when the
 * page becomes visible again (a phone waking up), so that the app can retry at once.
 */
export function watchNetwork(changed: (online: boolean) => void): void {
  changed(navigator.onLine);
  window.addEventListener('online', () => changed(true));
  window.addEventListener('offline', () => changed(false));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') changed(navigator.onLine);
  });
}
