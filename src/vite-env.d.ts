/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

interface ImportMetaEnv {
  /** The broker the page points at when nothing is saved yet (set by `npm start`). */
  readonly VITE_DEFAULT_BROKER_URL?: string;
}

/** The app's version and build, from vite.config.ts. */
declare const __APP_VERSION__: string;
