/**
 * Saves topic records as they change, a few times a second, each batch in one transaction
 * and only the newest record of each topic: a flood costs a handful of writes a second.
 */
import type { TopicRecord } from './topic-record.js';

/** How long changes gather before they are written. */
export const WRITE_INTERVAL_MS = 250;

export class TopicWriter {
  private readonly pending = new Map<string, TopicRecord>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = false;

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
    this.timer = setTimeout(() => void this.flush(), this.intervalMs);
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
