// @ts-check
/**
 * Part of the service worker (imported by the one Workbox generates, see vite.config.ts):
 * serves the web app manifest with a home-screen shortcut (long-press on the icon) to each
 * saved connection. The manifest itself comes from the network when it can, else from the
 * copy kept here, so the installed app keeps its shortcuts offline.
 *
 * A classic script, as importScripts needs: it reads the saved connections' database with the
 * plain IndexedDB API. Its name, store and fields are those of src/connections/registry.ts,
 * and the address those of src/connections/current.ts: change them together.
 */
/// <reference lib="webworker" />
(() => {
  const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
  const REGISTRY = 'hello-mqtt-connections';
  const KEPT = 'hello-mqtt-manifest';

  /** @typedef {{ id: string, name: string, brokerUrl: string, addedAt: number }} SavedConnection */

  /** @returns {Promise<SavedConnection[]>} the saved connections, oldest first; none if unreadable */
  function savedConnections() {
    return new Promise((resolve) => {
      const request = indexedDB.open(REGISTRY);
      // Not made by the app yet: there is nothing to list, and nothing should be made here.
      request.onupgradeneeded = () => request.transaction?.abort();
      request.onerror = () => resolve([]);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('connections')) {
          db.close();
          resolve([]);
          return;
        }
        const all = db.transaction('connections').objectStore('connections').getAll();
        all.onsuccess = () => {
          db.close();
          resolve(/** @type {SavedConnection[]} */ (all.result).sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id)));
        };
        all.onerror = () => {
          db.close();
          resolve([]);
        };
      };
    });
  }

  /** What the app calls a connection: its name, else its broker's host (connectionLabel). */
  function label(/** @type {SavedConnection} */ connection) {
    if (connection.name.trim() !== '') return connection.name.trim();
    try {
      return new URL(connection.brokerUrl.split(/[\s,]+/)[0] ?? '').host || 'New connection';
    } catch {
      return 'New connection';
    }
  }

  /** @param {Request} request */
  async function baseManifest(request) {
    const cache = await caches.open(KEPT);
    try {
      const response = await fetch(request, { cache: 'no-cache' });
      if (response.ok) {
        await cache.put(request.url, response.clone());
        return /** @type {Record<string, unknown>} */ (await response.json());
      }
    } catch {
      // Offline: the copy kept from the last time.
    }
    const kept = await cache.match(request.url);
    if (kept === undefined) throw new Error('no manifest kept');
    return /** @type {Record<string, unknown>} */ (await kept.json());
  }

  /** @param {Request} request */
  async function manifestWithShortcuts(request) {
    const [manifest, connections] = await Promise.all([baseManifest(request), savedConnections()]);
    // With one connection the icon itself opens it: shortcuts start at two.
    if (connections.length >= 2) {
      manifest.shortcuts = connections.map((connection) => ({
        name: label(connection),
        description: connection.brokerUrl === '' ? 'No broker set' : connection.brokerUrl,
        url: `./?connection=${encodeURIComponent(connection.id)}`,
        icons: [{ src: 'icons/pwa-192.png', sizes: '192x192', type: 'image/png' }],
      }));
    }
    return new Response(JSON.stringify(manifest), { headers: { 'Content-Type': 'application/manifest+json' } });
  }

  sw.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    if (url.origin !== sw.location.origin || !url.pathname.endsWith('/manifest.webmanifest')) return;
    event.respondWith(manifestWithShortcuts(event.request).catch(() => fetch(event.request)));
    // Workbox's precache route would answer it too, and a second answer is an error.
    event.stopImmediatePropagation();
  });
})();
