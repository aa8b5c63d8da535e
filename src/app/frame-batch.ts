/**
 * Collects items that arrive faster than the screen can show them and hands them over once
 * per frame, so a flood of MQTT messages becomes one store update (and one save) per frame.
 */

/** Runs a callback soon: on the next animation frame in a visible page, on a timer otherwise. */
export type Scheduler = (callback: () => void) => void;

/** Frames do not run in hidden tabs; a timer keeps state and storage current there. */
export const nextFrame: Scheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function' && globalThis.document?.visibilityState !== 'hidden') {
    requestAnimationFrame(() => callback());
  } else {
    setTimeout(callback, 100);
  }
};

export function frameBatch<T>(flush: (items: T[]) => void, schedule: Scheduler = nextFrame) {
  let items: T[] = [];
  return (item: T) => {
    items.push(item);
    if (items.length > 1) return;
    schedule(() => {
      const batch = items;
      items = [];
      flush(batch);
    });
  };
}
