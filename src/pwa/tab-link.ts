/**
 * The browser side of tab coordination. The leader is elected with a Web Lock held for the
 * tab's lifetime (the browser hands it to a waiting tab when the holder closes or crashes);
 * pages that are not a secure context have no Web Locks, and elect over a BroadcastChannel
 * instead (src/app/tab-election.ts). Null where even BroadcastChannel is missing.
 */
import type { TabLink, TabMessage } from '../app/tabs.js';

export type LeadershipListener = (leading: boolean) => void;

/** Messages of one kind to and from the app's other tabs. */
export function channelTransport<Message>(name: string) {
  const channel = new BroadcastChannel(name);
  return {
    post: (message: Message) => channel.postMessage(message),
    onMessage: (listener: (message: Message) => void) =>
      channel.addEventListener('message', (event: MessageEvent<Message>) => listener(event.data)),
  };
}

/**
 * `scope` is the name of the connection's database: tabs of one saved connection share its
 * connection, and tabs of another hold their own.
 */
export function createTabLink(scope: string): TabLink | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const onLeadership = navigator.locks === undefined ? electByMessages(`${scope}-election`) : electByLock(`${scope}-connection`);
  return { onLeadership, ...channelTransport<TabMessage>(`${scope}-tabs`) };
}

function electByLock(lock: string): (listener: LeadershipListener) => void {
  const leadership = new Promise<void>((resolve) => {
    void navigator.locks.request(lock, () => {
      resolve();
      // Never settles: the lock is released only when this tab goes away.
      return new Promise<never>(() => undefined);
    });
  });
  return (listener) => void leadership.then(() => listener(true));
}

function electByMessages(channel: string): (listener: LeadershipListener) => void {
  const listeners: LeadershipListener[] = [];
  // Only pages without Web Locks need the election: its code comes when one does. Listeners
  // are in place before it starts, so none misses the first outcome.
  void import('./elect-by-messages.js').then(({ electByMessages: elect }) =>
    elect(channel, (leading) => listeners.forEach((listener) => listener(leading))),
  );
  return (listener) => void listeners.push(listener);
}
