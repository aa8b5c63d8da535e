/** The storage slice: whether changes are saved in this browser, and why not when they are not. */
import { createStore, type Store } from './store.js';

export interface StorageSlice {
  readonly saving: boolean;
  readonly problem: string;
}

export type StorageStore = Store<StorageSlice>;

export function createStorageStore(initial: StorageSlice = { saving: true, problem: '' }): StorageStore {
  return createStore(initial);
}

/** A save succeeded again (space was freed, the database came back): the warning goes. */
export function storageRecovered(store: StorageStore): void {
  store.update((s) => (s.saving && s.problem === '' ? s : { saving: true, problem: '' }));
}

export function storageFailed(store: StorageStore, problem: string): void {
  store.update((s) => (s.problem === problem ? s : { saving: false, problem }));
}
