/**
 * The application: connects the MQTT session, the store and the database, and offers the
 * commands the views call. Everything here is plain TypeScript, testable without a DOM.
 */
import { loadLastMessage, type AppDB } from '../db/database.js';
import { decodePayload } from '../mqtt/payload.js';
import type { Session, SessionListener } from '../mqtt/session.js';
import { checkPublishTopic, checkSubscribeTopic, topicMatches } from '../mqtt/topic.js';
import {
  connectRequested,
  connectionChanged,
  connectionDrafted,
  deviceChanged,
  disconnectRequested,
  newStateDrafted,
  messageReceived,
  outboxItemChanged,
  publishRefused,
  sharedStateReceived,
  topicChanged,
  topicRefused,
  topicSubscribed,
  type AppStore,
  type ConnectionConfig,
} from '../store/app-state.js';
import { checkConnectionConfig, type ConfigProblem } from './connection-form-check.js';
import { frameBatch, nextFrame, type Scheduler } from './frame-batch.js';
import { Outbox } from './outbox.js';
import { sharedState, sharedStateChanged, type TabLink } from './tabs.js';

/** What the views may ask of the app. */
export interface AppCommands {
  /** Saves the configuration and connects with it; returns the problem if it is not valid. */
  connect(config: ConnectionConfig): Promise<ConfigProblem | null>;
  disconnect(): Promise<void>;
  /** Moves the entity to another topic; refused with a reason in the store if invalid. */
  changeTopic(topic: string): Promise<void>;
  /**
   * hello_mqtt's set_state: publishes `text` to the entity's topic, through the durable
   * outbox (queued while offline). Refused with a reason in the store if the topic cannot
   * be published to.
   */
  setState(text: string): Promise<void>;
  /** Takes a queued message out of the outbox before it is sent. */
  cancelQueued(id: number): Promise<void>;
  /** Keeps what is typed in the New state field, so a reload does not lose it. */
  draftNewState(text: string): void;
  /** Keeps the connection form as edited (null: back to the saved configuration). */
  draftConnection(config: ConnectionConfig | null): void;
  /** Shows the browser's install prompt (when the store says one is available). */
  install(): Promise<void>;
  /** Activates the waiting new version; the page reloads. */
  applyUpdate(): Promise<void>;
}

/** What the browser offers beyond the page: provided by src/pwa/, absent in tests. */
export interface Platform {
  promptInstall(): Promise<void>;
  applyUpdate(): Promise<void>;
}

const NO_PLATFORM: Platform = {
  promptInstall: async () => undefined,
  applyUpdate: async () => undefined,
};

export interface App {
  readonly store: AppStore;
  readonly commands: AppCommands;
}

/** The app as main.ts holds it: also told about the network, and able to stop. */
export interface RunningApp extends App {
  /**
   * Runs the app: connects now when a link asked for it, then, once this tab holds the
   * connection (at once without other tabs), restores the outbox and resumes the connection
   * the user left on.
   */
  start(options: { connect: boolean }): Promise<void>;
  /** The browser went online or offline: reconnect at once when it comes back. */
  networkChanged(online: boolean): void;
  dispose(): Promise<void>;
}

export interface AppOptions {
  readonly store: AppStore;
  /** Null when the browser cannot store anything. */
  readonly db: AppDB | null;
  readonly schedule?: Scheduler;
  /** The MQTT session: main.ts runs it in a worker (mqtt/worker-session.ts). */
  readonly createSession: (listener: SessionListener) => Session;
  readonly now?: () => number;
  readonly platform?: Platform;
  /** The page's `location.protocol`, for the mixed-content check. */
  readonly pageProtocol?: string;
  /** How this tab coordinates with the app's other tabs; absent: it is the only one. */
  readonly tabs?: TabLink;
}

interface Arrival {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly retained: boolean;
  readonly receivedAt: number;
}

export function createApp({
  store,
  db,
  schedule = nextFrame,
  createSession,
  now = Date.now,
  platform = NO_PLATFORM,
  pageProtocol = 'http:',
  tabs,
}: AppOptions): RunningApp {
  // Only the newest message of a frame is shown, so only that one is decoded.
  const arrive = frameBatch<Arrival>((batch) => {
    const last = batch[batch.length - 1]!;
    if (!topicMatches(store.getState().topic, last.topic)) return;
    messageReceived(store, {
      ...decodePayload(last.payload),
      topic: last.topic,
      receivedAt: last.receivedAt,
      retained: last.retained,
    });
  }, schedule);

  const session = createSession({
    status: (status, detail, nextAttemptAt) => {
      connectionChanged(store, status, detail, nextAttemptAt);
      if (status === 'connected') outbox.pump();
    },
    message: (topic, payload, retained) => {
      if (topicMatches(store.getState().topic, topic)) arrive({ topic, payload, retained, receivedAt: now() });
    },
    subscribed: (filters) => {
      for (const filter of filters) topicSubscribed(store, filter);
    },
    subscribeFailed: (reason) => topicRefused(store, reason),
  });

  const outbox = new Outbox(store, db, session, now);

  const subscribe = (topic: string) =>
    session.subscribe(topic).catch((error: unknown) => topicRefused(store, (error as Error).message));
  void subscribe(store.getState().topic);

  /** What the tab holding the connection does; other tabs ask it through the tab link. */
  const own = {
    async connect(config: ConnectionConfig): Promise<void> {
      connectRequested(store, config);
      await session.connect({
        url: config.brokerUrl,
        clientId: config.clientId,
        keepalive: config.keepalive,
        username: config.username,
        password: config.password,
        cleanSession: config.cleanSession,
        protocolVersion: config.protocolVersion,
        will: config.will,
      });
    },

    async disconnect(): Promise<void> {
      disconnectRequested(store);
      await session.disconnect();
    },

    async changeTopic(topic: string): Promise<void> {
      let last = null;
      try {
        last = db === null ? null : await loadLastMessage(db, topic);
      } catch {
        // Nothing saved for it can be read: the entity starts from No messages.
      }
      // Read after the await: another change may have come first.
      const previous = store.getState().topic;
      topicChanged(store, topic, last);
      await session.unsubscribe(previous).catch(() => undefined);
      await subscribe(topic);
    },
  };

  let leading = tabs === undefined;

  const commands: AppCommands = {
    async connect(config) {
      const problem = checkConnectionConfig(config, pageProtocol);
      if (problem !== null) {
        connectRequested(store, config);
        connectionChanged(store, 'error', problem.reason);
        return problem;
      }
      if (leading) {
        await own.connect(config);
      } else {
        connectRequested(store, config);
        tabs?.post({ type: 'connect', config });
      }
      return null;
    },

    async disconnect() {
      if (leading) await own.disconnect();
      else tabs?.post({ type: 'disconnect' });
    },

    async changeTopic(input) {
      const topic = input.trim();
      if (topic === store.getState().topic) return topicRefused(store, '');
      const check = checkSubscribeTopic(topic);
      if (!check.ok) return topicRefused(store, check.reason);
      if (leading) await own.changeTopic(topic);
      else tabs?.post({ type: 'change-topic', topic });
    },

    async setState(text) {
      const { topic } = store.getState();
      const check = checkPublishTopic(topic);
      if (!check.ok) return publishRefused(store, check.reason);
      await outbox.add(topic, text);
      if (!leading) tabs?.post({ type: 'outbox-changed' });
      // The text is safe in the outbox now. Clear the draft only if it is still what was
      // queued: typing may have gone on.
      if (store.getState().drafts.newState === text) newStateDrafted(store, '');
    },

    async cancelQueued(id) {
      await outbox.cancel(id);
      if (!leading) tabs?.post({ type: 'outbox-changed' });
    },

    draftNewState(text) {
      newStateDrafted(store, text);
    },

    draftConnection(config) {
      connectionDrafted(store, config);
    },

    install: () => platform.promptInstall(),
    applyUpdate: () => platform.applyUpdate(),
  };

  if (tabs !== undefined) {
    // The leader tells the others every change of what it owns; they mirror it.
    store.subscribe((state, previous) => {
      if (leading && sharedStateChanged(state, previous)) tabs.post({ type: 'state', state: sharedState(state) });
    });
    tabs.onMessage((message) => {
      if (!leading) {
        if (message.type === 'state') sharedStateReceived(store, message.state);
        return;
      }
      switch (message.type) {
        case 'hello':
          return tabs.post({ type: 'state', state: sharedState(store.getState()) });
        case 'outbox-changed':
          return void outbox.load();
        case 'connect':
          return void own.connect(message.config);
        case 'disconnect':
          return void own.disconnect();
        case 'change-topic':
          return void own.changeTopic(message.topic);
        default:
          return undefined;
      }
    });
    tabs.post({ type: 'hello' });
  }

  /**
   * Counts the changes of leadership: a lead() still on its way when this tab had to step
   * down must not go on to connect.
   */
  let term = 0;

  /** This tab holds the connection from now on: it picks it up where it was left. */
  async function lead(): Promise<void> {
    const mine = ++term;
    const stillLeading = () => term === mine;
    leading = true;
    tabs?.post({ type: 'state', state: sharedState(store.getState()) });
    // As a follower, the topic may have changed under this session: follow the current one.
    const { topic } = store.getState();
    for (const stale of session.subscriptions.filter((t) => t !== topic)) await session.unsubscribe(stale);
    // Only when it changed: the session already subscribes to its topics on every connect.
    if (!session.subscriptions.includes(topic)) await subscribe(topic);
    if (!stillLeading()) return;
    // "Sending" was the old leader's message in flight: unconfirmed, it is this tab's to send.
    for (const item of store.getState().outbox) {
      if (item.state === 'sending') outboxItemChanged(store, item.id, 'queued');
    }
    await outbox.load();
    if (!stillLeading()) return;
    // A new leader (or the only tab) picks the connection up where it was left.
    const { config, wantsConnection } = store.getState();
    if (wantsConnection && !session.active && checkConnectionConfig(config, pageProtocol) === null) {
      await own.connect(config);
    }
  }

  /** Another tab holds the connection now: this one lets go of its own and mirrors that one. */
  async function follow(): Promise<void> {
    term++;
    leading = false;
    await session.disconnect({ announce: false });
    tabs?.post({ type: 'hello' });
    // What it had in flight is unconfirmed: the leader reads the outbox again and sends it.
    tabs?.post({ type: 'outbox-changed' });
  }

  return {
    store,
    commands,
    async start({ connect }) {
      if (connect) await commands.connect(store.getState().config);
      if (tabs === undefined) return lead();
      await new Promise<void>((resolve, reject) => {
        tabs.onLeadership((leadingNow) => void (leadingNow ? lead().then(resolve, reject) : follow()));
      });
    },
    networkChanged(online) {
      deviceChanged(store, { online });
      if (online) session.reconnectNow();
    },
    dispose: () => session.disconnect({ announce: false }),
  };
}
