/**
 * Entities: what the dashboard shows. Each has a name, a kind (a text topic, a sensor, or a
 * control for a device: switch, button, number, select), the topic it shows or the state topic
 * of its device, and its own options. Plain data, persisted in IndexedDB in the user's order.
 */
import type { Qos } from '../mqtt/session.js';
import { checkPublishTopic } from '../mqtt/topic.js';
import { DEFAULT_HISTORY, type HistoryOptions, type HistoryRule } from '../history/history.js';

/** The topic of the hello_mqtt component in Home Assistant. */
export const DEFAULT_TOPIC = 'edzna/hello';
/** The name of the entity a new install starts with: hello_mqtt's. */
export const DEFAULT_ENTITY_NAME = 'hello_mqtt';
/** What an entity shows before its first message, as in hello_mqtt. */
export const NO_MESSAGES = 'No messages';

export type EntityKind = 'text' | 'sensor' | 'switch' | 'button' | 'number' | 'select' | 'color';

/** How a payload is shown: auto is JSON when it parses, hex when it is not text, else text. */
export type PayloadView = 'auto' | 'text' | 'json' | 'hex';

/** A payload kept on the entity, published with one tap. */
export interface SavedPayload {
  readonly label: string;
  readonly payload: string;
}

export interface EntityOptions {
  /** After how many seconds without a message the value counts as stale; null: never. */
  readonly staleAfterSeconds: number | null;
  readonly payloadView: PayloadView;
  /** QoS and retain flag of what the entity publishes. */
  readonly publishQos: Qos;
  readonly publishRetain: boolean;
  readonly savedPayloads: readonly SavedPayload[];
  /** What of its messages is kept on this device, and what its chart shows. */
  readonly history: HistoryOptions;
}

/** Another topic that reports a device's state, with where the state is in its JSON. */
export interface StateSource {
  readonly topic: string;
  /** A path into its JSON payload (`POWER1`, `ENERGY.Power`); empty: the whole payload. */
  readonly path: string;
  /** A template (Home Assistant's, discovery/template.ts) that reads the value instead of the path. */
  readonly template?: string;
}

/**
 * What the device kinds need, in one record with defaults so that a form can switch kinds
 * without losing what was typed. Each kind reads only its own fields.
 */
export interface DeviceOptions {
  /** Where the value is in the state topic's JSON payload; empty: the whole payload. */
  readonly valuePath: string;
  /** Sensor, number: the value's unit (°C, %, W). */
  readonly unit: string;
  /** Sensor: decimals shown; null: as the device sent it. */
  readonly decimals: number | null;
  /** Switch, button, number, select: where commands are published. */
  readonly commandTopic: string;
  /** Switch: the commands, and the state values when they differ (empty: the same). */
  readonly payloadOn: string;
  readonly payloadOff: string;
  readonly stateOn: string;
  readonly stateOff: string;
  /** Switch, number, select: more topics that report the state (Tasmota reports it on three). */
  readonly extraStates: readonly StateSource[];
  /** Switch, number, select: how long a command may wait for the device's report. */
  readonly timeoutSeconds: number;
  /** Button: what a press publishes, and whether it asks first. */
  readonly pressPayload: string;
  readonly confirm: boolean;
  /** Number: its range, step, and whether it shows a slider or a box. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly mode: 'slider' | 'box';
  /** Select: the choices. */
  readonly choices: readonly string[];
  /** Published on every connect, to ask the device for its state; no topic: nothing. */
  readonly askTopic: string;
  readonly askPayload: string;
  /**
   * A template that reads the value from the state topic's payload instead of `valuePath`
   * (discovered devices: `{{ value_json.x | float * 10 }}`); empty: the path.
   */
  readonly valueTemplate: string;
  /**
   * A template that makes a command's payload from its `value` (`{"brightness": {{ value }}}`;
   * a colour's is `#rrggbb`, with `red`, `green` and `blue`); empty: the value as it is.
   */
  readonly commandTemplate: string;
  /** Sensor: what the device class calls the on and off states (Open/Closed); empty: On/Off. */
  readonly onWord: string;
  readonly offWord: string;
  /** More places that say whether the device is online, and how they add up with `availability`. */
  readonly moreAvailability: readonly Availability[];
  readonly availabilityMode: 'all' | 'any' | 'latest';
}

/** Where a device says whether it is online (often its last will). */
export interface Availability {
  readonly topic: string;
  readonly path: string;
  readonly online: string;
  readonly offline: string;
  /** A template that reads the state instead of the path (discovered devices). */
  readonly template?: string;
}

/** What the add/edit form edits: everything but the id. */
export interface EntityConfig {
  readonly name: string;
  readonly kind: EntityKind;
  /**
   * A text entity's topic or filter; the state topic of the other kinds. Empty for a button,
   * and for a switch with no state topic (then it is optimistic).
   */
  readonly topic: string;
  readonly options: EntityOptions;
  readonly device: DeviceOptions;
  readonly availability: Availability | null;
}

export interface Entity extends EntityConfig {
  readonly id: string;
}

export type EntityDraft = EntityConfig;

export const DEFAULT_OPTIONS: EntityOptions = {
  staleAfterSeconds: null,
  payloadView: 'auto',
  publishQos: 1,
  publishRetain: false,
  savedPayloads: [],
  history: DEFAULT_HISTORY,
};

export const DEFAULT_DEVICE: DeviceOptions = {
  valuePath: '',
  unit: '',
  decimals: null,
  commandTopic: '',
  payloadOn: 'ON',
  payloadOff: 'OFF',
  stateOn: '',
  stateOff: '',
  extraStates: [],
  timeoutSeconds: 5,
  pressPayload: 'PRESS',
  confirm: false,
  min: 0,
  max: 100,
  step: 1,
  mode: 'slider',
  choices: [],
  askTopic: '',
  askPayload: '',
  valueTemplate: '',
  commandTemplate: '',
  onWord: '',
  offWord: '',
  moreAvailability: [],
  availabilityMode: 'latest',
};

/**
 * A short random id. From getRandomValues: randomUUID exists only in secure contexts, and a
 * home server's plain-http page is none.
 */
export function newEntityId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `e-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** What createEntity takes beyond the name and topic. */
export interface EntityParts {
  readonly kind?: EntityKind;
  readonly device?: Partial<DeviceOptions>;
  readonly availability?: Availability | null;
  readonly id?: string;
}

export function createEntity(name: string, topic: string, options: Partial<EntityOptions> = {}, parts: EntityParts = {}): Entity {
  return {
    id: parts.id ?? newEntityId(),
    name,
    kind: parts.kind ?? 'text',
    topic,
    options: { ...DEFAULT_OPTIONS, ...options },
    device: { ...DEFAULT_DEVICE, ...parts.device },
    availability: parts.availability ?? null,
  };
}

/** What a new install shows: hello_mqtt's entity on its topic. */
export function defaultEntities(topic = DEFAULT_TOPIC): Entity[] {
  return [createEntity(DEFAULT_ENTITY_NAME, topic)];
}

export interface EntityProblem {
  readonly field:
    | 'name'
    | 'topic'
    | 'staleAfterSeconds'
    | 'savedPayloads'
    | 'history'
    | 'commandTopic'
    | 'payloadOn'
    | 'payloadOff'
    | 'timeoutSeconds'
    | 'range'
    | 'choices'
    | 'extraStates'
    | 'availability';
  readonly reason: string;
}


/** True when the entity names one topic, so it can be published to without asking. */
export function publishesToOwnTopic(entity: Entity): boolean {
  return checkPublishTopic(entity.topic).ok;
}

/** True when Set state must ask for the topic (Publish to): a filter, and no command topic. */
export function asksForPublishTopic(entity: Entity): boolean {
  return entity.device.commandTopic === '' && !publishesToOwnTopic(entity);
}

/** The topics and filters one entity needs subscribed: what it shows, and its availability. */
export function entityFilters(entity: Entity): string[] {
  const filters = entity.topic === '' ? [] : [entity.topic];
  if (entity.kind !== 'text') for (const source of entity.device.extraStates) filters.push(source.topic);
  if (entity.availability !== null) filters.push(entity.availability.topic);
  for (const more of entity.device.moreAvailability ?? []) filters.push(more.topic);
  return filters;
}

/** The filters the entities need subscribed, each once. */
export function wantedFilters(entities: readonly Entity[]): string[] {
  return [...new Set(entities.flatMap(entityFilters))];
}

/** What the session worker records: the limits of each filter of the entities that keep history. */
export function historyRules(entities: readonly Entity[]): HistoryRule[] {
  return entities.flatMap((entity) => {
    const { keep, maxMessages, maxBytes } = entity.options.history;
    return keep ? entityFilters(entity).map((filter) => ({ filter, maxMessages, maxBytes })) : [];
  });
}
