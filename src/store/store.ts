/**
 * A small framework-free store: one immutable state, replaced by updates, observed by
 * subscribers. Views, persistence and tests all watch the same object.
 */

export type Listener<S> = (state: S, previous: S) => void;

export interface Store<S> {
  getState(): S;
  /** Replaces the state with what `update` returns; listeners run only if it changed. */
  update(update: (state: S) => S): void;
  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: Listener<S>): () => void;
}

export function createStore<S>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<Listener<S>>();
  return {
    getState: () => state,
    update(update) {
      const previous = state;
      const next = update(previous);
      if (Object.is(next, previous)) return;
      state = next;
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
