/**
 * Saves topic records as they change, each batch in one transaction, the newest record of
 * each topic. After a quiet spell a change is written at once, so closing the app right after
 * a message does not lose it; under a flood, writes come at most every WRITE_INTERVAL_MS, so
 * cloning records into IndexedDB never competes with the socket for the worker's time.
 */
import type { TopicRecord } from './topic-record.js';

/** The shortest time from the start of one write to the start of the next. */
export const WRITE_INTERVAL_MS = 250;

export class TopicWriter {
  private readonly pending = new Map<string, TopicRecord>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = false;
  /** When the last write started (ms, performance.now). */
  private lastWrite = -Infinity;

  constructor(
    private readonly write: (records: TopicRecord[]) => Promise<void>,
    /** Told after every write: the error, or null once a write works. */
    private readonly outcome: (error: unknown) => void,
    private readonly intervalMs = WRITE_INTERVAL_MS,
  ) {}

  save(records: readonly TopicRecord[]): void {
    for (const record of records) this.pending.set(record.topic, record);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.writing || this.pending.size === 0) return;
    // At the soonest the next task: the records of one batch of messages go together.
    const wait = Math.max(0, this.lastWrite + this.intervalMs - performance.now());
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.writing = true;
    this.lastWrite = performance.now();
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
