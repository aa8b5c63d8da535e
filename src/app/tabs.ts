/**
 * Many tabs, one connection. Two tabs with one client ID would make the broker drop each in
 * turn, forever; so one tab (the leader, elected with a Web Lock, or by tab-election.ts where
 * the page has none) holds the connection, and the others follow its state over a
 * BroadcastChannel and route their actions through it.
 */
import type { AppState, ConnectionConfig } from '../store/app-state.js';

/** The part of the state that the leader owns and followers mirror. */
export type SharedState = Pick<
  AppState,
  'config' | 'topic' | 'topicProblem' | 'subscribed' | 'connection' | 'lastMessage' | 'wantsConnection' | 'outbox'
>;

const SHARED_KEYS = [
  'config',
  'topic',
  'topicProblem',
  'subscribed',
  'connection',
  'lastMessage',
  'wantsConnection',
  'outbox',
] as const satisfies readonly (keyof SharedState)[];

export function sharedState(state: AppState): SharedState {
  return Object.fromEntries(SHARED_KEYS.map((key) => [key, state[key]])) as unknown as SharedState;
}

export function sharedStateChanged(state: AppState, previous: AppState): boolean {
  return SHARED_KEYS.some((key) => state[key] !== previous[key]);
}

export type TabMessage =
  /** A follower has started: the leader answers with its state. */
  | { readonly type: 'hello' }
  | { readonly type: 'state'; readonly state: SharedState }
  /** The outbox in IndexedDB changed in a follower: the leader reads it and sends. */
  | { readonly type: 'outbox-changed' }
  | { readonly type: 'connect'; readonly config: ConnectionConfig }
  | { readonly type: 'disconnect' }
  | { readonly type: 'change-topic'; readonly topic: string };

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
