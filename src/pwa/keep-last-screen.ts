/**
 * Sends the service worker a copy of the screen (pwa/screen-copy.ts) for the next start to
 * paint at once (public/sw/last-screen.js): as the page is hidden or closed (a phone puts an
 * app away so, and may end it there), and now and then while it is shown, in case it never
 * gets to say goodbye. Each copy replaces the one before, for this page's address.
 */
import { copyScreen } from './screen-copy.js';

/** The message the service worker listens for (public/sw/last-screen.js). */
const MESSAGE = 'hello-mqtt:last-screen';
/** While the page is shown: a copy this often, when the screen has changed. */
const COPY_EVERY_MS = 15_000;
/** The first, once the start's work is done and the broker has sent its retained states. */
const FIRST_COPY_AFTER_MS = 3000;

/**
 * `keep`: the screen is what the next start shows first (the dashboard); `forget`: the next
 * start shows something else (no broker set: it opens the settings), so no copy is to be
 * painted; `leave`: neither (the settings are open, and the next start shows the dashboard,
 * as the copy kept before has it).
 */
export type ScreenUse = 'keep' | 'forget' | 'leave';

export interface LastScreenOptions {
  /** The app's root element. */
  readonly root: Element;
  readonly use: () => ScreenUse;
}

/** For the page's whole life: nothing stops it. */
export function keepLastScreen({ root, use }: LastScreenOptions): void {
  const worker = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  // The entry script names the build: a copy is only used by the build that made it.
  const entry = document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.getAttribute('src') ?? '';
  if (worker === undefined || entry === '') return;
  let sent: string | null | undefined;

  const send = () => {
    const controller = worker.controller;
    if (controller === null) return;
    const wanted = use();
    if (wanted === 'leave') return;
    const html = wanted === 'keep' ? copyScreen(root, { prefix: 'mq-', screenHeight: innerHeight }) : null;
    if (html === sent) return;
    sent = html;
    // The address as the app keeps it (its link parameters are gone): the next start's key.
    controller.postMessage({ type: MESSAGE, key: location.search, html, entry, pageCss: html === null ? '' : pageCss() });
  };
  const whenHidden = () => {
    if (document.visibilityState === 'hidden') send();
  };
  document.addEventListener('visibilitychange', whenHidden);
  addEventListener('pagehide', send);
  setInterval(() => {
    if (document.visibilityState === 'visible') send();
  }, COPY_EVERY_MS);
  setTimeout(send, FIRST_COPY_AFTER_MS);
}

/** The page's own style sheets (page.css), for the copy's page to have them inline. */
function pageCss(): string {
  return Array.from(document.styleSheets, (sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText).join('')).join('');
}
