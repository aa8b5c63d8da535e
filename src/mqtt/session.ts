/**
 * The MQTT session: owns the mqtt.js client, turns its events into a connection status in
 * plain words, owns the one retry loop (backoff, failover between several broker URLs),
 * subscribes what it is told is wanted on every connection (subscriptions.ts), and publishes.
 * mqtt.js is imported on the first connect, so the first paint never waits for it.
 */
import type { ClientSubscribeCallback, IClientOptions, MqttClient } from 'mqtt';
import { backoffDelay } from './backoff.js';
import { checkBrokerUrls } from './broker-url.js';
import { keepAliveWhileReceiving } from './keepalive.js';
import {
  describeNoConnack,
  describeRefusal,
  describeServerDisconnect,
  describeShortConnections,
  SESSION_TAKEN_OVER,
  describeUnreachable,
  isFinalRefusal,
  isRefusal,
} from './errors.js';
import { Subscriptions, type FilterStatuses, type SubscriptionTransport } from './subscriptions.js';
import { checkPublishTopic } from './topic.js';

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
    subscribe: (filters) =>
      new Promise((resolve, reject) => {
        // QoS 1: with a persistent session, messages published while away are kept for us.
        client.subscribe([...filters], { qos: 1 }, (error, _granted, packet) => {
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

  constructor(
    private readonly listener: SessionListener,
    private readonly load: () => Promise<ConnectFunction> = loadMqtt,
    private readonly connectTimeoutMs = CONNECT_TIMEOUT_MS,
  ) {
    this.subscriptions = new Subscriptions((statuses) => this.listener.filters(statuses));
  }

  get connected(): boolean {
    return this.client?.connected === true;
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
    // With several brokers, the next try goes to the next one.
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
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
    if (client === null || !client.connected) {
      throw new SessionError('Not connected to a broker, so nothing was sent.');
    }
    await new Promise<void>((resolve, reject) => {
      this.inFlight.add(reject);
      client
        .publishAsync(topic, text, { qos, retain })
        .then(() => resolve(), reject)
        .finally(() => this.inFlight.delete(reject));
    });
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

  private watch(client: MqttClient, url: string, generation: number): void {
    const current = () => generation === this.generation;
    let connectedSinceClose = false;
    let connectedAt = 0;

    client.on('connect', () => {
      if (!current()) return;
      connectedSinceClose = true;
      connectedAt = Date.now();
      this.setStatus('connected', url);
      // Even when the broker kept the session, the filters may have changed while away.
      this.subscriptions.attach(subscriptionTransport(client));
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
      if (current()) this.listener.message(topic, payload, packet.retain, packet.qos);
    });
  }

  private setStatus(status: ConnectionStatus, detail: string, nextAttemptAt: number | null = null): void {
    this.status = status;
    this.lastDetail = detail;
    this.lastProblem = status === 'error' ? detail : '';
    this.listener.status(status, detail, nextAttemptAt);
  }
}
