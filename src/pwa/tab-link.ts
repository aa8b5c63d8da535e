/**
 * The browser side of tab coordination: a Web Lock held for the tab's lifetime elects the
 * leader (the browser hands it to a waiting tab when the holder closes or crashes), and a
 * BroadcastChannel carries the messages. Null where either API is missing (insecure pages).
 */
import type { TabLink, TabMessage } from '../app/tabs.js';

const LOCK = 'hello-mqtt-connection';
const CHANNEL = 'hello-mqtt-tabs';

export function createTabLink(): TabLink | null {
  if (typeof BroadcastChannel === 'undefined' || navigator.locks === undefined) return null;
  const channel = new BroadcastChannel(CHANNEL);
  const leadership = new Promise<void>((resolve) => {
    void navigator.locks.request(LOCK, () => {
      resolve();
      // Never settles: the lock is released only when this tab goes away.
      return new Promise<never>(() => undefined);
    });
  });
  return {
    leadership,
    post: (message) => channel.postMessage(message),
    onMessage: (listener) => channel.addEventListener('message', (event: MessageEvent<TabMessage>) => listener(event.data)),
  };
}
