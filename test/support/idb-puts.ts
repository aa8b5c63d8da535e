/**
 * How a write shares the thread: runs `write` while counting IndexedDB puts, and says how many
 * had been made when another task first ran after the first of them. A write that makes all
 * its puts in one task shows all of them; one made in slices, only the first slice.
 */
export async function putsBeforeAnotherTask(write: () => Promise<unknown>): Promise<number> {
  let putsSoFar = 0;
  let seen = -1;
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    putsSoFar++;
    return put.apply(this, args);
  };
  // Another task: a Set state's message in the worker, say.
  const poll = setInterval(() => {
    if (putsSoFar > 0 && seen < 0) seen = putsSoFar;
  }, 0);
  try {
    await write();
  } finally {
    clearInterval(poll);
    IDBObjectStore.prototype.put = put;
  }
  return seen;
}
