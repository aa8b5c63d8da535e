import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { VitePWA } from 'vite-plugin-pwa';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
/** Tells builds apart in About (and in the update test): APP_BUILD, or the build time. */
const build = process.env.APP_BUILD ?? new Date().toISOString().slice(0, 16).replace('T', ' ');

/**
 * Links in index.html for the chunks the entry imports: the browser fetches them beside the
 * entry, not after it has read the entry. It needs no code of Vite's in the bundle (see
 * `modulePreload` below), since only the page's own first chunks are named.
 */
function preloadEntryImports(): Plugin {
  return {
    name: 'preload-entry-imports',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { chunk }) {
        return (chunk?.imports ?? []).map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(`${version} (${build})`),
  },
  // The session worker imports mqtt.js on its first connect: ES modules can split that off.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Read by scripts/check-size.ts and the benchmark: which chunks load before the first paint.
    manifest: true,
    outDir: process.env.APP_OUT_DIR ?? 'dist',
    // No preloading of what a lazy part imports: Vite's helper for it was 0.8 kB of the 30 kB
    // first paint. A part's own imports then load after it (one more round trip, on the first
    // visit only: the service worker has every part from then on).
    modulePreload: false,
  },
  plugins: [
    // Lit's templates without their indentation: about 1 kB less before the first paint. A
    // css`` fragment of declarations only (mq-app's dark colours) is no style sheet to parse.
    {
      ...minifyHtmlLiterals({
        failOnError: true,
        options: {
          // One space is kept wherever there was any: the payloads and a few notes are shown
          // with white-space: pre-wrap, and a template's last space can separate words.
          minifyOptions: { conservativeCollapse: true },
          shouldMinifyCSS: (template) => template.tag === 'css' && template.parts.some((part) => part.text.includes('{')),
        },
      }),
      apply: 'build',
    },
    preloadEntryImports(),
    VitePWA({
      // The app shows "Update available" and reloads only when the user says so.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/icon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'Hello MQTT',
        short_name: 'Hello MQTT',
        description: 'See and set the state of an MQTT topic, straight from your broker over WebSockets.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        lang: 'en',
        categories: ['utilities', 'productivity'],
        // Light theme here; index.html sets the dark one with media-specific theme-color tags.
        theme_color: '#ffffff',
        background_color: '#f6f8fa',
        icons: [
          { src: 'icons/pwa-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/pwa-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
        screenshots: [
          {
            src: 'screenshots/narrow.png',
            sizes: '390x844',
            type: 'image/png',
            form_factor: 'narrow',
            label: 'The last message of edzna/hello on a phone',
          },
          {
            src: 'screenshots/wide.png',
            sizes: '1280x800',
            type: 'image/png',
            form_factor: 'wide',
            label: 'Entity, set state and broker settings side by side',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // Screenshots are for the install dialog only: not worth caching on every device.
        globIgnores: ['screenshots/**'],
        navigateFallback: 'index.html',
        // Serves the manifest with shortcuts to the saved connections (and keeps it offline
        // itself), and the app's page with a copy of its last screen in front; imported before
        // Workbox's routes, they answer those requests alone.
        importScripts: ['sw/manifest-shortcuts.js', 'sw/last-screen.js'],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
