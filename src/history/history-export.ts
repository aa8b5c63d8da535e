/**
 * A history as a file: CSV (one row per message: time, topic, payload, retained) or JSON (the
 * entity, its topics and the messages). Times in ISO 8601, UTC. Never a password: a history
 * holds only what came from the broker.
 */
import type { HistoryEntry } from './history.js';

/** A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function historyCsv(entries: readonly HistoryEntry[]): string {
  const rows = entries.map((e) => [new Date(e.at).toISOString(), e.topic, e.text, e.hex ? 'hex' : 'text', e.retained ? 'true' : 'false'].map(csvField).join(','));
  return `${'time,topic,payload,format,retained'}\r\n${rows.map((row) => `${row}\r\n`).join('')}`;
}

export function historyJson(entityName: string, entries: readonly HistoryEntry[], exportedAt: Date): string {
  const messages = entries.map((e) => ({
    time: new Date(e.at).toISOString(),
    topic: e.topic,
    payload: e.text,
    ...(e.hex ? { format: 'hex' } : {}),
    ...(e.cut ? { cut: true, size: e.size } : {}),
    retained: e.retained,
  }));
  const topics = [...new Set(entries.map((e) => e.topic))];
  return `${JSON.stringify({ entity: entityName, exportedAt: exportedAt.toISOString(), topics, messages }, null, 2)}\n`;
}

/** `hello-mqtt-history-living-room-2026-12-03.csv`: the entity's name made safe for a file name. */
export function historyFileName(entityName: string, extension: 'csv' | 'json', date: Date): string {
  const slug = entityName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'entity';
  return `hello-mqtt-history-${slug}-${date.toISOString().slice(0, 10)}.${extension}`;
}
