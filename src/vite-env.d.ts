/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The broker the page points at when nothing is saved yet (set by `npm start`). */
  readonly VITE_DEFAULT_BROKER_URL?: string;
}
