/**
 * Many tabs, one connection. Two tabs with one client ID would make the broker drop each in
 * turn, forever; so one tab (the leader, elected with a Web Lock, or by tab-election.ts where
 * the page has none) holds the connection, and the others follow it over a BroadcastChannel:
 * the leader sends its connection and outbox when they change, the topics that changed with
 * every batch, and all of it to a tab that joins; the others route their actions through it.
 */
import type { Entity } from '../entities/entity.js';
import type { ConnectionConfig, ConnectionSlice } from '../store/connection.js';
import type { DiscoverySettings } from '../store/discovery.js';
import type { OutboxItem } from '../store/outbox.js';
import type { TopicRecord } from '../topics/topic-record.js';

export type TabMessage =
  /** A follower has started, or heard of a new leader: the leader answers with everything it holds. */
  | { readonly type: 'hello' }
  /** This tab holds the connection from now on: the others say hello to it. */
  | { readonly type: 'leading' }
  | { readonly type: 'connection'; readonly connection: ConnectionSlice }
  | { readonly type: 'outbox'; readonly items: readonly OutboxItem[] }
  /** Topics that changed (or all of them, for a tab that joined). */
  | { readonly type: 'records'; readonly records: readonly TopicRecord[] }
  /** Any tab changed the entities: the others take the list (it is saved already). */
  | { readonly type: 'entities'; readonly list: readonly Entity[] }
  /** The outbox in IndexedDB changed in a follower: the leader reads it and sends. */
  | { readonly type: 'outbox-changed' }
  /** What a follower's open form follows (a live payload, a device asked): the leader subscribes it too. */
  | { readonly type: 'preview'; readonly filters: readonly string[] }
  /** A follower asks a device something (not through the outbox): the leader publishes it. */
  | { readonly type: 'ask'; readonly topic: string; readonly payload: string }
  /** A follower changed the history budget, or cleared some history: the leader's recorder hears of it. */
  | { readonly type: 'history-budget'; readonly bytes: number }
  | { readonly type: 'history-cleared' }
  /** Any tab changed the discovery settings: the others take them (they are saved already). */
  | { readonly type: 'discovery'; readonly settings: DiscoverySettings }
  | { readonly type: 'connect'; readonly config: ConnectionConfig }
  | { readonly type: 'disconnect' }
  /** Take this configuration without connecting (an imported setup). */
  | { readonly type: 'configure'; readonly config: ConnectionConfig };

/** How a tab talks to the others; made from the browser's APIs in src/pwa/tab-link.ts. */
export interface TabLink {
  /**
   * Called with true when this tab becomes the one that holds the connection, and with false
   * if it has to give it up (only where tabs are elected without Web Locks).
   */
  onLeadership(listener: (leading: boolean) => void): void;
  post(message: TabMessage): void;
  onMessage(listener: (message: TabMessage) => void): void;
}
