// @ts-check
/**
 * Part of the service worker (imported by the one Workbox generates, see vite.config.ts): keeps
 * a copy of the last screen each page showed (src/pwa/keep-last-screen.ts sends it) and puts it
 * in front of the app when that page is opened again, so the saved states are painted at once,
 * as a static page is, while the app's code loads and renders them itself. The app takes the
 * copy away in the frame where its own screen comes (src/main.ts).
 *
 * The copies are kept in a database of their own (IndexedDB, as every saved state of the app),
 * one per address: `?connection=<id>` opens another connection's dashboard. A copy made by
 * another build of the app is not used: its markup and styles are those of that build.
 *
 * The copy's styles are inline `<style>` elements, which the page's Content-Security-Policy
 * (style-src 'self') refuses: each answer allows them with a nonce of its own.
 */
/// <reference lib="webworker" />
(() => {
  const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
  const DB = 'hello-mqtt-last-screen';
  const STORE = 'screens';
  /** The message type, as src/pwa/keep-last-screen.ts sends it. */
  const MESSAGE = 'hello-mqtt:last-screen';
  /** Where the copy goes in index.html, and the policy it must be allowed by. */
  const APP_TAG = '<mq-app></mq-app>';
  const STYLE_POLICY = "style-src 'self'";
  /** Far beyond a screen's copy (some 100 kB): anything larger is not kept. */
  const MAX_LENGTH = 4_000_000;

  /** The page's own style sheets, which the copy's page takes inline (see withScreen). */
  const PAGE_STYLES = /<link rel="stylesheet"[^>]*>/g;

  /** @typedef {{ html: string, entry: string, pageCss: string }} Screen */

  /** @type {Promise<IDBDatabase> | undefined} */
  let opening;
  function database() {
    opening ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // A failed opening is tried again next time (storage full or unavailable for a while).
    opening.catch(() => {
      opening = undefined;
    });
    return opening;
  }

  /** The latest copies, so that a running worker answers without reading the database. */
  /** @type {Map<string, Screen | null>} */
  const latest = new Map();

  /** @param {string} key @param {Screen | null} screen */
  async function keep(key, screen) {
    latest.set(key, screen);
    const db = await database();
    await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      if (screen === null) transaction.objectStore(STORE).delete(key);
      else transaction.objectStore(STORE).put(screen, key);
      transaction.oncomplete = () => resolve(undefined);
      transaction.onerror = () => reject(transaction.error);
    });
  }

  /** @param {string} key @returns {Promise<Screen | null>} */
  async function kept(key) {
    const known = latest.get(key);
    if (known !== undefined) return known;
    const db = await database();
    return new Promise((resolve) => {
      const request = db.transaction(STORE).objectStore(STORE).get(key);
      request.onsuccess = () => {
        const screen = /** @type {Screen | undefined} */ (request.result) ?? null;
        // Unless a newer copy came while this one was read.
        if (!latest.has(key)) latest.set(key, screen);
        resolve(latest.get(key) ?? null);
      };
      request.onerror = () => resolve(null);
    });
  }

  sw.addEventListener('message', (event) => {
    const data = /** @type {{ type?: unknown, key?: unknown, html?: unknown, entry?: unknown, pageCss?: unknown }} */ (event.data ?? {});
    if (data.type !== MESSAGE || typeof data.key !== 'string') return;
    const { html, entry, pageCss } = data;
    const screen =
      typeof html === 'string' && typeof entry === 'string' && typeof pageCss === 'string' && html.length + pageCss.length <= MAX_LENGTH ? { html, entry, pageCss } : null;
    event.waitUntil(keep(data.key, screen).catch(() => undefined));
  });

  /** A random nonce, new for each answer. */
  function nonce() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return btoa(String.fromCharCode(...bytes));
  }

  /**
   * index.html with the copy in front of the app, or as it is when there is no copy, the copy
   * is of another build, or the page is not the one this was written for.
   * @param {string} index @param {Screen | null} screen
   */
  function withScreen(index, screen) {
    if (screen === null || !index.includes(screen.entry) || !index.includes(APP_TAG) || !index.includes(STYLE_POLICY)) return index;
    const once = nonce();
    // The copy's text is escaped (src/pwa/screen-copy.ts): its only `<style>` tags are its own.
    const html = screen.html.replaceAll('<style>', `<style nonce="${once}">`);
    // The page's style sheet would be one more request before the first paint, which it holds
    // back: it comes inline, as the page that made the copy had it (the same build).
    let pageStyles = 0;
    // Each replacement is a function: a string would have its `$&` and `$'` replaced too, and
    // a payload may hold them.
    return index
      .replace(STYLE_POLICY, () => `${STYLE_POLICY} 'nonce-${once}'`)
      .replace(PAGE_STYLES, () => (pageStyles++ === 0 ? `<style nonce="${once}">${screen.pageCss.replaceAll('</', '<\\/')}</style>` : ''))
      .replace(
        APP_TAG,
        // Closed: the copy is a picture, out of reach of the page's scripts and its accessibility
        // tree; inert, so a tap on it does nothing until the app is there.
        () => `<div id="mq-last-screen" inert aria-hidden="true"><template shadowrootmode="closed">${html}</template></div>${APP_TAG}`,
      );
  }

  /**
   * The page as precached, read once per worker: a worker answers with the build it installed.
   * While a newer worker installs, the cache holds its page too, under another revision: the
   * one to answer with is then the one of the copy's build, or, with no copy of either, the
   * network's (a choice only a rare start has to make).
   * @type {Promise<string[]> | undefined}
   */
  let pages;
  function precachedPages() {
    pages ??= (async () => {
      const url = new URL('index.html', sw.registration.scope).href;
      const found = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith('workbox-precache')) continue;
        for (const response of await (await caches.open(name)).matchAll(url, { ignoreSearch: true })) found.push(await response.text());
      }
      return found;
    })();
    pages.then(
      (found) => {
        if (found.length !== 1) pages = undefined;
      },
      () => {
        pages = undefined;
      },
    );
    return pages;
  }

  /** @param {string} html */
  const page = (html) => new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });

  /** @param {Request} request @param {string} key */
  async function answer(request, key) {
    const [found, screen] = await Promise.all([precachedPages(), kept(key).catch(() => null)]);
    const ofCopy = screen === null ? undefined : found.find((index) => index.includes(screen.entry));
    if (ofCopy !== undefined && screen !== null) return page(withScreen(ofCopy, screen));
    // Not cached yet (the worker is still installing), or two builds' pages: the network's.
    if (found.length !== 1) return fetch(request).catch(() => page(found[0] ?? ''));
    return page(/** @type {string} */ (found[0]));
  }

  sw.addEventListener('fetch', (event) => {
    const { request } = event;
    if (request.mode !== 'navigate') return;
    const url = new URL(request.url);
    const scope = new URL(sw.registration.scope);
    if (url.origin !== scope.origin || (url.pathname !== scope.pathname && url.pathname !== `${scope.pathname}index.html`)) return;
    event.respondWith(answer(request, url.search).catch(() => fetch(request)));
    // Workbox's navigation route would answer it too, and a second answer is an error.
    event.stopImmediatePropagation();
  });
})();
