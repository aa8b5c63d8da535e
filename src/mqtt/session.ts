/**
 * The MQTT session: owns the mqtt.js client, turns its events into a connection status in
 * plain words, owns the one retry loop (backoff, failover between several broker URLs),
 * subscribes what it is told is wanted on every connection (subscriptions.ts), and publishes.
 * mqtt.js is imported on the first connect, so the first paint never waits for it.
 *
 * A broker that accepts the connection and closes it at a QoS 1 SUBSCRIBE (close-cause.ts;
 * RabbitMQ does, when the session's queue lives on a cluster node that is down) gets the same
 * client ID and session again with QoS 0 subscriptions, which such a broker keeps apart from
 * the session; from time to time the session ends that connection politely and tries QoS 1
 * again, until the normal session works. Why QoS 0 and not a new client ID: README, Clusters.
 */
import type { ClientSubscribeCallback, IClientOptions, MqttClient } from 'mqtt';
import { backoffDelay } from './backoff.js';
import { closeCause } from './close-cause.js';
import { checkBrokerUrls } from './broker-url.js';
import { keepAliveWhileReceiving } from './keepalive.js';
import {
  describeClosedAtSubscribe,
  describeFilterClosedAtSubscribe,
  describeNoConnack,
  describeQos0Filter,
  describeQos0Session,
  describeRefusal,
  describeServerDisconnect,
  describeShortConnections,
  SESSION_TAKEN_OVER,
  describeUnreachable,
  isFinalRefusal,
  isRefusal,
} from './errors.js';
import { Subscriptions, type FilterStatuses, type SubscriptionTransport } from './subscriptions.js';
import { checkPublishTopic, topicMatches } from './topic.js';

/** MQTT's quality of service: at most once, at least once, exactly once. */
export type Qos = 0 | 1 | 2;

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** What a connection needs, as the user configured it. */
export interface ConnectionSettings {
  /** One broker URL, or several separated by spaces or commas, tried in turn. */
  readonly url: string;
  readonly clientId: string;
  /** Seconds between keepalive pings. */
  readonly keepalive: number;
  readonly username: string;
  readonly password: string;
  /**
   * False (the default) keeps a persistent session: the broker holds QoS 1 messages that
   * arrive while the app is away and delivers them when it returns.
   */
  readonly cleanSession?: boolean;
  /** MQTT 3.1.1 (4, the default) or 5. */
  readonly protocolVersion?: 4 | 5;
  /** Published by the broker for us if we vanish without saying goodbye. */
  readonly will?: LastWill;
}

export interface LastWill {
  readonly topic: string;
  readonly payload: string;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
}

/** With MQTT 5, how long the broker keeps a persistent session after we go: one week. */
export const SESSION_EXPIRY_SECONDS = 7 * 24 * 60 * 60;

/** Receives everything the session observes. */
export interface SessionListener {
  /**
   * `detail` is the broker URL, or the problem in words when the status is `error`.
   * `nextAttemptAt` (ms since the epoch) is when the next try is due, while one is scheduled.
   */
  status(status: ConnectionStatus, detail: string, nextAttemptAt: number | null): void;
  message(topic: string, payload: Uint8Array, retained: boolean, qos: Qos): void;
  /** The status of every wanted filter changed (subscribed, waiting, refused and why). */
  filters(statuses: FilterStatuses): void;
}

/**
 * Sends what mqtt.js has written to its stream now. mqtt-packet corks the stream for each
 * packet and uncorks it on the next tick, which in a browser is a timer: under a flood that
 * timer waits behind every message already queued for the worker (hundreds of ms on a busy
 * phone), so a click's PUBLISH would too. Uncorking sooner only sends sooner; the later
 * uncork finds nothing corked.
 */
function sendNow(client: MqttClient): void {
  const stream = client.stream as { uncork?: () => void; writableCorked?: number } | undefined;
  if (stream?.uncork === undefined) return;
  // Every cork: another packet written in this task (an acknowledgement) may hold one too.
  for (let corks = stream.writableCorked ?? 1; corks > 0; corks--) stream.uncork();
}

/** How a message is published. */
export interface PublishOptions {
  readonly qos: Qos;
  readonly retain: boolean;
}

export type ConnectFunction = (url: string, options: IClientOptions) => MqttClient;

/** A failed publish or subscribe, with the reason in words. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
}

/** How long a broker may take to answer CONNECT before the try counts as failed. */
export const CONNECT_TIMEOUT_MS = 10_000;
/**
 * A connection that lasted this long is taken as proof that the trouble is over: the
 * backoff starts afresh after its loss. Well over the longest wait between tries, so that two
 * clients that throw each other out (one client ID) cannot reset each other's backoff.
 */
export const STABLE_CONNECTION_MS = 60_000;
/** Short connections in a row after which the user is told that something closes them. */
const SHORT_CONNECTIONS_TO_EXPLAIN = 3;
/** How long Disconnect waits for a broker to take the DISCONNECT before it just closes. */
const END_GRACE_MS = 2000;
/** After a close at a QoS 1 SUBSCRIBE, the first try of QoS 1 again; each failed try doubles it. */
export const QOS1_RETRY_FIRST_MS = 30_000;
export const QOS1_RETRY_CAP_MS = 5 * 60_000;
/**
 * How long a publish waits for the connection's SUBSCRIBEs to be answered (see
 * Subscriptions.settled); a broker that never answers must not hold the outbox for good.
 */
const SUBSCRIBE_SETTLE_MS = 10_000;
/**
 * How long the end of a QoS 0 connection waits for the messages it published to come back on
 * it (see tryQos1Again). A broker may not deliver them at all (an ACL that denies reading).
 */
const ECHO_WAIT_MS = 2000;

async function loadMqtt(): Promise<ConnectFunction> {
  const mqtt = await import('mqtt');
  return mqtt.default.connect;
}

function reasonCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * What the app needs of a session, wherever it runs: in this page (MqttSession) or in a
 * worker (WorkerSession, worker-session.ts), which keeps MQTT off the page's main thread.
 */
export interface Session {
  /** Connected to a broker now. */
  readonly connected: boolean;
  /** Connected, connecting or retrying: `connect` was called and `disconnect` was not since. */
  readonly active: boolean;
  connect(settings: ConnectionSettings): Promise<void>;
  disconnect(options?: { announce?: boolean }): Promise<void>;
  reconnectNow(): void;
  /** The topic filters wanted from now on: the session subscribes them on every connection. */
  setFilters(filters: readonly string[]): void;
  /** Publishes; resolves once the broker has it (PUBACK, PUBCOMP, or written for QoS 0). */
  publish(topic: string, text: string, options: PublishOptions): Promise<void>;
}

type Suback = NonNullable<Parameters<ClientSubscribeCallback>[2]>;

/** One SUBSCRIBE per call, so that each SUBACK code belongs to a known filter. */
function subscriptionTransport(client: MqttClient): SubscriptionTransport {
  return {
    subscribe: (filters, qos) =>
      new Promise((resolve, reject) => {
        // QoS 1 unless the broker cannot take it: with a persistent session, messages
        // published while away are kept for us.
        client.subscribe([...filters], { qos }, (error, _granted, packet) => {
          // mqtt.js rejects a whole SUBSCRIBE when one code is a failure; the SUBACK it
          // carries still tells which filters were granted.
          const suback = packet ?? (error as { packet?: Suback } | null)?.packet;
          // mqtt-packet types the codes as numbers or grant objects; brokers send numbers.
          const granted = suback?.granted as readonly (number | { qos: number })[] | undefined;
          const codes = granted?.map((grant) => (typeof grant === 'number' ? grant : grant.qos));
          if (codes?.length === filters.length) resolve({ codes, reasonString: suback?.properties?.reasonString ?? '' });
          else reject(error ?? new Error('the broker did not answer the subscription'));
        });
      }),
    unsubscribe: async (filters) => {
      await client.unsubscribeAsync([...filters]);
    },
  };
}

export class MqttSession implements Session {
  private client: MqttClient | null = null;
  private readonly subscriptions: Subscriptions;
  /** Rejections of publishes awaiting their PUBACK. */
  private readonly inFlight = new Set<(error: Error) => void>();
  private status: ConnectionStatus = 'disconnected';
  /** The words of the last error, kept while retrying so the reason stays on screen. */
  private lastProblem = '';
  private lastDetail = '';
  /** Bumped by every connect and disconnect so that events of an old client are ignored. */
  private generation = 0;
  /** The broker refused the credentials: no retry until the user connects again. */
  private refused = false;
  /** Tries since the last stable connection, for the backoff (see STABLE_CONNECTION_MS). */
  private attempt = 0;
  /** Connections in a row that the broker closed soon after accepting them. */
  private shortConnections = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private settings: ConnectionSettings | null = null;
  private connectRequests = 0;
  private connectFunction: ConnectFunction | null = null;
  /** The broker URLs of this connection and the one in use. */
  private urls: string[] = [];
  private urlIndex = 0;
  /** The QoS of subscriptions: 0 only after a broker closed the connection at QoS 1. */
  private subscribeQos: 0 | 1 = 1;
  /** The next retry goes to the same broker URL: it was up, it only closed at a SUBSCRIBE. */
  private retrySameUrl = false;
  /** When QoS 1 is tried again, while subscribing at QoS 0, and the wait after that. */
  private qos1RetryTimer: ReturnType<typeof setTimeout> | undefined;
  private qos1RetryDelay = 0;
  /** Going back to QoS 1: nothing new is published on the connection that is about to end. */
  private renewing = false;
  /** The client whose 'connect' this class has handled (see isUp). */
  private announced: MqttClient | null = null;
  /**
   * At QoS 0: what this connection published on its own subscriptions and has not received
   * back yet, as topic and payload, counted.
   */
  private readonly echoesDue = new Map<string, number>();

  constructor(
    private readonly listener: SessionListener,
    private readonly load: () => Promise<ConnectFunction> = loadMqtt,
    private readonly connectTimeoutMs = CONNECT_TIMEOUT_MS,
    private readonly qos1RetryFirstMs = QOS1_RETRY_FIRST_MS,
  ) {
    this.subscriptions = new Subscriptions((statuses) => this.listener.filters(statuses));
  }

  get connected(): boolean {
    return this.client !== null && this.isUp(this.client);
  }

  /**
   * mqtt.js calls a client connected at the CONNACK, before it has sent its stored packets
   * and emitted 'connect', where this class subscribes; a message published in between would
   * go out before the SUBSCRIBE and never come back on a new subscription.
   */
  private isUp(client: MqttClient): boolean {
    return client.connected && this.announced === client;
  }

  /** Connected, connecting or retrying: `connect` was called and `disconnect` was not since. */
  get active(): boolean {
    return this.client !== null;
  }

  /** Connects with these settings, replacing any current connection. */
  async connect(settings: ConnectionSettings): Promise<void> {
    // Counted before any await: of two quick connects, only the later one goes on.
    const request = ++this.connectRequests;
    await this.disconnect({ announce: false });
    if (request !== this.connectRequests) return;
    const generation = this.generation;
    this.refused = false;
    this.attempt = 0;
    this.shortConnections = 0;
    this.useQos(1);
    this.qos1RetryDelay = this.qos1RetryFirstMs;
    const checked = checkBrokerUrls(settings.url);
    if (!checked.ok) {
      this.setStatus('error', checked.reason);
      return;
    }
    this.setStatus('connecting', checked.urls[0]!);
    try {
      this.connectFunction = await this.load();
    } catch {
      this.setStatus('error', 'The MQTT library could not be loaded. Reload the page when online.');
      return;
    }
    if (generation !== this.generation) return;
    this.settings = settings;
    this.urls = checked.urls;
    this.urlIndex = 0;
    this.open();
  }

  /** Opens a client to the current URL; every try gets a fresh client, so no state leaks. */
  private open(): void {
    const { settings, connectFunction } = this;
    if (settings === null || connectFunction === null) return;
    const url = this.urls[this.urlIndex]!;
    this.renewing = false;
    this.echoesDue.clear();
    const v5 = settings.protocolVersion === 5;
    const clean = settings.cleanSession === true;
    const will = settings.will;
    this.generation++;
    const client = connectFunction(url, {
      clientId: settings.clientId,
      keepalive: settings.keepalive,
      username: settings.username === '' ? undefined : settings.username,
      password: settings.password === '' ? undefined : settings.password,
      protocolVersion: v5 ? 5 : 4,
      clean,
      // MQTT 5 ends a session when the connection ends unless told to keep it.
      properties: v5 && !clean ? { sessionExpiryInterval: SESSION_EXPIRY_SECONDS } : undefined,
      will:
        will === undefined || will.topic === ''
          ? undefined
          : { topic: will.topic, payload: will.payload, qos: will.qos, retain: will.retain },
      // mqtt.js retries at a fixed period; this class owns the one retry loop, with backoff.
      reconnectPeriod: 0,
      connectTimeout: this.connectTimeoutMs,
      // Subscriptions are restored by this class on every connect, from one list.
      resubscribe: false,
    });
    keepAliveWhileReceiving(client);
    this.client = client;
    this.watch(client, url, this.generation);
  }

  /** Closes the connection; the session stays idle until `connect` is called again. */
  async disconnect({ announce = true }: { announce?: boolean } = {}): Promise<void> {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    clearTimeout(this.qos1RetryTimer);
    this.renewing = false;
    const client = this.client;
    this.client = null;
    this.settings = null;
    this.subscriptions.detach();
    this.abandonInFlight();
    if (client !== null) {
      // A polite end waits for the broker; one that does not answer gets a forced end.
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => client.end(true, {}, () => resolve()), END_GRACE_MS);
        client.end(!client.connected, {}, () => {
          clearTimeout(force);
          resolve();
        });
      });
    }
    if (announce) this.setStatus('disconnected', '');
  }

  /** Tries again now instead of at the scheduled time (the network came back, the page woke). */
  reconnectNow(): void {
    if (this.retryTimer === undefined) return;
    this.attempt = 0;
    this.retry();
  }

  private retry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const old = this.client;
    if (old === null || old.connected || this.refused) return;
    // Messages awaiting a PUBACK go back to their sender (the outbox) to be sent again.
    this.abandonInFlight();
    old.end(true);
    // With several brokers, the next try goes to the next one, unless this one was up.
    if (!this.retrySameUrl) this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    this.retrySameUrl = false;
    const url = this.urls[this.urlIndex]!;
    if (this.status !== 'error') this.setStatus('reconnecting', url);
    this.open();
  }

  /** Schedules the next try; returns when it is due. */
  private scheduleRetry(): number {
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++);
    this.retryTimer = setTimeout(() => this.retry(), delay);
    return Date.now() + delay;
  }

  /** The topic filters wanted from now on; see subscriptions.ts. */
  setFilters(filters: readonly string[]): void {
    this.subscriptions.want(filters);
  }

  /** The status of every wanted filter now. */
  get filterStatuses(): FilterStatuses {
    return this.subscriptions.statuses();
  }

  /** Publishes text; resolves once the broker has it. */
  async publish(topic: string, text: string, { qos, retain }: PublishOptions): Promise<void> {
    const check = checkPublishTopic(topic);
    if (!check.ok) throw new SessionError(check.reason);
    const client = this.client;
    if (client === null || !this.isUp(client)) {
      throw new SessionError('Not connected to a broker, so nothing was sent.');
    }
    if (this.renewing) throw new SessionError('The connection is being renewed; sent once it is back.');
    // Not while a SUBSCRIBE is unanswered: see Subscriptions.settled. (No timer otherwise: a
    // publish of a steady connection goes straight on.)
    if (this.subscriptions.pending.length > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.subscriptions.settled(), new Promise((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_SETTLE_MS)))]);
      clearTimeout(timer);
    }
    if (this.client !== client || !this.isUp(client) || this.renewing) {
      throw new SessionError('The connection closed before the message could be sent.');
    }
    // Counted before it is sent: the broker may deliver it back before its PUBACK.
    const echo = this.subscribeQos === 0 && this.subscriptions.subscribed.some((filter) => topicMatches(filter, topic));
    if (echo) this.expectEcho(echoKey(topic, text), 1);
    try {
      await new Promise<void>((resolve, reject) => {
        this.inFlight.add(reject);
        client
          .publishAsync(topic, text, { qos, retain })
          .then(() => resolve(), reject)
          .finally(() => this.inFlight.delete(reject));
        sendNow(client);
      });
    } catch (error) {
      if (echo) this.expectEcho(echoKey(topic, text), -1);
      throw error;
    }
  }

  private expectEcho(key: string, change: 1 | -1): void {
    const due = (this.echoesDue.get(key) ?? 0) + change;
    if (due > 0) this.echoesDue.set(key, due);
    else this.echoesDue.delete(key);
  }

  /**
   * mqtt.js never settles a QoS 1 publish whose client is ended with a persistent session;
   * whoever awaits it (the outbox) must hear that it will not be confirmed.
   */
  private abandonInFlight(): void {
    const error = new SessionError('The connection closed before the broker confirmed the message.');
    for (const reject of this.inFlight) reject(error);
    this.inFlight.clear();
  }

  /** `closedBy`: the broker URL that closed the connection at QoS 1, for the filters' note. */
  private useQos(qos: 0 | 1, closedBy = ''): void {
    this.subscribeQos = qos;
    this.subscriptions.useQos(qos, describeQos0Filter(closedBy));
  }

  /**
   * The broker at `url` accepted the connection and closed it at the SUBSCRIBE of `filters`.
   * At QoS 1: the same broker again, at once, at QoS 0. At QoS 0 too: the filters are the
   * trouble, so QoS 1 again, after a backoff that grows with each such close.
   */
  private closedAtSubscribe(url: string, filters: readonly string[]): void {
    const qos = this.subscribeQos;
    this.subscriptions.detach({ filters, reason: (filter) => describeFilterClosedAtSubscribe(url, filter) });
    this.abandonInFlight();
    this.retrySameUrl = true;
    if (qos === 1) {
      this.useQos(0, url);
      this.attempt = 0;
    } else {
      this.useQos(1);
      this.shortConnections++;
      this.attempt = Math.max(0, this.shortConnections - 1);
    }
    const nextAttemptAt = this.scheduleRetry();
    this.setStatus('reconnecting', describeClosedAtSubscribe(url, filters, qos), nextAttemptAt);
  }

  /**
   * While subscribed at QoS 0: ends this connection politely (what is being published is
   * confirmed first) and connects again to the same broker at QoS 1. If the broker closes it
   * at the SUBSCRIBE again, the session is back at QoS 0 at once, and waits twice as long.
   */
  private async tryQos1Again(client: MqttClient, url: string, generation: number): Promise<void> {
    if (generation !== this.generation || !client.connected) return;
    this.qos1RetryDelay = Math.min(QOS1_RETRY_CAP_MS, this.qos1RetryDelay * 2);
    this.renewing = true;
    // Nothing half-sent: SUBSCRIBEs answered, and no publish awaiting its acknowledgement.
    await this.subscriptions.settled();
    while (this.inFlight.size > 0 && generation === this.generation) await new Promise((resolve) => setTimeout(resolve, 100));
    // A PUBACK may come before the broker delivers that message back to this connection, and
    // a QoS 0 subscription keeps nothing for the next one: what the user just set would not
    // show. So the connection ends once its own messages are back.
    const echoWaitEnd = Date.now() + ECHO_WAIT_MS;
    while (this.echoesDue.size > 0 && generation === this.generation && Date.now() < echoWaitEnd) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (generation !== this.generation) return;
    this.generation++;
    this.subscriptions.detach();
    this.useQos(1);
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    if (this.client !== client) return;
    this.setStatus('reconnecting', `${url}: trying the normal session (QoS 1) again.`);
    this.open();
  }

  private watch(client: MqttClient, url: string, generation: number): void {
    const current = () => generation === this.generation;
    let connectedSinceClose = false;
    let connectedAt = 0;

    client.on('connect', () => {
      if (!current()) return;
      connectedSinceClose = true;
      connectedAt = Date.now();
      this.announced = client;
      this.setStatus('connected', this.subscribeQos === 0 ? describeQos0Session(url, { firstMs: this.qos1RetryFirstMs, capMs: QOS1_RETRY_CAP_MS }) : url);
      // Even when the broker kept the session, the filters may have changed while away.
      this.subscriptions.attach(subscriptionTransport(client));
      if (this.subscribeQos === 1) {
        this.qos1RetryDelay = this.qos1RetryFirstMs;
      } else {
        clearTimeout(this.qos1RetryTimer);
        this.qos1RetryTimer = setTimeout(() => void this.tryQos1Again(client, url, generation), this.qos1RetryDelay);
      }
    });
    // MQTT 5 brokers explain refusals and disconnects in a reason string.
    let reasonString = '';
    client.on('packetreceive', (packet) => {
      const properties = (packet as { properties?: { reasonString?: string } }).properties;
      if (properties?.reasonString) reasonString = properties.reasonString;
    });
    client.on('disconnect', (packet) => {
      if (!current()) return;
      const code = packet.reasonCode ?? 0;
      const why = describeServerDisconnect(url, code, reasonString, this.settings?.clientId);
      if (code === SESSION_TAKEN_OVER) {
        // Taking it back at once would throw the other client out, and it would do the same:
        // two clients fighting over one ID forever. Wait for the user instead.
        this.refused = true;
        this.setStatus('error', why);
        client.end(true);
        return;
      }
      this.setStatus('reconnecting', why);
    });
    client.on('close', () => {
      if (!current()) return;
      clearTimeout(this.qos1RetryTimer);
      const pendingSince = this.subscriptions.pendingSince;
      const unanswered = this.subscriptions.pending;
      const cause = closeCause({
        accepted: connectedSinceClose,
        unansweredFilters: unanswered,
        msSinceSubscribe: pendingSince === null ? Infinity : Date.now() - pendingSince,
      });
      if (cause === 'closed-at-subscribe' && !this.refused) {
        this.closedAtSubscribe(url, unanswered);
        return;
      }
      this.subscriptions.detach();
      if (this.refused) return;
      const wasConnected = connectedSinceClose;
      if (wasConnected) {
        connectedSinceClose = false;
        // After a stable connection, or a first short one, the backoff starts afresh; each
        // further short connection in a row starts it one step later, so a broker that keeps
        // dropping us (or a client that keeps taking our ID) is not hammered.
        this.shortConnections = Date.now() - connectedAt < STABLE_CONNECTION_MS ? this.shortConnections + 1 : 0;
        this.attempt = Math.max(0, this.shortConnections - 1);
      }
      const nextAttemptAt = this.scheduleRetry();
      if (wasConnected) {
        // An MQTT 5 broker's own reason for closing comes first; it is the most precise.
        const why =
          this.status === 'reconnecting' && this.lastDetail !== url
            ? this.lastDetail
            : this.shortConnections >= SHORT_CONNECTIONS_TO_EXPLAIN
              ? describeShortConnections(url, this.shortConnections, this.settings?.clientId)
              : `connection to ${url} lost.`;
        this.setStatus('reconnecting', why, nextAttemptAt);
      } else if (this.status === 'error' && this.lastProblem !== '') {
        this.setStatus('error', this.lastProblem, nextAttemptAt);
      } else {
        this.setStatus('error', describeUnreachable(url, this.settings?.protocolVersion === 5), nextAttemptAt);
      }
    });
    client.on('error', (error) => {
      if (!current()) return;
      const code = reasonCode(error);
      if (code !== undefined && isFinalRefusal(code)) {
        // Retrying with the same credentials would be refused again: stop until the user acts.
        this.refused = true;
        this.setStatus('error', describeRefusal(code, reasonString));
        client.end(true);
      } else if (code !== undefined && isRefusal(code)) {
        // "Server unavailable" and the like: the close that follows schedules a later try.
        this.setStatus('error', describeRefusal(code, reasonString));
      } else if (error.message === 'connack timeout') {
        this.setStatus('error', describeNoConnack(url));
      } else {
        this.setStatus('error', error.message);
      }
    });
    client.on('message', (topic, payload, packet) => {
      if (!current()) return;
      if (this.echoesDue.size > 0) {
        const key = echoKey(topic, new TextDecoder().decode(payload));
        if (this.echoesDue.has(key)) this.expectEcho(key, -1);
      }
      this.listener.message(topic, payload, packet.retain, packet.qos);
    });
  }

  private setStatus(status: ConnectionStatus, detail: string, nextAttemptAt: number | null = null): void {
    this.status = status;
    this.lastDetail = detail;
    this.lastProblem = status === 'error' ? detail : '';
    this.listener.status(status, detail, nextAttemptAt);
  }
}

const echoKey = (topic: string, text: string) => `${topic}\u0000${text}`;
