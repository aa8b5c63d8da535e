/**
 * The setup slice: a setup read from a file or a share link, waiting for the user to say what
 * to do with it, or why one could not be read.
 */
import type { Setup } from '../setup/setup-file.js';
import { createStore, type Store } from './store.js';

export interface SetupOffer {
  readonly setup: Setup;
  /** Where it came from, in words: “the file hello-mqtt-setup.json”, “the share link”. */
  readonly from: string;
}

export interface SetupSlice {
  readonly offer: SetupOffer | null;
  /** Why the last file or link could not be read; empty when it could. */
  readonly problem: string;
  /** What the last applied setup did, in words, for the status line of the import. */
  readonly done: string;
}

export type SetupStore = Store<SetupSlice>;

export function createSetupStore(): SetupStore {
  return createStore<SetupSlice>({ offer: null, problem: '', done: '' });
}

export function setupOffered(store: SetupStore, offer: SetupOffer): void {
  store.update(() => ({ offer, problem: '', done: '' }));
}

export function setupRefused(store: SetupStore, problem: string): void {
  store.update(() => ({ offer: null, problem, done: '' }));
}

export function setupSettled(store: SetupStore, done: string): void {
  store.update(() => ({ offer: null, problem: '', done }));
}
