/**
 * Entities: what the dashboard shows, each a name on a topic or a topic filter, with its own
 * options. Plain data, persisted in IndexedDB in the user's order.
 */
import { checkPublishTopic, checkSubscribeTopic } from '../mqtt/topic.js';
import type { Qos } from '../mqtt/session.js';

/** The topic of the hello_mqtt component in Home Assistant. */
export const DEFAULT_TOPIC = 'edzna/hello';
/** The name of the entity a new install starts with: hello_mqtt's. */
export const DEFAULT_ENTITY_NAME = 'hello_mqtt';
/** What an entity shows before its first message, as in hello_mqtt. */
export const NO_MESSAGES = 'No messages';

/** What an entity is; the devices issue adds switches, sensors and more. */
export type EntityKind = 'text';

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
}

export interface Entity {
  readonly id: string;
  readonly name: string;
  /** A topic, or a filter with the wildcards + and #. */
  readonly topic: string;
  readonly kind: EntityKind;
  readonly options: EntityOptions;
}

export const DEFAULT_OPTIONS: EntityOptions = {
  staleAfterSeconds: null,
  payloadView: 'auto',
  publishQos: 1,
  publishRetain: false,
  savedPayloads: [],
};

/**
 * A short random id. From getRandomValues: randomUUID exists only in secure contexts, and a
 * home server's plain-http page is none.
 */
export function newEntityId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `e-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function createEntity(name: string, topic: string, options: Partial<EntityOptions> = {}, id = newEntityId()): Entity {
  return { id, name, topic, kind: 'text', options: { ...DEFAULT_OPTIONS, ...options } };
}

/** What a new install shows: hello_mqtt's entity on its topic. */
export function defaultEntities(topic = DEFAULT_TOPIC): Entity[] {
  return [createEntity(DEFAULT_ENTITY_NAME, topic)];
}

/** An entity as typed in the add/edit form. */
export interface EntityDraft {
  readonly name: string;
  readonly topic: string;
  readonly options: EntityOptions;
}

export interface EntityProblem {
  readonly field: 'name' | 'topic' | 'staleAfterSeconds' | 'savedPayloads';
  readonly reason: string;
}

/** Checks a draft before it is saved; `others` are the entities it must not clash with. */
export function checkEntityDraft(draft: EntityDraft, others: readonly Entity[]): EntityProblem | null {
  const name = draft.name.trim();
  if (name === '') return { field: 'name', reason: 'Enter a name.' };
  if (others.some((other) => other.name.trim().toLowerCase() === name.toLowerCase())) {
    return { field: 'name', reason: `Another entity is already called “${name}”. Choose another name.` };
  }
  const topic = checkSubscribeTopic(draft.topic.trim());
  if (!topic.ok) return { field: 'topic', reason: topic.reason };
  const stale = draft.options.staleAfterSeconds;
  if (stale !== null && (!Number.isFinite(stale) || stale <= 0)) {
    return { field: 'staleAfterSeconds', reason: 'Stale after is a number of seconds above 0, or empty for never.' };
  }
  if (draft.options.savedPayloads.some((saved) => saved.label.trim() === '')) {
    return { field: 'savedPayloads', reason: 'Every saved payload needs a label for its button.' };
  }
  return null;
}

/** True when the entity names one topic, so it can be published to without asking. */
export function publishesToOwnTopic(entity: Entity): boolean {
  return checkPublishTopic(entity.topic).ok;
}

/** The filters the entities need subscribed, each once. */
export function wantedFilters(entities: readonly Entity[]): string[] {
  return [...new Set(entities.map((entity) => entity.topic))];
}
