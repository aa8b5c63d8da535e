/**
 * Install: keeps the browser's `beforeinstallprompt` event so an in-app button can show the
 * prompt later, and tells iOS Safari (which has no prompt) apart so the app can explain.
 */
import type { DeviceSlice } from '../store/device.js';

/** Chromium's install prompt event (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

function runsInstalled(): boolean {
  return (
    window.matchMedia('(display-mode: standalone)').matches ||
    (navigator as Navigator & { standalone?: boolean }).standalone === true
  );
}

function isIosSafari(): boolean {
  const ua = navigator.userAgent;
  const ios = /iPad|iPhone|iPod/.test(ua) || (ua.includes('Macintosh') && navigator.maxTouchPoints > 1);
  return ios && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua);
}

/**
 * Watches the install offer, telling `changed`; `early` is an offer the page kept before this
 * code came (it loads after the first paint). Returns the function that shows the prompt.
 */
export function watchInstallOffer(changed: (change: Partial<DeviceSlice>) => void, early: Event | null): () => Promise<void> {
  let offer = early as BeforeInstallPromptEvent | null;
  if (runsInstalled()) changed({ install: 'installed' });
  else if (isIosSafari()) changed({ install: 'ios' });
  else if (offer !== null) changed({ install: 'available' });

  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the prompt for the Install button instead of the browser's own mini-bar.
    event.preventDefault();
    offer = event as BeforeInstallPromptEvent;
    changed({ install: 'available' });
  });
  window.addEventListener('appinstalled', () => {
    offer = null;
    changed({ install: 'installed' });
  });

  return async () => {
    if (offer === null) return;
    const shown = offer;
    offer = null;
    await shown.prompt();
    const { outcome } = await shown.userChoice;
    changed({ install: outcome === 'accepted' ? 'installed' : 'unavailable' });
  };
}
