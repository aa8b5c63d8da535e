/**
 * The application: connects the MQTT session (in its worker), the stores, the topic store and
 * the database, and offers the commands the views call. Plain TypeScript, testable without a
 * DOM. Data flows one way: the entities say which filters are wanted, the session subscribes
 * them, the records that changed come back once per frame into the topic store, and the
 * views observe what they show.
 */
import { loadTopicRecords, saveEntities, type AppDB } from '../db/database.js';
import { describeStorageError } from '../db/storage-error.js';
import {
  createEntity,
  historyRules,
  publishesToOwnTopic,
  wantedFilters,
  type Entity,
  type EntityConfig,
  type EntityDraft,
  type EntityOptions,
  type EntityProblem,
} from '../entities/entity.js';
import type { PresetDraft } from '../devices/presets.js';
import { checkPublishTopic, checkSubscribeTopic, topicMatches } from '../mqtt/topic.js';
import type { AppStores } from '../store/app-stores.js';
import {
  connectRequested,
  connectionChanged,
  connectionConfigured,
  connectionMirrored,
  disconnectRequested,
  filtersChanged,
  type ConnectionConfig,
} from '../store/connection.js';
import { deviceChanged } from '../store/device.js';
import {
  connectionDrafted,
  entityFormClosed,
  entityFormDrafted,
  entityFormOpened,
  entityPresetDrafted,
  publishDrafted,
  publishSent,
  type PublishDraft,
} from '../store/drafts.js';
import {
  entitiesReplaced,
} from '../store/entities.js';
import { inFlightRequeued, outboxMirrored, publishRefused } from '../store/outbox.js';
import { storageFailed, storageRecovered } from '../store/storage.js';
import { historyBudgetChosen, themeChosen, viewChosen, type Theme, type View } from '../store/ui.js';
import type { TopicRecord } from '../topics/topic-record.js';
import type { TopicStore } from '../topics/topic-store.js';
import type { LiveListener, LiveSession } from '../worker/worker-session.js';
import type { ConfigProblem } from './connection-form-check.js';
import type { Outbox } from './outbox.js';
import { askDevices } from './ask-devices.js';
import type { DeviceControls } from './controls.js';
import type { TabLink } from './tabs.js';
import type { SetupCommands } from './setup-commands.js';
import type { ConnectionCommands } from './connection-commands.js';
import type { EntityChanges } from './entity-changes.js';
import type { HistoryCommands } from './history-commands.js';
import { setupSettled } from '../store/setup.js';
import { discoveryOn, type DiscoverySettings } from '../store/discovery.js';
import type { Discovery } from './discovery.js';

/** A command whose code comes later: it waits for its part to load, then runs. */
function later<P, K extends keyof P>(part: () => Promise<P>, name: K): P[K] {
  return (async (...args: unknown[]) => {
    const loaded = await part();
    // A method of a class (DeviceControls) runs on its object.
    return (loaded[name] as (...a: unknown[]) => unknown).apply(loaded, args);
  }) as P[K];
}

/** What the views may ask of the app. */
export interface AppCommands extends SetupCommands, HistoryCommands, Omit<ConnectionCommands, 'addConnectionWith'> {
  /** Saves the configuration and connects with it; returns the problem if it is not valid. */
  connect(config: ConnectionConfig): Promise<ConfigProblem | null>;
  disconnect(): Promise<void>;
  /**
   * Publishes `text` from an entity, through the durable outbox (queued while offline), with
   * the entity's QoS and retain flag: to its topic, or for an entity on a filter to the topic
   * in its publish draft. Refused with a reason in the store if that topic cannot be used.
   */
  publish(entityId: string, text: string): Promise<void>;
  /** Takes a queued message out of the outbox before it is sent. */
  cancelQueued(id: number): Promise<void>;
  /** Keeps what is typed in an entity's publish form, so a reload does not lose it. */
  draftPublish(entityId: string, change: Partial<PublishDraft>): void;
  /** Keeps the connection form as edited (null: back to the saved configuration). */
  draftConnection(config: ConnectionConfig | null): void;
  /** Opens the entity form: for the entity with this id, or for a new one (null). */
  openEntityForm(entityId: string | null): void;
  draftEntityForm(draft: EntityDraft): void;
  /** The add form's device preset. */
  draftEntityPreset(preset: PresetDraft): void;
  closeEntityForm(): void;
  /** Saves the entity form; returns what is wrong with it instead, if anything. */
  saveEntityForm(): Promise<EntityProblem | null>;
  /** Adds several entities at once (a device preset); returns what is wrong instead, if anything. */
  addEntities(configs: readonly EntityConfig[]): Promise<EntityProblem | null>;
  /** A switch's tap: the other state, confirmed by the device. */
  toggleSwitch(entityId: string): Promise<void>;
  /** A number's or a select's new value, confirmed by the device. */
  setControlValue(entityId: string, value: string): Promise<void>;
  pressButton(entityId: string): Promise<void>;
  /** Switches discovery sources on or off, or changes their prefix or base topic. */
  configureDiscovery(change: Partial<DiscoverySettings>): Promise<void>;
  /** Shows a discovered entity on the dashboard (true), or hides it (false). */
  showDiscovered(entityId: string, shown: boolean): Promise<void>;
  /** Opens the entity form on a copy of a discovered entity, to be added to the user's own list. */
  copyDiscovered(entityId: string): void;
  /**
   * Follows these topics or filters while a form needs them (a sensor's live preview, a
   * device being looked for), beside what the entities follow; [] when the form closes.
   */
  previewTopics(filters: readonly string[]): void;
  /** Publishes once, not through the outbox (a question to a device); refused while not connected. */
  ask(topic: string, payload: string): Promise<void>;
  /** Changes options that the entity's own controls set (payload view, QoS, retain). */
  updateEntityOptions(entityId: string, change: Partial<EntityOptions>): Promise<void>;
  /** Removes an entity; Undo can bring it back for a while. */
  removeEntity(entityId: string): Promise<void>;
  undoRemove(): Promise<void>;
  dismissUndo(): void;
  /** Moves an entity to another place in the order. */
  moveEntity(entityId: string, index: number): Promise<void>;
  showView(view: View): void;
  chooseTheme(theme: Theme): void;
  /** Shows the browser's install prompt (when the store says one is available). */
  install(): Promise<void>;
  /** Activates the waiting new version; the page reloads. */
  applyUpdate(): Promise<void>;
}

/** What the browser offers beyond the page: provided by src/pwa/, absent in tests. */
export interface Platform {
  promptInstall(): Promise<void>;
  applyUpdate(): Promise<void>;
  /** Shows another saved connection in this tab (a navigation: it has its own database). */
  openConnection(id: string): void;
}

const NO_PLATFORM: Platform = {
  promptInstall: async () => undefined,
  applyUpdate: async () => undefined,
  openConnection: () => undefined,
};

/** What the views get: the slow state, the topics, and the commands. */
export interface App {
  readonly stores: AppStores;
  readonly topics: TopicStore;
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
  readonly stores: AppStores;
  readonly topics: TopicStore;
  /** Null when the browser cannot store anything. */
  readonly db: AppDB | null;
  /** The filters whose saved records main.ts already put in the topic store. */
  readonly restoredFilters?: readonly string[];
  /** The MQTT session: main.ts runs it in a worker (worker/worker-session.ts). */
  readonly createSession: (listener: LiveListener) => LiveSession;
  readonly now?: () => number;
  readonly platform?: Platform;
  /** The page's `location.protocol`, for the mixed-content check. */
  readonly pageProtocol?: string;
  /** How this tab coordinates with the app's other tabs; absent: it is the only one. */
  readonly tabs?: TabLink;
  /** How long Undo is offered after a removal. */
  readonly undoMs?: number;
}

/** Undo stays on offer this long after a removal. */
export const UNDO_MS = 10_000;

export function createApp({
  stores,
  topics,
  db,
  restoredFilters = [],
  createSession,
  now = Date.now,
  platform = NO_PLATFORM,
  pageProtocol = 'http:',
  tabs,
  undoMs = UNDO_MS,
}: AppOptions): RunningApp {
  const { connection, entities, outbox: outboxStore, drafts, device, storage, ui } = stores;
  let leading = tabs === undefined;
  /** A follower has said hello: the leader passes on what changes. */
  let followed = false;

  const session = createSession({
    status: (status, detail, nextAttemptAt) => {
      connectionChanged(connection, status, detail, nextAttemptAt);
      if (status !== 'connected') return;
      void outbox().then((o) => o.pump());
      // Devices that keep no retained state are asked for it on every connection.
      if (leading) askDevices(allEntities(), askNow);
    },
    records: (records) => {
      topics.apply(records);
      if (leading && followed) tabs?.post({ type: 'records', records });
    },
    filters: (statuses) => filtersChanged(connection, statuses),
    storage: (problem) => (problem === '' ? storageRecovered(storage) : storageFailed(storage, problem)),
  });

  /**
   * The outbox's code comes after the first paint: nothing it holds is read before lead()
   * loads it, and a publish waits for it.
   */
  let outboxPart: Promise<Outbox> | undefined;
  const outbox = () =>
    (outboxPart ??= import('./outbox.js').then((part) => new part.Outbox(outboxStore, storage, db, session, now)));
  /** Publishes a question to a device from any tab: a follower has the leader publish it. */
  async function askThroughLeader(topic: string, payload: string): Promise<void> {
    if (leading) await askNow(topic, payload);
    else tabs?.post({ type: 'ask', topic, payload });
  }

  /**
   * Entities just added are asked for their state once the topics they follow are subscribed
   * (an answer that came before would be lost), if connected; later, on connect.
   */
  function askNewDevices(added: readonly Entity[]): void {
    const asking = added.filter((entity) => entity.kind !== 'text' && entity.device.askTopic !== '');
    if (asking.length === 0) return;
    const filters = wantedFilters(asking);
    const settled = () =>
      filters.every((filter) => {
        const state = connection.getState().filters[filter]?.state;
        return state === 'subscribed' || state === 'refused';
      });
    const ask = () => {
      stop();
      clearTimeout(timer);
      const connected = leading ? session.connected : connection.getState().status === 'connected';
      if (connected) askDevices(asking, askThroughLeader);
    };
    const stop = connection.subscribe(() => settled() && ask());
    const timer = setTimeout(ask, 5000);
    if (settled()) ask();
  }

  /** Loaded on the first command to a device: the dashboard's first paint does without it. */
  let controls: Promise<DeviceControls> | undefined;
  const deviceControls = () =>
    (controls ??= Promise.all([import('./controls.js'), outbox()]).then(
      ([{ DeviceControls }, box]) => new DeviceControls(stores, topics, box, now, () => (leading ? undefined : tabs?.post({ type: 'outbox-changed' }))),
    ));
  const askNow = (topic: string, payload: string) => session.publish(topic, payload, { qos: 0, retain: false });

  /** What open forms follow besides the entities (a sensor's live payload, a device asked). */
  let preview: readonly string[] = [];
  /** In the leader: what a follower's open form follows (its records reach it with the others). */
  let followerPreview: readonly string[] = [];

  /** Filters whose saved records are in the topic store. */
  const loaded = new Set(restoredFilters);

  /** What discovery follows: its sources' config topics, and the entities it shows. */
  let discoverySources: readonly string[] = [];
  let discovered: readonly Entity[] = [];
  /** The user's entities and the discovered ones shown: all that is subscribed, recorded and asked. */
  const allEntities = () => (discovered.length === 0 ? entities.getState().list : [...entities.getState().list, ...discovered]);

  /**
   * Brings topics and subscriptions in line with the entities (and what an open form
   * previews): records nothing follows go, saved ones of new filters come in, and the session
   * (in the leading tab) is told.
   */
  async function syncTopics(): Promise<void> {
    const filters = [...new Set([...wantedFilters(allEntities()), ...discoverySources, ...preview, ...(leading ? followerPreview : [])])];
    topics.retain((topic) => filters.some((filter) => topicMatches(filter, topic)));
    for (const filter of [...loaded]) if (!filters.includes(filter)) loaded.delete(filter);
    const fresh = filters.filter((filter) => !loaded.has(filter));
    for (const filter of fresh) loaded.add(filter);
    if (leading) tellSession(filters);
    if (db === null || fresh.length === 0) return;
    let saved: TopicRecord[] = [];
    try {
      saved = await loadTopicRecords(db, fresh);
    } catch {
      // Nothing saved can be read: those topics start from No messages.
    }
    // What arrived meanwhile is newer than what was saved.
    topics.apply(saved.filter((record) => (topics.get(record.topic)?.receivedAt ?? -1) < record.receivedAt));
  }

  /** What the session (in the leading tab) records and subscribes; history first, for the first message. */
  function tellSession(filters: readonly string[]): void {
    tellHistory();
    session.setFilters(filters, discoverySources);
  }

  function tellHistory(): void {
    session.setHistory(historyRules(allEntities()), ui.getState().historyBudget);
  }

  /** After every change of the entities in this tab: saved, told to the other tabs, followed. */
  async function entitiesChanged(): Promise<void> {
    const { list } = entities.getState();
    tabs?.post({ type: 'entities', list });
    const sync = syncTopics();
    if (db !== null) {
      await saveEntities(db, list).then(
        () => storageRecovered(storage),
        (error: unknown) => storageFailed(storage, describeStorageError(error)),
      );
    }
    await sync;
  }

  /** Loaded on the first change of the entities: the first paint only shows them. */
  let entityChangesPart: Promise<EntityChanges> | undefined;
  const entityChanges = () =>
    (entityChangesPart ??= import('./entity-changes.js').then((part) =>
      part.entityChanges({ stores, entitiesChanged, askNewDevices, undoMs }),
    ));

  /** What the tab holding the connection does; other tabs ask it through the tab link. */
  const own = {
    async connect(config: ConnectionConfig): Promise<void> {
      connectRequested(connection, config);
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
      disconnectRequested(connection);
      await session.disconnect();
    },

    /** Takes a configuration without connecting: any connection of the old one ends. */
    async configure(config: ConnectionConfig): Promise<void> {
      if (session.active) await session.disconnect();
      connectionConfigured(connection, config);
    },
  };

  const findEntity = (id: string) => allEntities().find((e) => e.id === id);

  /** The checks of a configuration come with the first connect: the first paint needs none of them. */
  const checkConnection = async (config: ConnectionConfig) =>
    (await import('./connection-form-check.js')).checkConnectionConfig(config, pageProtocol);

  /** The saved connections' code and list come after the first paint (start() loads them). */
  let connectionsPart: Promise<ConnectionCommands> | undefined;
  const savedConnections = () =>
    (connectionsPart ??= import('./connection-commands.js').then((part) =>
      part.connectionCommands({ stores, open: (id) => platform.openConnection(id), now }),
    ));

  /** Loaded when a history is first shown or cleared. */
  let historyPart: Promise<HistoryCommands> | undefined;
  const historyCommands = () =>
    (historyPart ??= import('./history-commands.js').then((part) =>
      part.historyCommands({
        stores,
        db,
        cleared: () => (leading ? session.historyCleared() : tabs?.post({ type: 'history-cleared' })),
        budgetChosen: (bytes) => {
          tabs?.post({ type: 'history-budget', bytes });
          if (leading) tellHistory();
        },
      }),
    ));

  /** Loaded on the first export, import or share link: the first paint does without it. */
  let setupPart: Promise<SetupCommands> | undefined;
  const setup = () =>
    (setupPart ??= import('./setup-commands.js').then((part) =>
      part.setupCommands({
        stores,
        entitiesChanged,
        addConnectionWith: later(savedConnections, 'addConnectionWith'),
        async configure(config) {
          if (leading) return own.configure(config);
          connectionConfigured(connection, config);
          tabs?.post({ type: 'configure', config });
        },
      }),
    ));

  /** Loaded while a discovery source is on: reads what the sources announce. */
  let discoveryPart: Promise<Discovery> | undefined;
  function discoveryWanted(): void {
    const on = discoveryOn(stores.discovery.getState().settings);
    if (on && discoveryPart === undefined) {
      discoveryPart = import('./discovery.js').then((part) =>
        part.startDiscovery({
          store: stores.discovery,
          topics,
          changed(sources, followed) {
            const added = followed.filter((entity) => !discovered.some((known) => known.id === entity.id));
            discoverySources = sources;
            discovered = followed;
            void syncTopics();
            askNewDevices(added);
          },
        }),
      );
    } else if (!on && discoveryPart !== undefined) {
      void discoveryPart.then((part) => part.dispose());
      discoveryPart = undefined;
    }
  }
  const discoveryActions = () => import('../store/discovery-actions.js');

  const commands: AppCommands = {
    async configureDiscovery(change) {
      (await discoveryActions()).discoveryConfigured(stores.discovery, change);
      tabs?.post({ type: 'discovery', settings: stores.discovery.getState().settings });
    },
    async showDiscovered(entityId, shown) {
      (await discoveryActions()).discoveredShown(stores.discovery, entityId, shown);
      tabs?.post({ type: 'discovery', settings: stores.discovery.getState().settings });
    },
    copyDiscovered(entityId) {
      const found = stores.discovery.getState().catalog?.groups.flatMap((g) => g.entities).find((f) => f.entity.id === entityId)?.entity;
      if (found === undefined) return;
      const { id: _id, ...draft } = found;
      entityFormOpened(drafts, { entityId: null, draft });
      viewChosen(ui, 'dashboard');
      void entityChanges();
    },
    exportSetup: later(setup, 'exportSetup'),
    shareSetup: later(setup, 'shareSetup'),
    offerSetupFile: later(setup, 'offerSetupFile'),
    offerShareLink: later(setup, 'offerShareLink'),
    acceptSetup: later(setup, 'acceptSetup'),
    dismissSetup: () => setupSettled(stores.setup, ''),
    openConnection: (id) => void savedConnections().then((c) => c.openConnection(id)),
    addConnection: later(savedConnections, 'addConnection'),
    removeConnection: later(savedConnections, 'removeConnection'),

    async connect(config) {
      connectionDrafted(drafts, null);
      const problem = await checkConnection(config);
      if (problem !== null) {
        connectRequested(connection, config);
        connectionChanged(connection, 'error', problem.reason);
        return problem;
      }
      if (leading) {
        await own.connect(config);
      } else {
        connectRequested(connection, config);
        tabs?.post({ type: 'connect', config });
      }
      return null;
    },

    async disconnect() {
      if (leading) await own.disconnect();
      else tabs?.post({ type: 'disconnect' });
    },

    async publish(entityId, text) {
      const entity = findEntity(entityId);
      if (entity === undefined) return;
      const ownTopic = publishesToOwnTopic(entity);
      // A text entity with a command topic (a discovered one's) publishes there, through its template.
      const { commandTopic } = entity.device;
      const payload = commandTopic === '' ? text : (await import('./controls.js')).commandPayload(entity, text);
      const topic = commandTopic !== '' ? commandTopic : ownTopic ? entity.topic : (drafts.getState().publish[entityId]?.topic ?? '').trim();
      if (topic === '') {
        return publishRefused(
          outboxStore,
          entityId,
          `Enter the topic to publish to: ${entity.topic} is a filter, and messages go to one topic.`,
        );
      }
      const check = checkPublishTopic(topic);
      if (!check.ok) return publishRefused(outboxStore, entityId, check.reason);
      const { publishQos: qos, publishRetain: retain } = entity.options;
      await (await outbox()).add(entityId, topic, payload, { qos, retain });
      if (!leading) tabs?.post({ type: 'outbox-changed' });
      // The text is safe in the outbox now. Clear the draft only if it is still what was
      // queued: typing may have gone on.
      publishSent(drafts, entityId, text);
    },

    async cancelQueued(id) {
      await (await outbox()).cancel(id);
      if (!leading) tabs?.post({ type: 'outbox-changed' });
    },

    draftPublish(entityId, change) {
      publishDrafted(drafts, entityId, change);
    },

    draftConnection(config) {
      connectionDrafted(drafts, config);
    },

    openEntityForm(entityId) {
      const entity = entityId === null ? undefined : findEntity(entityId);
      // A new entity starts from a blank one's defaults.
      const { id: _id, ...draft } = entity ?? createEntity('', '');
      entityFormOpened(drafts, { entityId: entity?.id ?? null, draft });
      // What the form does next (drafting, saving) is loaded while it opens.
      void entityChanges();
    },
    draftEntityForm: (draft) => entityFormDrafted(drafts, draft),
    draftEntityPreset: (preset) => entityPresetDrafted(drafts, preset),
    closeEntityForm: () => entityFormClosed(drafts),

    saveEntityForm: later(entityChanges, 'saveEntityForm'),
    addEntities: later(entityChanges, 'addEntities'),

    toggleSwitch: later(deviceControls, 'toggle'),
    setControlValue: later(deviceControls, 'setValue'),
    pressButton: later(deviceControls, 'press'),

    previewTopics(filters) {
      const valid = filters.filter((filter) => checkSubscribeTopic(filter).ok);
      if (valid.length === preview.length && valid.every((f, i) => f === preview[i])) return;
      preview = valid;
      if (!leading) tabs?.post({ type: 'preview', filters: valid });
      void syncTopics();
    },

    ask: (topic, payload) => askThroughLeader(topic, payload),

    updateEntityOptions: later(entityChanges, 'updateEntityOptions'),
    removeEntity: later(entityChanges, 'removeEntity'),
    undoRemove: later(entityChanges, 'undoRemove'),
    // Nothing to undo before the code that removes has come.
    dismissUndo: () => void entityChangesPart?.then((changes) => changes.dismissUndo()),
    moveEntity: later(entityChanges, 'moveEntity'),

    showView(view) {
      viewChosen(ui, view);
    },

    chooseTheme(theme) {
      themeChosen(ui, theme);
    },

    historyTopics: later(historyCommands, 'historyTopics'),
    readHistory: later(historyCommands, 'readHistory'),
    clearHistory: later(historyCommands, 'clearHistory'),
    historyUsage: later(historyCommands, 'historyUsage'),
    chooseHistoryBudget: later(historyCommands, 'chooseHistoryBudget'),

    install: () => platform.promptInstall(),
    applyUpdate: () => platform.applyUpdate(),
  };

  /** Everything a tab that joins needs from the leader. */
  function postEverything(): void {
    if (tabs === undefined) return;
    tabs.post({ type: 'connection', connection: connection.getState() });
    tabs.post({ type: 'outbox', items: outboxStore.getState().items });
    tabs.post({ type: 'records', records: topics.all() });
  }

  if (tabs !== undefined) {
    // The leader tells the others every change of what it owns; they mirror it.
    connection.subscribe((state) => {
      if (leading) tabs.post({ type: 'connection', connection: state });
    });
    outboxStore.subscribe((state, previous) => {
      if (leading && state.items !== previous.items) tabs.post({ type: 'outbox', items: state.items });
    });
    tabs.onMessage((message) => {
      // Any tab may change the entities; it has saved them already.
      if (message.type === 'entities') {
        entitiesReplaced(entities, message.list);
        void syncTopics();
        return;
      }
      if (message.type === 'discovery') {
        void discoveryActions().then((actions) => actions.discoveryConfigured(stores.discovery, message.settings));
        return;
      }
      if (message.type === 'history-budget') {
        historyBudgetChosen(ui, message.bytes);
        if (leading) tellHistory();
        return;
      }
      if (!leading) {
        switch (message.type) {
          case 'leading':
            // A new leader does not know who follows it: say so, and it sends what it holds.
            return tabs.post({ type: 'hello' });
          case 'connection':
            return connectionMirrored(connection, message.connection);
          case 'outbox':
            return outboxMirrored(outboxStore, message.items);
          case 'records':
            return topics.apply(message.records);
          default:
            return undefined;
        }
      }
      switch (message.type) {
        case 'hello':
          followed = true;
          return postEverything();
        case 'outbox-changed':
          return void outbox().then((o) => o.load());
        case 'ask':
          return void askNow(message.topic, message.payload).catch(() => undefined);
        case 'history-cleared':
          return session.historyCleared();
        case 'preview':
          followerPreview = message.filters.filter((filter) => checkSubscribeTopic(filter).ok);
          return void syncTopics();
        case 'connect':
          return void own.connect(message.config);
        case 'disconnect':
          return void own.disconnect();
        case 'configure':
          return void own.configure(message.config);
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
    // The others followed another tab until now: they say hello to this one when told.
    tabs?.post({ type: 'leading' });
    void syncTopics();
    // "Sending" was the old leader's message in flight: unconfirmed, it is this tab's to send.
    inFlightRequeued(outboxStore);
    await (await outbox()).load();
    if (!stillLeading()) return;
    // A new leader (or the only tab) picks the connection up where it was left.
    const { config, wantsConnection } = connection.getState();
    if (!wantsConnection || session.active || (await checkConnection(config)) !== null || !stillLeading()) return;
    await own.connect(config);
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

  void syncTopics();
  stores.discovery.subscribe((state, previous) => {
    if (state.settings !== previous.settings) discoveryWanted();
  });
  discoveryWanted();

  return {
    stores,
    topics,
    commands,
    async start({ connect }) {
      void savedConnections();
      if (connect) await commands.connect(connection.getState().config);
      if (tabs === undefined) return lead();
      await new Promise<void>((resolve, reject) => {
        tabs.onLeadership((leadingNow) => void (leadingNow ? lead().then(resolve, reject) : follow()));
      });
    },
    networkChanged(online) {
      deviceChanged(device, { online });
      if (online) session.reconnectNow();
    },
    dispose: async () => {
      void controls?.then((c) => c.dispose());
      void entityChangesPart?.then((changes) => changes.dispose());
      void discoveryPart?.then((part) => part.dispose());
      await session.disconnect({ announce: false });
    },
  };
}
