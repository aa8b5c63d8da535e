/**
 * Electing the tab that holds the connection where the browser offers no Web Locks (pages
 * not served over https or from localhost, such as an app on a home server's plain-http
 * address). Tabs agree over a broadcast channel instead:
 * - a tab that starts claims the lead; the oldest claimant wins, and a tab that already
 *   leads answers every claim, so newcomers follow it;
 * - a leader that goes away says so (page hidden for good, or frozen), and the others elect
 *   again; one that vanished without a word (a crash) is found out when a follower asks
 *   and nobody answers;
 * - should two tabs lead at once (an answer came too late, or a leader stalled and woke
 *   up), the one that has led longer keeps it, as if the newer had heard it in time. Leaders
 *   remind the others now and then, so two of them find out about each other.
 */

export type ElectionMessage =
  | { readonly kind: 'claim'; readonly from: string; readonly startedAt: number }
  | { readonly kind: 'leader'; readonly from: string; readonly since: number }
  | { readonly kind: 'probe'; readonly from: string }
  | { readonly kind: 'resign'; readonly from: string };

/** How the tabs reach each other: a BroadcastChannel in the app. */
export interface ElectionTransport {
  post(message: ElectionMessage): void;
  onMessage(listener: (message: ElectionMessage) => void): void;
}

export interface ElectionOptions {
  readonly transport: ElectionTransport;
  /** How long a claim or a question waits for an answer from the other tabs. */
  readonly answerWithinMs?: number;
}

type Role = 'electing' | 'following' | 'leading';

/** crypto.randomUUID is for secure contexts only, which these pages are not. */
function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A tab that claimed earlier wins; the ID settles a tie. */
function claimsEarlier(a: { startedAt: number; from: string }, b: { startedAt: number; from: string }): boolean {
  return a.startedAt < b.startedAt || (a.startedAt === b.startedAt && a.from < b.from);
}

export class TabElection {
  private role: Role = 'following';
  private since = 0;
  private readonly startedAt = Date.now();
  private readonly id = randomId();
  private readonly answerWithinMs: number;
  private readonly transport: ElectionTransport;
  private readonly listeners: ((leading: boolean) => void)[] = [];
  /** While electing: a better claim was heard, so this tab will follow. */
  private outranked = false;
  /** While a follower's question is open: a leader answered it. */
  private answered = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ transport, answerWithinMs = 300 }: ElectionOptions) {
    this.transport = transport;
    this.answerWithinMs = answerWithinMs;
    transport.onMessage((message) => this.receive(message));
  }

  get leading(): boolean {
    return this.role === 'leading';
  }

  /**
   * Called with true when this tab becomes the leader, and with false if it steps down; at
   * once with true if it leads already.
   */
  onChange(listener: (leading: boolean) => void): void {
    this.listeners.push(listener);
    if (this.leading) listener(true);
  }

  /** Joins the tabs: claims the lead, or follows the tab that has it. */
  elect(): void {
    if (this.role === 'leading') return;
    this.role = 'electing';
    this.outranked = false;
    this.transport.post(this.claim());
    this.wait(() => {
      if (this.role !== 'electing') return;
      if (!this.outranked) return this.lead();
      // The better claimant should be leading now; make sure it is.
      this.role = 'following';
      this.check();
    });
  }

  /** A follower asks whether the leader is still there, and elects again if not. */
  check(): void {
    if (this.role !== 'following') return;
    this.answered = false;
    this.transport.post({ kind: 'probe', from: this.id });
    this.wait(() => {
      if (this.role === 'following' && !this.answered) this.elect();
    });
  }

  /** A leader reminds the others that it leads: two leaders find each other this way. */
  remind(): void {
    if (this.role === 'leading') this.announce();
  }

  /** Steps down and tells the others to elect again (the tab is going away or freezing). */
  resign(): void {
    clearTimeout(this.timer);
    const wasLeading = this.role === 'leading';
    this.role = 'following';
    if (!wasLeading) return;
    this.transport.post({ kind: 'resign', from: this.id });
    this.notify(false);
  }

  private receive(message: ElectionMessage): void {
    if (message.from === this.id) return;
    switch (message.kind) {
      case 'claim':
        if (this.role === 'leading') this.announce();
        else if (this.role === 'electing') {
          if (claimsEarlier(message, { startedAt: this.startedAt, from: this.id })) this.outranked = true;
          // The other tab may have started after this claim went out: let it hear it.
          else this.transport.post(this.claim());
        }
        return;
      case 'leader':
        this.answered = true;
        if (this.role === 'electing') {
          clearTimeout(this.timer);
          this.role = 'following';
        } else if (this.role === 'leading') {
          const theyLedFirst = message.since < this.since || (message.since === this.since && message.from < this.id);
          if (theyLedFirst) this.stepDown();
          else this.announce();
        }
        return;
      case 'probe':
        if (this.role === 'leading') this.announce();
        return;
      case 'resign':
        if (this.role !== 'leading') this.elect();
        return;
    }
  }

  private lead(): void {
    this.role = 'leading';
    this.since = Date.now();
    this.announce();
    this.notify(true);
  }

  private stepDown(): void {
    this.role = 'following';
    this.notify(false);
  }

  private announce(): void {
    this.transport.post({ kind: 'leader', from: this.id, since: this.since });
  }

  private claim(): ElectionMessage {
    return { kind: 'claim', from: this.id, startedAt: this.startedAt };
  }

  private wait(then: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(then, this.answerWithinMs);
  }

  private notify(leading: boolean): void {
    for (const listener of this.listeners) listener(leading);
  }
}
