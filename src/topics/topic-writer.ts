/**
 * Saves topic records as they change: of each topic, the newest record since the last write.
 * The batching and the spacing under a flood are BatchWriter's.
 */
import { BatchWriter, WRITE_INTERVAL_MS } from '../db/batch-writer.js';
import type { TopicRecord } from './topic-record.js';

export { FLOOD_RECORDS_PER_SECOND, WRITE_INTERVAL_MS } from '../db/batch-writer.js';

export class TopicWriter extends BatchWriter<TopicRecord> {
  constructor(write: (records: TopicRecord[]) => Promise<void>, outcome: (error: unknown) => void, intervalMs = WRITE_INTERVAL_MS) {
    super(write, outcome, (record) => record.topic, intervalMs);
  }
}
