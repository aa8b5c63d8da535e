/**
 * The page's pace: once per animation frame in a visible page. The session worker hands over
 * the next batch of changed topics only at this pace.
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
