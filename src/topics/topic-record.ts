/**
 * One concrete topic in the live topic table: its last message, decoded once, with what a
 * row shows about it. Plain data: it crosses from the session worker to the page, between
 * tabs, and into IndexedDB as it is.
 */
import type { DecodedPayload } from '../mqtt/payload.js';
import type { Qos } from '../mqtt/session.js';

export interface TopicRecord extends DecodedPayload {
  readonly topic: string;
  /** When its last message arrived, in milliseconds since the epoch. */
  readonly receivedAt: number;
  readonly retained: boolean;
  readonly qos: Qos;
  /** Messages received on the topic on this device. */
  readonly count: number;
  /**
   * Where its last message stands in the order of arrival (counted by the session worker):
   * under a flood many topics get a message in one millisecond, and this tells which came last.
   */
  readonly seq: number;
}

/** Whether `a` arrived after `b`: later in time, or in the same millisecond later in order. */
export function arrivedAfter(a: TopicRecord, b: TopicRecord): boolean {
  return a.receivedAt !== b.receivedAt ? a.receivedAt > b.receivedAt : a.seq > b.seq;
}
