/**
 * The election of the tab that holds the connection on pages without Web Locks, over real
 * BroadcastChannels: each TabElection here has a channel of its own, as a tab would.
 */
import { expect } from '@open-wc/testing';
import { TabElection, type ElectionMessage, type ElectionTransport } from '../../src/app/tab-election.js';
import { waitUntil } from '../support/wait.js';

const ANSWER_WITHIN_MS = 250;

interface Tab {
  readonly election: TabElection;
  /** What it was told, in order: true for "lead", false for "step down". */
  readonly changes: boolean[];
  /** A frozen tab neither hears nor says anything. */
  frozen: boolean;
  close(): void;
}

describe('electing the tab that holds the connection, without Web Locks', () => {
  let name: string;
  const tabs: Tab[] = [];

  beforeEach(() => {
    name = `election-test-${crypto.randomUUID()}`;
  });
  afterEach(() => {
    for (const tab of tabs.splice(0)) tab.close();
  });

  function openTab(): Tab {
    const channel = new BroadcastChannel(name);
    const seen = { frozen: false, changes: [] as boolean[] };
    const transport: ElectionTransport = {
      post: (message) => {
        if (!seen.frozen) channel.postMessage(message);
      },
      onMessage: (listener) =>
        channel.addEventListener('message', (event: MessageEvent<ElectionMessage>) => {
          if (!seen.frozen) listener(event.data);
        }),
    };
    const election = new TabElection({ transport, answerWithinMs: ANSWER_WITHIN_MS });
    election.onChange((leading) => seen.changes.push(leading));
    election.elect();
    // The same object: setting `frozen` on the tab reaches the transport.
    const tab: Tab = Object.assign(seen, {
      election,
      close: () => {
        election.resign();
        channel.close();
      },
    });
    tabs.push(tab);
    return tab;
  }

  const leaders = () => tabs.filter((tab) => tab.election.leading);
  const settle = () => new Promise((resolve) => setTimeout(resolve, ANSWER_WITHIN_MS * 4));

  /** A leader, and a tab opened after it had settled. */
  async function leaderAndLater(): Promise<{ first: Tab; second: Tab }> {
    const first = openTab();
    await settle();
    const second = openTab();
    await settle();
    return { first, second };
  }

  /** Two leaders: the second opened while the first was too busy (frozen) to answer. */
  async function twoLeaders(): Promise<{ first: Tab; second: Tab }> {
    const first = openTab();
    await settle();
    first.frozen = true;
    const second = openTab();
    await settle();
    first.frozen = false;
    return { first, second };
  }

  it('a tab alone leads', async () => {
    const tab = openTab();
    await waitUntil(() => tab.changes, (changes) => changes.length > 0, 'a decision');
    expect(tab.changes).to.deep.equal([true]);
  });

  it('of three tabs opened at once, exactly one leads, and the others never did', async () => {
    openTab();
    openTab();
    openTab();
    await settle();
    expect(leaders()).to.have.length(1);
    // Opened within one millisecond, their random IDs decide; no tab led and stepped down.
    expect(tabs.map((tab) => tab.changes).sort()).to.deep.equal([[], [], [true]]);
  });

  it('a tab opened later follows the leader instead of taking over', async () => {
    const { first, second: later } = await leaderAndLater();
    expect(leaders()).to.deep.equal([first]);
    expect(later.changes).to.deep.equal([]);
  });

  it('when the leader goes away, exactly one of the others takes over', async () => {
    const first = openTab();
    await settle();
    openTab();
    openTab();
    await settle();
    first.election.resign();
    await settle();
    expect(leaders()).to.have.length(1);
    expect(first.changes).to.deep.equal([true, false]);
  });

  it('a leader that vanished without a word is found out when a follower asks', async () => {
    const { first, second } = await leaderAndLater();
    first.frozen = true; // as a crashed tab: no goodbye, no answers
    second.election.check();
    await settle();
    expect(second.changes).to.deep.equal([true]);
  });

  it('asking while the leader is there changes nothing', async () => {
    const { first, second } = await leaderAndLater();
    second.election.check();
    await settle();
    expect(leaders()).to.deep.equal([first]);
  });

  it('of two leaders (the leader answered too late), the one that led first keeps the lead', async () => {
    const { first, second } = await twoLeaders();
    expect(leaders()).to.deep.equal([first, second]);
    // Leaders remind the others now and then: there the two hear of each other.
    first.election.remind();
    await settle();
    expect(leaders()).to.deep.equal([first]);
    expect(first.changes).to.deep.equal([true]);
    expect(second.changes).to.deep.equal([true, false]);
  });

  it('two leaders also settle when a newcomer claims', async () => {
    const { first, second } = await twoLeaders();
    expect(second.election.leading).to.equal(true);
    const third = openTab();
    await settle();
    expect(leaders()).to.deep.equal([first]);
    expect(third.changes).to.deep.equal([]);
  });

  it('a tab that resigned and comes back follows the tab that took over', async () => {
    const { first, second } = await leaderAndLater();
    first.election.resign();
    await settle();
    first.election.elect();
    await settle();
    expect(leaders()).to.deep.equal([second]);
  });
});
