/**
 * The MQTT session: owns the one mqtt.js client, turns its events into a connection status
 * in plain words, keeps the wanted subscriptions across reconnects, and publishes.
 * mqtt.js is imported on the first connect, so the first paint never waits for it.
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import { backoffDelay } from './backoff.js';
import { checkBrokerUrl } from './broker-url.js';
import { describeNoConnack, describeRefusal, describeUnreachable, isFinalRefusal, isRefusal } from './errors.js';
import { checkPublishTopic, checkSubscribeTopic } from './topic.js';

export type ConnectionStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** What a connection needs, as the user configured it. */
export interface ConnectionSettings {
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
}

/** Receives everything the session observes. */
export interface SessionListener {
  /**
   * `detail` is the broker URL, or the problem in words when the status is `error`.
   * `nextAttemptAt` (ms since the epoch) is when the next try is due, while one is scheduled.
   */
  status(status: ConnectionStatus, detail: string, nextAttemptAt: number | null): void;
  message(topic: string, payload: Uint8Array, retained: boolean): void;
  /** The broker acknowledged these subscriptions: messages on them now arrive. */
  subscribed(filters: string[]): void;
}

export type ConnectFunction = (url: string, options: IClientOptions) => MqttClient;

/** A failed publish or subscribe, with the reason in words. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
}

/** How long a broker may take to answer CONNECT before the try counts as failed. */
export const CONNECT_TIMEOUT_MS = 10_000;
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

export class MqttSession {
  private client: MqttClient | null = null;
  private readonly topics = new Set<string>();
  /** Rejections of publishes awaiting their PUBACK. */
  private readonly inFlight = new Set<(error: Error) => void>();
  private status: ConnectionStatus = 'disconnected';
  /** The words of the last error, kept while retrying so the reason stays on screen. */
  private lastProblem = '';
  /** Bumped by every connect and disconnect so that events of an old client are ignored. */
  private generation = 0;
  /** The broker refused the credentials: no retry until the user connects again. */
  private refused = false;
  /** Failed tries since the last successful connect, for the backoff. */
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Unsubscribed while offline: sent on the next connect, as a persistent session keeps them. */
  private readonly staleTopics = new Set<string>();

  constructor(
    private readonly listener: SessionListener,
    private readonly load: () => Promise<ConnectFunction> = loadMqtt,
    private readonly connectTimeoutMs = CONNECT_TIMEOUT_MS,
  ) {}

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Connected, connecting or retrying: `connect` was called and `disconnect` was not since. */
  get active(): boolean {
    return this.client !== null;
  }

  /** Connects with these settings, replacing any current connection. */
  async connect(settings: ConnectionSettings): Promise<void> {
    await this.disconnect({ announce: false });
    const generation = this.generation;
    this.refused = false;
    this.attempt = 0;
    const checked = checkBrokerUrl(settings.url);
    if (!checked.ok) {
      this.setStatus('error', checked.reason);
      return;
    }
    const url = checked.url;
    this.setStatus('connecting', url);
    let connect: ConnectFunction;
    try {
      connect = await this.load();
    } catch {
      this.setStatus('error', 'The MQTT library could not be loaded. Reload the page when online.');
      return;
    }
    if (generation !== this.generation) return;
    const client = connect(url, {
      clientId: settings.clientId,
      keepalive: settings.keepalive,
      username: settings.username === '' ? undefined : settings.username,
      password: settings.password === '' ? undefined : settings.password,
      protocolVersion: 4,
      clean: settings.cleanSession === true,
      // mqtt.js retries at a fixed period; this class owns the one retry loop, with backoff.
      reconnectPeriod: 0,
      connectTimeout: this.connectTimeoutMs,
      // Subscriptions are restored by this class on every connect, from one list.
      resubscribe: false,
    });
    this.client = client;
    this.watch(client, url, generation);
  }

  /** Closes the connection; the session stays idle until `connect` is called again. */
  async disconnect({ announce = true }: { announce?: boolean } = {}): Promise<void> {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = null;
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
    const client = this.client;
    if (client === null || client.connected || this.refused) return;
    // Passing the stores keeps what mqtt.js holds for sending (a bare reconnect() drops it).
    client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
  }

  /** Schedules the next try; returns when it is due. */
  private scheduleRetry(): number {
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++);
    this.retryTimer = setTimeout(() => this.retry(), delay);
    return Date.now() + delay;
  }

  /** The topic filters this session subscribes to on every connect. */
  get subscriptions(): readonly string[] {
    return [...this.topics];
  }

  /** Adds a topic filter to the subscriptions; it is (re)subscribed on every connect. */
  async subscribe(filter: string): Promise<void> {
    const check = checkSubscribeTopic(filter);
    if (!check.ok) throw new SessionError(check.reason);
    this.topics.add(filter);
    this.staleTopics.delete(filter);
    if (this.client?.connected) await this.sendSubscribe(this.client, [filter]);
  }

  /** Removes a topic filter from the subscriptions. */
  async unsubscribe(filter: string): Promise<void> {
    this.topics.delete(filter);
    if (this.client?.connected) {
      await this.client.unsubscribeAsync(filter);
    } else {
      this.staleTopics.add(filter);
    }
  }

  /** Publishes text with QoS 1; resolves once the broker has acknowledged it. */
  async publish(topic: string, text: string): Promise<void> {
    const check = checkPublishTopic(topic);
    if (!check.ok) throw new SessionError(check.reason);
    const client = this.client;
    if (client === null || !client.connected) {
      throw new SessionError('Not connected to a broker, so nothing was sent.');
    }
    await new Promise<void>((resolve, reject) => {
      this.inFlight.add(reject);
      client
        .publishAsync(topic, text, { qos: 1, retain: false })
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

  private async sendSubscribe(client: MqttClient, filters: string[]): Promise<void> {
    // QoS 1: with a persistent session, messages published while away are kept for us.
    const granted = await client.subscribeAsync(filters, { qos: 1 });
    const refused = granted.filter((grant) => grant.qos === 128).map((grant) => grant.topic);
    const accepted = granted.filter((grant) => grant.qos !== 128).map((grant) => grant.topic);
    if (accepted.length > 0 && client === this.client) this.listener.subscribed(accepted);
    if (refused.length > 0) {
      throw new SessionError(`The broker refused the subscription to ${refused.join(', ')}.`);
    }
  }

  private watch(client: MqttClient, url: string, generation: number): void {
    const current = () => generation === this.generation;
    let connectedSinceClose = false;

    client.on('connect', () => {
      if (!current()) return;
      connectedSinceClose = true;
      this.attempt = 0;
      this.setStatus('connected', url);
      // Even when the broker kept the session, the topics may have changed while away.
      if (this.staleTopics.size > 0) {
        void client.unsubscribeAsync([...this.staleTopics]).catch(() => undefined);
        this.staleTopics.clear();
      }
      if (this.topics.size > 0) {
        this.sendSubscribe(client, [...this.topics]).catch((error: unknown) => {
          if (current()) this.setStatus('error', (error as Error).message);
        });
      }
    });
    client.on('reconnect', () => {
      // While the last attempt failed, keep its reason on screen rather than flicker.
      if (current() && this.status !== 'error') this.setStatus('reconnecting', url);
    });
    client.on('close', () => {
      if (!current() || this.refused) return;
      const nextAttemptAt = this.scheduleRetry();
      if (connectedSinceClose) {
        connectedSinceClose = false;
        this.setStatus('reconnecting', `connection to ${url} lost.`, nextAttemptAt);
      } else if (this.status === 'error' && this.lastProblem !== '') {
        this.setStatus('error', this.lastProblem, nextAttemptAt);
      } else {
        this.setStatus('error', describeUnreachable(url), nextAttemptAt);
      }
    });
    client.on('error', (error) => {
      if (!current()) return;
      const code = reasonCode(error);
      if (code !== undefined && isFinalRefusal(code)) {
        // Retrying with the same credentials would be refused again: stop until the user acts.
        this.refused = true;
        this.setStatus('error', describeRefusal(code));
        client.end(true);
      } else if (code !== undefined && isRefusal(code)) {
        // "Server unavailable" and the like: the close that follows schedules a later try.
        this.setStatus('error', describeRefusal(code));
      } else if (error.message === 'connack timeout') {
        this.setStatus('error', describeNoConnack(url));
      } else {
        this.setStatus('error', error.message);
      }
    });
    client.on('message', (topic, payload, packet) => {
      if (current()) this.listener.message(topic, payload, packet.retain);
    });
  }

  private setStatus(status: ConnectionStatus, detail: string, nextAttemptAt: number | null = null): void {
    this.status = status;
    this.lastProblem = status === 'error' ? detail : '';
    this.listener.status(status, detail, nextAttemptAt);
  }
}
