/**
 * The browser side of tab coordination. The leader is elected with a Web Lock held for the
 * tab's lifetime (the browser hands it to a waiting tab when the holder closes or crashes);
 * pages that are not a secure context have no Web Locks, and elect over a BroadcastChannel
 * instead (src/app/tab-election.ts). Null where even BroadcastChannel is missing.
 */
import type { ElectionMessage, TabElection } from '../app/tab-election.js';
import type { TabLink, TabMessage } from '../app/tabs.js';

const LOCK = 'hello-mqtt-connection';
const CHANNEL = 'hello-mqtt-tabs';
const ELECTION_CHANNEL = 'hello-mqtt-election';
/**
 * How often the leader reminds the other tabs that it leads, and a follower in view asks
 * whether the leader is still there (it may have crashed).
 */
const LEADER_CHECK_MS = 10_000;

type LeadershipListener = (leading: boolean) => void;

/** Messages of one kind to and from the app's other tabs. */
function channelTransport<Message>(name: string) {
  const channel = new BroadcastChannel(name);
  return {
    post: (message: Message) => channel.postMessage(message),
    onMessage: (listener: (message: Message) => void) =>
      channel.addEventListener('message', (event: MessageEvent<Message>) => listener(event.data)),
  };
}

export function createTabLink(): TabLink | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const onLeadership = navigator.locks === undefined ? electByMessages() : electByLock();
  return { onLeadership, ...channelTransport<TabMessage>(CHANNEL) };
}

function electByLock(): (listener: LeadershipListener) => void {
  const leadership = new Promise<void>((resolve) => {
    void navigator.locks.request(LOCK, () => {
      resolve();
      // Never settles: the lock is released only when this tab goes away.
      return new Promise<never>(() => undefined);
    });
  });
  return (listener) => void leadership.then(() => listener(true));
}

function electByMessages(): (listener: LeadershipListener) => void {
  const listeners: LeadershipListener[] = [];
  // Only pages without Web Locks need the election: its code comes when one does. Listeners
  // are in place before it starts, so none misses the first outcome.
  void import('../app/tab-election.js').then(({ TabElection: Election }) => {
    const election = new Election({ transport: channelTransport<ElectionMessage>(ELECTION_CHANNEL) });
    election.onChange((leading) => listeners.forEach((listener) => listener(leading)));
    runElection(election);
  });
  return (listener) => void listeners.push(listener);
}

function runElection(election: TabElection): void {
  // A tab that goes away, or is frozen in the background, hands the connection on; it joins
  // again as it comes back (from the back-forward cache, or thawed).
  const leave = () => election.resign();
  const rejoin = () => election.elect();
  addEventListener('pagehide', leave);
  document.addEventListener('freeze', leave);
  addEventListener('pageshow', (event) => {
    if (event.persisted) rejoin();
  });
  document.addEventListener('resume', rejoin);
  // Only a tab in view checks on the leader: there, a stale state would be seen.
  const checkIn = () => {
    election.remind();
    if (document.visibilityState === 'visible') election.check();
  };
  document.addEventListener('visibilitychange', checkIn);
  setInterval(checkIn, LEADER_CHECK_MS);
  election.elect();
}
