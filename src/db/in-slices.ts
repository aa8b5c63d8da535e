/**
 * Many requests of one IndexedDB transaction, made a slice at a time. A batch over 1,000 topics
 * made its 1,000 puts in one go: a task of up to 90 ms in the session worker, which a Set state
 * then waited behind (the bench's click under a flood over 1,000 topics). Between slices the
 * worker's event loop runs; the transaction stays active, as one of its requests is always
 * pending, and each slice starts in the last one's success.
 */
const REQUEST_SLICE = 100;

/** Calls `request` for each item, a slice at a time, waiting for each slice's last request. */
export async function inSlices<T>(items: readonly T[], request: (item: T, index: number) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < items.length; from += REQUEST_SLICE) {
    let last: Promise<unknown> | undefined;
    for (let i = from; i < Math.min(items.length, from + REQUEST_SLICE); i++) {
      last = request(items[i]!, i);
      // A failure is the transaction's: the caller hears of it from transaction.done.
      last.catch(() => undefined);
    }
    await last?.catch(() => undefined);
  }
}
