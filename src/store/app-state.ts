/**
 * The application state: its types, its initial value and the named actions that change it.
 * Plain data only, so it can be persisted, restored and tested without a DOM.
 */
import type { ConnectionStatus, LastWill } from '../mqtt/session.js';
import type { DecodedPayload } from '../mqtt/payload.js';
import { createStore, type Store } from './store.js';

/** The topic of the hello_mqtt component in Home Assistant. */
export const DEFAULT_TOPIC = 'edzna/hello';
/** Home Assistant's default keepalive, in seconds. */
export const DEFAULT_KEEPALIVE = 60;
/** What the entity shows before its first message, as in hello_mqtt. */
export const NO_MESSAGES = 'No messages';

/** A connection as the user configured it (Home Assistant's `mqtt:` block, over WebSocket). */
export interface ConnectionConfig {
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

/** The last message received on the entity's topic. */
export interface LastMessage extends DecodedPayload {
  /** The topic it was published to (the entity's topic may be a filter with wildcards). */
  readonly topic: string;
  /** Milliseconds since the epoch. */
  readonly receivedAt: number;
  readonly retained: boolean;
}

/** A set_state message on its way: kept (in IndexedDB) until the broker acknowledges it. */
export interface OutboxItem {
  readonly id: number;
  readonly topic: string;
  readonly text: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** queued: waits for a connection; sending: awaits the PUBACK; sent: acknowledged. */
  readonly state: 'queued' | 'sending' | 'sent';
}

/** How many acknowledged messages stay listed, so the user sees that they went out. */
export const SENT_SHOWN = 3;

/** Whether the browser offers to install the app, and how. */
export type InstallOffer =
  /** The browser fired beforeinstallprompt: an Install button can prompt. */
  | 'available'
  /** iOS Safari: no prompt exists; the user adds it through the Share menu. */
  | 'ios'
  /** Running as an installed app, or just installed. */
  | 'installed'
  | 'unavailable';

/** What the browser and device allow: network, install, offline use, storage. */
export interface DeviceState {
  readonly online: boolean;
  /** https or localhost: needed for the service worker, install and wss:// from https. */
  readonly secureContext: boolean;
  readonly install: InstallOffer;
  /** The service worker has cached the app: it opens without a network. */
  readonly offlineReady: boolean;
  /** A new version is downloaded and waits for the user to reload. */
  readonly updateAvailable: boolean;
  /** The browser promised not to evict our data (null: not asked yet or not supported). */
  readonly persistentStorage: boolean | null;
}

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** The broker URL, or what went wrong in words. */
  readonly detail: string;
  /** When the next reconnect try is due (ms since the epoch), while one is scheduled. */
  readonly nextAttemptAt: number | null;
}

export interface AppState {
  readonly config: ConnectionConfig;
  /** The hello_mqtt entity's topic. */
  readonly topic: string;
  /** Why the topic is not subscribed, when it could not be. */
  readonly topicProblem: string;
  /** The broker has acknowledged the subscription to `topic` on the current connection. */
  readonly subscribed: boolean;
  readonly connection: ConnectionState;
  /** The user asked to be connected (and not since to disconnect): reconnect on the next start. */
  readonly wantsConnection: boolean;
  readonly lastMessage: LastMessage | null;
  /** Messages set and not yet acknowledged, oldest first, then the last few sent. */
  readonly outbox: readonly OutboxItem[];
  /** Why the last Set state was refused before it was queued (empty when it was not). */
  readonly publishProblem: string;
  /** Whether changes are saved in this browser, and why not when they are not. */
  readonly storage: { readonly saving: boolean; readonly problem: string };
  readonly device: DeviceState;
  /** The build's version, shown in About (and how a test tells two builds apart). */
  readonly version: string;
  /** What the user typed and has not sent yet; kept so that a reload loses nothing. */
  readonly drafts: Drafts;
}

/** Typed input not yet acted on. */
export interface Drafts {
  readonly newState: string;
  /** The connection form as edited since the last Connect; null when it shows `config`. */
  readonly connection: ConnectionConfig | null;
}

export type AppStore = Store<AppState>;

/** A client ID unique to this install, as mqtt.js would make one, but kept across reloads. */
export function generateClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `hello-mqtt-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function defaultConfig(clientId = generateClientId()): ConnectionConfig {
  return {
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

export function initialState(overrides: Partial<AppState> = {}): AppState {
  return {
    config: defaultConfig(),
    topic: DEFAULT_TOPIC,
    topicProblem: '',
    subscribed: false,
    connection: { status: 'disconnected', detail: '', nextAttemptAt: null },
    wantsConnection: false,
    lastMessage: null,
    outbox: [],
    publishProblem: '',
    storage: { saving: true, problem: '' },
    device: {
      online: true,
      secureContext: true,
      install: 'unavailable',
      offlineReady: false,
      updateAvailable: false,
      persistentStorage: null,
    },
    drafts: { newState: '', connection: null },
    version: '',
    ...overrides,
  };
}

export function createAppStore(initial: AppState = initialState()): AppStore {
  return createStore(initial);
}

/** The entity's state as hello_mqtt defines it: the last payload, or `No messages`. */
export function entityState(state: AppState): string {
  return state.lastMessage?.text ?? NO_MESSAGES;
}

// Named actions. Each replaces the state through the store so every subscriber sees it.

/** Connect takes what the form holds: the configuration is saved and the form draft is done. */
export function connectRequested(store: AppStore, config: ConnectionConfig): void {
  store.update((s) => ({ ...s, config, wantsConnection: true, drafts: { ...s.drafts, connection: null } }));
}

export function disconnectRequested(store: AppStore): void {
  store.update((s) => ({ ...s, wantsConnection: false }));
}

export function connectionChanged(
  store: AppStore,
  status: ConnectionStatus,
  detail: string,
  nextAttemptAt: number | null = null,
): void {
  store.update((s) =>
    s.connection.status === status && s.connection.detail === detail && s.connection.nextAttemptAt === nextAttemptAt
      ? s
      : { ...s, connection: { status, detail, nextAttemptAt }, subscribed: s.subscribed && status === 'connected' },
  );
}

/** A new topic starts from what was last seen on it (or nothing). */
export function topicChanged(store: AppStore, topic: string, lastMessage: LastMessage | null): void {
  store.update((s) => ({ ...s, topic, topicProblem: '', subscribed: false, lastMessage }));
}

export function topicSubscribed(store: AppStore, topic: string): void {
  store.update((s) => (s.topic === topic && !s.subscribed ? { ...s, subscribed: true, topicProblem: '' } : s));
}

export function topicRefused(store: AppStore, reason: string): void {
  store.update((s) => ({ ...s, topicProblem: reason }));
}

export function messageReceived(store: AppStore, message: LastMessage): void {
  store.update((s) => ({ ...s, lastMessage: message }));
}

export function publishRefused(store: AppStore, publishProblem: string): void {
  store.update((s) => (s.publishProblem === publishProblem ? s : { ...s, publishProblem }));
}

/** Sent items go last; only the newest SENT_SHOWN of them stay. Pending keep their order. */
function orderOutbox(items: readonly OutboxItem[]): readonly OutboxItem[] {
  const pending = items.filter((i) => i.state !== 'sent');
  const sent = items.filter((i) => i.state === 'sent').slice(-SENT_SHOWN);
  return [...pending, ...sent];
}

/**
 * The outbox as stored (`saved`, oldest first, all unsent). What this tab already knows keeps
 * its state (a message being sent stays "sending"); a queued message no longer stored was
 * sent or cancelled by another tab; messages kept only in memory (negative ids) stay.
 */
export function outboxLoaded(store: AppStore, saved: readonly OutboxItem[]): void {
  store.update((s) => {
    const known = new Map(s.outbox.map((i) => [i.id, i]));
    const savedIds = new Set(saved.map((i) => i.id));
    const fromStorage = saved.map((i) => known.get(i.id) ?? i);
    const kept = s.outbox.filter((i) => !savedIds.has(i.id) && (i.state !== 'queued' || i.id < 0));
    return { ...s, outbox: orderOutbox([...fromStorage, ...kept]) };
  });
}

export function outboxAdded(store: AppStore, item: OutboxItem): void {
  store.update((s) => ({ ...s, publishProblem: '', outbox: orderOutbox([...s.outbox, item]) }));
}

export function outboxItemChanged(store: AppStore, id: number, state: OutboxItem['state']): void {
  store.update((s) => {
    const item = s.outbox.find((i) => i.id === id);
    if (item === undefined || item.state === state) return s;
    const outbox = s.outbox.map((i) => (i.id === id ? { ...i, state } : i));
    // A sent item moves to the end of the list, after everything still pending.
    return { ...s, outbox: state === 'sent' ? orderOutbox([...outbox.filter((i) => i.id !== id), { ...item, state }]) : outbox };
  });
}

export function outboxItemRemoved(store: AppStore, id: number): void {
  store.update((s) => (s.outbox.some((i) => i.id === id) ? { ...s, outbox: s.outbox.filter((i) => i.id !== id) } : s));
}

/** A save succeeded again (space was freed, the database came back): the warning goes. */
export function storageRecovered(store: AppStore): void {
  store.update((s) => (s.storage.saving && s.storage.problem === '' ? s : { ...s, storage: { saving: true, problem: '' } }));
}

export function storageFailed(store: AppStore, problem: string): void {
  store.update((s) => (s.storage.problem === problem ? s : { ...s, storage: { saving: false, problem } }));
}

/** A follower tab takes on what the leader tab owns. */
export function sharedStateReceived(store: AppStore, shared: Partial<AppState>): void {
  store.update((s) => {
    // A message copies every object: keep ours where nothing changed, so that this tab
    // neither re-renders nor re-saves what it already has.
    const changed = Object.entries(shared).filter(
      ([key, value]) => JSON.stringify(s[key as keyof AppState]) !== JSON.stringify(value),
    );
    return changed.length === 0 ? s : { ...s, ...Object.fromEntries(changed) };
  });
}

export function deviceChanged(store: AppStore, change: Partial<DeviceState>): void {
  store.update((s) => {
    const device = { ...s.device, ...change };
    const same = (Object.keys(change) as (keyof DeviceState)[]).every((key) => s.device[key] === device[key]);
    return same ? s : { ...s, device };
  });
}

export function newStateDrafted(store: AppStore, newState: string): void {
  store.update((s) => (s.drafts.newState === newState ? s : { ...s, drafts: { ...s.drafts, newState } }));
}

export function connectionDrafted(store: AppStore, connection: ConnectionConfig | null): void {
  store.update((s) => (s.drafts.connection === connection ? s : { ...s, drafts: { ...s.drafts, connection } }));
}
