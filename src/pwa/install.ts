/**
 * Install: keeps the browser's `beforeinstallprompt` event so an in-app button can show the
 * prompt later, and tells iOS Safari (which has no prompt) apart so the app can explain.
 */
import { deviceChanged, type DeviceStore } from '../store/device.js';

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

/** Watches the install offer; returns the function that shows the prompt. */
export function watchInstallOffer(store: DeviceStore): () => Promise<void> {
  let offer: BeforeInstallPromptEvent | null = null;
  if (runsInstalled()) deviceChanged(store, { install: 'installed' });
  else if (isIosSafari()) deviceChanged(store, { install: 'ios' });

  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the prompt for the Install button instead of the browser's own mini-bar.
    event.preventDefault();
    offer = event as BeforeInstallPromptEvent;
    deviceChanged(store, { install: 'available' });
  });
  window.addEventListener('appinstalled', () => {
    offer = null;
    deviceChanged(store, { install: 'installed' });
  });

  return async () => {
    if (offer === null) return;
    const shown = offer;
    offer = null;
    await shown.prompt();
    const { outcome } = await shown.userChoice;
    deviceChanged(store, { install: outcome === 'accepted' ? 'installed' : 'unavailable' });
  };
}
