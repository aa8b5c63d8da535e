/**
 * Checks an entity's draft before it is saved, per kind: loaded with the entity form (and by
 * the app when saving), not before the first paint.
 */
import { checkPublishTopic, checkSubscribeTopic, isConcreteTopic, type TopicCheck } from '../mqtt/topic.js';
import type { Entity, EntityConfig, EntityDraft, EntityKind, EntityProblem } from './entity.js';

/** Whether the kind shows a state reported on `topic` (a switch may do without). */
function needsStateTopic(kind: EntityKind): boolean {
  return kind === 'text' || kind === 'sensor' || kind === 'number' || kind === 'select';
}

/** Kinds that publish commands, and so need a command topic. */
const COMMANDING: ReadonlySet<EntityKind> = new Set(['switch', 'button', 'number', 'select', 'color']);

function problem(field: EntityProblem['field'], check: TopicCheck, what: string): EntityProblem | null {
  return check.ok ? null : { field, reason: `${what}: ${check.reason}` };
}

/** A device reports on one topic each: a filter would mix several devices' states. */
function oneTopic(field: EntityProblem['field'], topic: string, what: string): EntityProblem | null {
  const found = problem(field, checkSubscribeTopic(topic), what);
  if (found !== null || isConcreteTopic(topic)) return found;
  return { field, reason: `${what}: one topic, without the wildcards + or #.` };
}

/** Checks a draft before it is saved; `others` are the entities it must not clash with. */
export function checkEntityDraft(draft: EntityDraft, others: readonly Entity[]): EntityProblem | null {
  const name = draft.name.trim();
  if (name === '') return { field: 'name', reason: 'Enter a name.' };
  if (others.some((other) => other.name.trim().toLowerCase() === name.toLowerCase())) {
    return { field: 'name', reason: `Another entity is already called “${name}”. Choose another name.` };
  }
  const { kind, device } = draft;
  const topic = draft.topic.trim();
  if (kind === 'text') {
    const check = checkSubscribeTopic(topic);
    if (!check.ok) return { field: 'topic', reason: check.reason };
  } else if (kind !== 'button' && (topic !== '' || needsStateTopic(kind))) {
    const found = oneTopic('topic', topic, 'State topic');
    if (found) return found;
  }
  if (COMMANDING.has(kind)) {
    const found = problem('commandTopic', checkPublishTopic(device.commandTopic.trim()), 'Command topic');
    if (found) return found;
  }
  if (kind === 'switch') {
    if (device.payloadOn === '') return { field: 'payloadOn', reason: 'Enter what the switch publishes to turn on.' };
    if (device.payloadOff === '') return { field: 'payloadOff', reason: 'Enter what the switch publishes to turn off.' };
    if (device.payloadOn === device.payloadOff) return { field: 'payloadOff', reason: 'On and off must be different payloads.' };
  }
  if ((kind === 'switch' || kind === 'number' || kind === 'select' || kind === 'color') && !(device.timeoutSeconds > 0)) {
    return { field: 'timeoutSeconds', reason: 'The time to wait for the device is a number of seconds above 0.' };
  }
  if (kind === 'number' && !(device.min < device.max && device.step > 0)) {
    return { field: 'range', reason: 'The minimum must be below the maximum, and the step above 0.' };
  }
  if (kind === 'select' && device.choices.filter((choice) => choice.trim() !== '').length < 2) {
    return { field: 'choices', reason: 'A select needs at least two choices, one a line.' };
  }
  for (const source of kind === 'text' ? [] : device.extraStates) {
    const found = oneTopic('extraStates', source.topic.trim(), 'Another state topic');
    if (found) return found;
  }
  if (draft.availability !== null) {
    const found = oneTopic('availability', draft.availability.topic.trim(), 'Availability topic');
    if (found) return found;
    if (draft.availability.online === draft.availability.offline) {
      return { field: 'availability', reason: 'The online and offline payloads must differ.' };
    }
  }
  const stale = draft.options.staleAfterSeconds;
  if (stale !== null && (!Number.isFinite(stale) || stale <= 0)) {
    return { field: 'staleAfterSeconds', reason: 'Stale after is a number of seconds above 0, or empty for never.' };
  }
  const { maxMessages, maxBytes } = draft.options.history;
  if (!Number.isInteger(maxMessages) || maxMessages < 1 || !Number.isFinite(maxBytes) || maxBytes < 100 * 1024) {
    return { field: 'history', reason: 'Keep at least one message and 0.1 MiB per topic (whole messages, a size in MiB).' };
  }
  if (draft.options.savedPayloads.some((saved) => saved.label.trim() === '')) {
    return { field: 'savedPayloads', reason: 'Every saved payload needs a label for its button.' };
  }
  return null;
}


/** What is saved of a draft: names and topics without the spaces around them, no empty choices. */
export function trimmedDraft(draft: EntityDraft): EntityDraft {
  const { device } = draft;
  return {
    ...draft,
    name: draft.name.trim(),
    topic: draft.topic.trim(),
    device: { ...device, commandTopic: device.commandTopic.trim(), choices: device.choices.map((c) => c.trim()).filter((c) => c !== '') },
  };
}

/**
 * Checks entities added together (a device preset) against the others and each other: the
 * entities with new ids, or the first problem, named after its entity.
 */
export function checkNewEntities(configs: readonly EntityConfig[], others: readonly Entity[], newId: () => string): Entity[] | EntityProblem {
  const added: Entity[] = [];
  for (const config of configs) {
    const problem = checkEntityDraft(config, [...others, ...added]);
    if (problem !== null) return { ...problem, reason: `${config.name}: ${problem.reason}` };
    added.push({ ...config, id: newId() });
  }
  return added;
}
