/**
 * Saves topic records as they change: at once when no write is running, and what changes
 * while one runs goes into the next, as the newest record of each topic. A flood costs one
 * transaction at a time, each as large as the wait made it; a quiet topic is saved within a
 * moment, so closing the app right after a message does not lose it.
 */
import type { TopicRecord } from './topic-record.js';

export class TopicWriter {
  private readonly pending = new Map<string, TopicRecord>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = false;

  constructor(
    private readonly write: (records: TopicRecord[]) => Promise<void>,
    /** Told after every write: the error, or null once a write works. */
    private readonly outcome: (error: unknown) => void,
  ) {}

  save(records: readonly TopicRecord[]): void {
    for (const record of records) this.pending.set(record.topic, record);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.writing || this.pending.size === 0) return;
    // The next task, not this one: the records of the same batch of messages go together.
    this.timer = setTimeout(() => void this.flush(), 0);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.writing = true;
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
