/**
 * Keeps the page's scroll position across a reload (and a return to a discarded tab). The
 * browser's own restoring happens as the page loads, before the dashboard is rendered from
 * IndexedDB, so it found a page of one screen and left it at the top: a user far down a
 * dashboard of many entities was sent back up on every reload. The position is kept in the
 * history entry instead, and restored once the page is tall enough for it.
 */

/** Past this, a page that never grows tall enough is left where it is. */
const RESTORE_WITHIN_MS = 3000;
/**
 * Saving waits for the scrolling to pause: browsers limit how often history may change. (Not
 * saved as the page goes: Chromium ignores a history change made while a reload unloads it.)
 */
const SAVE_AFTER_MS = 200;

interface ScrollState {
  readonly scrollY?: number;
}

export function keepScrollPosition(): void {
  history.scrollRestoration = 'manual';
  const saved = (history.state as ScrollState | null)?.scrollY ?? 0;
  if (saved > 0) restore(saved);

  let pending: ReturnType<typeof setTimeout> | undefined;
  const save = () => history.replaceState({ ...(history.state as object | null), scrollY: Math.round(scrollY) }, '');
  addEventListener(
    'scroll',
    () => {
      clearTimeout(pending);
      pending = setTimeout(save, SAVE_AFTER_MS);
    },
    { passive: true },
  );
}

/**
 * Scrolls to `y` as soon as the page reaches it, and again each time the page's height changes
 * for a while after (the cards' parts that come after the first paint change their height, and
 * the browser would keep what is on screen in place instead of the position), unless the user
 * scrolls or taps first.
 */
function restore(y: number): void {
  const root = document.documentElement;
  const userInputs = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;
  const stop = () => {
    resized.disconnect();
    clearTimeout(giveUp);
    for (const input of userInputs) removeEventListener(input, stop, true);
  };
  const resized = new ResizeObserver(() => {
    if (root.scrollHeight - innerHeight >= y && Math.round(scrollY) !== y) scrollTo(0, y);
  });
  const giveUp = setTimeout(stop, RESTORE_WITHIN_MS);
  for (const input of userInputs) addEventListener(input, stop, { capture: true, passive: true });
  resized.observe(root);
}
