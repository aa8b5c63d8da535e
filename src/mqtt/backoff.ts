/**
 * When to try a lost connection again: exponential backoff from about 1 s to a cap of about
 * 30 s, with jitter so that many clients of one broker do not all come back at once.
 */

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30_000;

/**
 * The delay before retry number `attempt` (0 for the first). "Equal jitter": at least half
 * of the exponential step, so a retry never comes at once, plus a random part of the rest.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + (random() * step) / 2);
}
