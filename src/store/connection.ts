/**
 * The connection slice: the broker configuration as the user set it, the session's status
 * in words, whether the user wants to be connected, and the status of every wanted filter.
 */
import type { FilterStatuses } from '../mqtt/subscriptions.js';
import type { ConnectionStatus, LastWill } from '../mqtt/session.js';
import { createStore, type Store } from './store.js';

/** Home Assistant's default keepalive, in seconds. */
export const DEFAULT_KEEPALIVE = 60;

/** A connection as the user configured it (Home Assistant's `mqtt:` block, over WebSocket). */
export interface ConnectionConfig {
  /** What the user calls this connection (“Home”, “Cabin”); empty: its broker's host. */
  readonly name: string;
  readonly brokerUrl: string;
  readonly clientId: string;
  readonly keepalive: number;
  readonly username: string;
  readonly password: string;
  /** Only then is the password kept across reloads. */
  readonly rememberPassword: boolean;
  /** Start each connection without a broker-side session (off: messages wait for us). */
  readonly cleanSession: boolean;
  /** MQTT 3.1.1 (4) or 5. */
  readonly protocolVersion: 4 | 5;
  /** The last will; no will when its topic is empty. */
  readonly will: LastWill;
}

export interface ConnectionSlice {
  readonly config: ConnectionConfig;
  readonly status: ConnectionStatus;
  /** The broker URL, or what went wrong in words. */
  readonly detail: string;
  /** When the next reconnect try is due (ms since the epoch), while one is scheduled. */
  readonly nextAttemptAt: number | null;
  /** The user asked to be connected (and not since to disconnect): reconnect on the next start. */
  readonly wantsConnection: boolean;
  /** Per wanted topic filter: subscribed, waiting, or refused with the broker's reason. */
  readonly filters: FilterStatuses;
}

export type ConnectionStore = Store<ConnectionSlice>;

/** A client ID unique to this install, as mqtt.js would make one, but kept across reloads. */
export function generateClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `hello-mqtt-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function defaultConfig(clientId = generateClientId()): ConnectionConfig {
  return {
    name: '',
    brokerUrl: '',
    clientId,
    keepalive: DEFAULT_KEEPALIVE,
    username: '',
    password: '',
    rememberPassword: false,
    cleanSession: false,
    protocolVersion: 4,
    will: { topic: '', payload: '', qos: 0, retain: false },
  };
}

export function initialConnection(overrides: Partial<ConnectionSlice> = {}): ConnectionSlice {
  return {
    config: defaultConfig(),
    status: 'disconnected',
    detail: '',
    nextAttemptAt: null,
    wantsConnection: false,
    filters: {},
    ...overrides,
  };
}

export function createConnectionStore(overrides: Partial<ConnectionSlice> = {}): ConnectionStore {
  return createStore(initialConnection(overrides));
}

/** Connect takes what the form holds: that configuration is the one saved. */
export function connectRequested(store: ConnectionStore, config: ConnectionConfig): void {
  store.update((s) => ({ ...s, config, wantsConnection: true }));
}

/** A configuration taken without connecting (an imported setup): not connected until asked. */
export function connectionConfigured(store: ConnectionStore, config: ConnectionConfig): void {
  store.update((s) => ({ ...s, config, wantsConnection: false }));
}

export function disconnectRequested(store: ConnectionStore): void {
  store.update((s) => (s.wantsConnection ? { ...s, wantsConnection: false } : s));
}

export function connectionChanged(
  store: ConnectionStore,
  status: ConnectionStatus,
  detail: string,
  nextAttemptAt: number | null = null,
): void {
  store.update((s) =>
    s.status === status && s.detail === detail && s.nextAttemptAt === nextAttemptAt
      ? s
      : { ...s, status, detail, nextAttemptAt },
  );
}

export function filtersChanged(store: ConnectionStore, filters: FilterStatuses): void {
  store.update((s) => ({ ...s, filters }));
}

/** A follower tab takes on the leader's connection as it is. */
export function connectionMirrored(store: ConnectionStore, mirrored: ConnectionSlice): void {
  store.update(() => mirrored);
}
