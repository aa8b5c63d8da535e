/** The ui slice: which view is shown and the colour theme. */
import { createStore, type Store } from './store.js';
import { DEFAULT_HISTORY_BUDGET } from '../history/history.js';

export type View = 'dashboard' | 'settings';
/** system follows the device's light or dark setting. */
export type Theme = 'system' | 'light' | 'dark';

export interface UiSlice {
  readonly view: View;
  readonly theme: Theme;
  /** Bytes of history kept on this device, for all topics together. */
  readonly historyBudget: number;
}

export type UiStore = Store<UiSlice>;

export function createUiStore(initial: Partial<UiSlice> = {}): UiStore {
  return createStore<UiSlice>({ view: 'dashboard', theme: 'system', historyBudget: DEFAULT_HISTORY_BUDGET, ...initial });
}

export function viewChosen(store: UiStore, view: View): void {
  store.update((s) => (s.view === view ? s : { ...s, view }));
}

export function themeChosen(store: UiStore, theme: Theme): void {
  store.update((s) => (s.theme === theme ? s : { ...s, theme }));
}

export function historyBudgetChosen(store: UiStore, historyBudget: number): void {
  store.update((s) => (s.historyBudget === historyBudget ? s : { ...s, historyBudget }));
}
