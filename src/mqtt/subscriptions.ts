/**
 * Declarative subscriptions. The session is told which topic filters are wanted (those of the
 * entities) and works out the rest: what to subscribe and unsubscribe on the connection, a
 * filter covered by a wider one is not subscribed twice, SUBSCRIBE goes out in chunks, and
 * every wanted filter has a status of its own. A filter the broker refuses is reported with
 * the broker's reason while the others keep working; what a refused wide filter would have
 * delivered is then subscribed filter by filter. The QoS asked for is 1 unless the session
 * says otherwise (a broker that closes the connection at a QoS 1 SUBSCRIBE, session.ts).
 */
import { describeSubscribeRefusal } from './errors.js';
import { checkSubscribeTopic, filterCovers } from './topic.js';

export type FilterState =
  /** Not connected: subscribed as soon as a connection is up. */
  | 'waiting'
  /** SUBSCRIBE sent, SUBACK not yet received. */
  | 'subscribing'
  | 'subscribed'
  | 'refused';

export interface FilterStatus {
  readonly state: FilterState;
  /**
   * Why it was refused, in words; for the other states, anything the user should know
   * (subscribed at QoS 0 for now, the broker closed the connection at its SUBSCRIBE); or empty.
   */
  readonly reason: string;
  /** The filter subscribed on its behalf: itself, or a wider one that delivers its messages. */
  readonly via: string;
}

/** The status of every wanted filter, keyed by the filter. Plain data: it crosses to the page. */
export type FilterStatuses = Readonly<Record<string, FilterStatus>>;

/** One SUBACK: a return code per filter, in the order sent, and an MQTT 5 reason string. */
export interface SubscribeResult {
  readonly codes: readonly number[];
  readonly reasonString: string;
}

/** What the subscriptions need of a connection. */
export interface SubscriptionTransport {
  /** Sends one SUBSCRIBE for these filters at this QoS; resolves with its SUBACK. */
  subscribe(filters: readonly string[], qos: 0 | 1): Promise<SubscribeResult>;
  unsubscribe(filters: readonly string[]): Promise<void>;
}

/** Filters per SUBSCRIBE packet: brokers limit packet sizes, and one refusal stays local. */
export const SUBSCRIBE_CHUNK = 50;

/** SUBACK return codes from 0x80 up are failures (MQTT 3.1.1 §3.9.3, MQTT 5 §3.9.3). */
const isFailure = (code: number) => code >= 0x80;

/**
 * The filters to subscribe so that every wanted one is delivered: each wanted filter that no
 * other (not excluded) wanted filter covers. Of two equal filters one is kept.
 */
export function coveringSet(wanted: Iterable<string>, excluded: ReadonlySet<string> = new Set()): string[] {
  const candidates = [...new Set(wanted)].filter((filter) => !excluded.has(filter));
  return candidates.filter((filter) => !candidates.some((other) => other !== filter && filterCovers(other, filter)));
}

export class Subscriptions {
  private wanted: readonly string[] = [];
  /** The filters subscribed on the wanted ones' behalf (see coveringSet). */
  private target: readonly string[] = [];
  private transport: SubscriptionTransport | null = null;
  /** Bumped by every new or lost connection, so that answers from an old one are ignored. */
  private connection = 0;
  /** Granted on the current connection, with the QoS asked for. */
  private readonly granted = new Map<string, 0 | 1>();
  /** Filters whose SUBSCRIBE is out, and when it was sent. */
  private readonly inFlight = new Map<string, number>();
  /** Called when the current connection has no SUBSCRIBE left unanswered. */
  private settledWaiters: (() => void)[] = [];
  private qos: 0 | 1 = 1;
  /** Shown beside filters subscribed at QoS 0. */
  private qosNote = '';
  /** Filters whose SUBSCRIBE a broker answered by closing the connection: why, until granted. */
  private readonly interrupted = new Map<string, string>();
  /** Refused on the current connection (tried again on the next), or invalid: the reason. */
  private readonly refused = new Map<string, string>();
  /**
   * Subscribed at some point and not unsubscribed since: a persistent session on the broker
   * may still hold them after a reconnect, so they are unsubscribed once no longer wanted.
   */
  private readonly brokerMayHold = new Set<string>();
  private reported = '';

  constructor(
    private readonly report: (statuses: FilterStatuses) => void,
    private readonly chunkSize = SUBSCRIBE_CHUNK,
  ) {}

  /** The filters wanted from now on. */
  want(filters: readonly string[]): void {
    this.wanted = [...new Set(filters)];
    for (const filter of this.wanted) {
      const check = checkSubscribeTopic(filter);
      if (!check.ok) this.refused.set(filter, check.reason);
    }
    this.reconcile();
  }

  /**
   * The QoS of the next SUBSCRIBEs (on the next connection: a granted filter keeps its own),
   * with the note shown beside filters subscribed at QoS 0.
   */
  useQos(qos: 0 | 1, note = ''): void {
    this.qos = qos;
    this.qosNote = qos === 0 ? note : '';
    this.publish();
  }

  /** A connection is up: everything wanted is subscribed on it (refusals get another chance). */
  attach(transport: SubscriptionTransport): void {
    this.connection++;
    this.transport = transport;
    this.granted.clear();
    this.clearInFlight();
    for (const filter of [...this.refused.keys()]) {
      if (checkSubscribeTopic(filter).ok) this.refused.delete(filter);
    }
    this.reconcile();
  }

  /**
   * The connection is gone: every filter waits for the next one. `interruption` says why, for
   * the filters whose SUBSCRIBE the broker answered by closing it.
   */
  detach(interruption?: { readonly filters: readonly string[]; readonly reason: (filter: string) => string }): void {
    this.connection++;
    this.transport = null;
    this.granted.clear();
    this.clearInFlight();
    for (const filter of interruption?.filters ?? []) this.interrupted.set(filter, interruption!.reason(filter));
    this.publish();
  }

  /** Filters granted on the current connection. */
  get subscribed(): readonly string[] {
    return [...this.granted.keys()];
  }

  /** Filters whose SUBSCRIBE is out and unanswered on the current connection. */
  get pending(): readonly string[] {
    return [...this.inFlight.keys()];
  }

  /** When the oldest unanswered SUBSCRIBE was sent (ms since the epoch), or null. */
  get pendingSince(): number | null {
    return this.inFlight.size === 0 ? null : Math.min(...this.inFlight.values());
  }

  /**
   * Resolves when no SUBSCRIBE is unanswered on the current connection, or the connection
   * changes. Publishing waits for it: a broker that closes the connection at a SUBSCRIBE
   * would take the unconfirmed publishes with it, and sending them again could repeat them.
   */
  settled(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private clearInFlight(): void {
    this.inFlight.clear();
    this.notifySettled();
  }

  private notifySettled(): void {
    if (this.inFlight.size > 0) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  statuses(): FilterStatuses {
    const statuses: Record<string, FilterStatus> = {};
    for (const filter of this.wanted) {
      const reason = this.refused.get(filter);
      if (reason !== undefined) {
        statuses[filter] = { state: 'refused', reason, via: filter };
        continue;
      }
      const via = this.target.includes(filter) ? filter : (this.target.find((t) => filterCovers(t, filter)) ?? filter);
      const grantedQos = this.granted.get(via);
      const state: FilterState =
        this.transport === null
          ? 'waiting'
          : this.granted.has(via)
            ? 'subscribed'
            : this.inFlight.has(via)
              ? 'subscribing'
              : 'waiting';
      const note = state === 'subscribed' ? (grantedQos === 0 ? this.qosNote : '') : (this.interrupted.get(via) ?? '');
      statuses[filter] = { state, reason: note, via };
    }
    return statuses;
  }

  private reconcile(): void {
    this.target = coveringSet(this.wanted, new Set(this.refused.keys()));
    const transport = this.transport;
    if (transport !== null) {
      const target = new Set(this.target);
      const drop = [...new Set([...this.brokerMayHold, ...this.granted.keys()])].filter(
        (filter) => !target.has(filter) && !this.inFlight.has(filter),
      );
      const add = this.target.filter((filter) => !this.granted.has(filter) && !this.inFlight.has(filter));
      for (const filter of drop) this.granted.delete(filter);
      for (const chunk of chunks(drop, this.chunkSize)) void this.unsubscribe(transport, chunk);
      for (const chunk of chunks(add, this.chunkSize)) void this.subscribe(transport, chunk, this.qos);
    }
    this.publish();
  }

  private async subscribe(transport: SubscriptionTransport, filters: string[], qos: 0 | 1): Promise<void> {
    const connection = this.connection;
    const sentAt = Date.now();
    for (const filter of filters) this.inFlight.set(filter, sentAt);
    let result: SubscribeResult | null = null;
    let failure = '';
    try {
      result = await transport.subscribe(filters, qos);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    // A lost connection has reset everything already; the next one subscribes again.
    if (connection !== this.connection) return;
    let refusedAny = false;
    filters.forEach((filter, index) => {
      this.inFlight.delete(filter);
      const code = result?.codes[index];
      if (code !== undefined && !isFailure(code)) {
        this.granted.set(filter, qos);
        this.interrupted.delete(filter);
        this.brokerMayHold.add(filter);
      } else {
        refusedAny = true;
        this.refused.set(
          filter,
          code === undefined
            ? `The subscription to ${filter} failed: ${failure}`
            : describeSubscribeRefusal(filter, code, result?.reasonString ?? ''),
        );
      }
    });
    // A refused wide filter leaves the narrower ones it covered to be subscribed on their own;
    // and filters no longer wanted may have been granted meanwhile.
    if (refusedAny || filters.some((filter) => !this.target.includes(filter))) this.reconcile();
    else this.publish();
    this.notifySettled();
  }

  private async unsubscribe(transport: SubscriptionTransport, filters: string[]): Promise<void> {
    try {
      await transport.unsubscribe(filters);
      for (const filter of filters) this.brokerMayHold.delete(filter);
    } catch {
      // Kept in brokerMayHold: tried again on the next connection.
    }
  }

  private publish(): void {
    const statuses = this.statuses();
    const key = JSON.stringify(statuses);
    if (key === this.reported) return;
    this.reported = key;
    this.report(statuses);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
