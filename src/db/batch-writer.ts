/**
 * Writes what the session worker saves (topic records, history) in batches, each batch in one
 * transaction. Usually a change is written at once (the next task), so closing the app right
 * after a message does not lose it. Under a flood (more than FLOOD_RECORDS_PER_SECOND items
 * written in the last second) writes come at most every WRITE_INTERVAL_MS, so that cloning
 * items into IndexedDB does not compete with the socket for the worker's time; then a close
 * can lose the last quarter second of the flood.
 */

/** Under a flood: the shortest time from the start of one write to the start of the next. */
export const WRITE_INTERVAL_MS = 250;
/** Records written in a second beyond which writes are spaced out. */
export const FLOOD_RECORDS_PER_SECOND = 200;

export class BatchWriter<T> {
  /** Waiting items: by key when only the newest of each key is written, else by arrival. */
  private readonly pending = new Map<unknown, T>();
  private nextKey = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = false;
  /** When the last write started (ms, performance.now). */
  private lastWrite = -Infinity;
  /** Records written in the second that started at `windowStart`. */
  private windowStart = -Infinity;
  private windowRecords = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    /** Told after every write: the error, or null once a write works. */
    private readonly outcome: (error: unknown) => void,
    /** Items of one key replace each other until written; without it, every item is written. */
    private readonly keyOf: ((item: T) => string) | null = null,
    private readonly intervalMs = WRITE_INTERVAL_MS,
  ) {}

  save(items: readonly T[]): void {
    for (const item of items) this.pending.set(this.keyOf === null ? this.nextKey++ : this.keyOf(item), item);
    this.schedule();
  }

  /** Items waiting to be written. */
  get waiting(): number {
    return this.pending.size;
  }

  /** One item: what a message adds to the history, without a list around it. */
  add(item: T): void {
    this.pending.set(this.keyOf === null ? this.nextKey++ : this.keyOf(item), item);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.writing || this.pending.size === 0) return;
    const now = performance.now();
    if (now - this.windowStart > 1000) {
      this.windowStart = now;
      this.windowRecords = 0;
    }
    const flooded = this.windowRecords >= FLOOD_RECORDS_PER_SECOND;
    // At the soonest the next task: the records of one batch of messages go together.
    const wait = flooded ? Math.max(0, this.lastWrite + this.intervalMs - now) : 0;
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.writing = true;
    this.lastWrite = performance.now();
    this.windowRecords += batch.length;
    try {
      await this.write(batch);
      this.outcome(null);
    } catch (error) {
      this.outcome(error);
    }
    this.writing = false;
    this.schedule();
  }
}
