/**
 * The election of the tab that holds the connection, where the page has no Web Locks
 * (src/app/tab-election.ts), run in the browser: a tab that goes away or freezes hands the
 * lead on, and tabs check on the leader now and then. Loaded only by such pages.
 */
import { TabElection, type ElectionMessage } from '../app/tab-election.js';
import { channelTransport, type LeadershipListener } from './tab-link.js';

/**
 * How often the leader reminds the other tabs that it leads, and a follower in view asks
 * whether the leader is still there (it may have crashed).
 */
const LEADER_CHECK_MS = 10_000;

export function electByMessages(channel: string, listener: LeadershipListener): void {
  const election = new TabElection({ transport: channelTransport<ElectionMessage>(channel) });
  election.onChange(listener);
  runElection(election);
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
