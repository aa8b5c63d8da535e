/**
 * A setup as it travels between devices (Export setup, Import setup, share links): the broker
 * settings and the entities in their order, with a format name and version. Never the
 * password, and never this device's client ID: two phones with one client ID would throw each
 * other off the broker. Plain data, no DOM.
 *
 * Reading is strict about what would break the app (a wrong kind, a bad topic) and lenient
 * about what is missing: a field that a later version of the app added is filled with its
 * default, which is how a file from an older version is upgraded.
 */
import { checkNewEntities } from '../entities/entity-check.js';
import {
  DEFAULT_DEVICE,
  DEFAULT_OPTIONS,
  type Availability,
  type Entity,
  type EntityConfig,
  type EntityKind,
} from '../entities/entity.js';
import { DEFAULT_KEEPALIVE, type ConnectionConfig } from '../store/connection.js';
import { DEFAULT_DISCOVERY, type DiscoverySettings } from '../store/discovery.js';

export const SETUP_FORMAT = 'hello-mqtt-setup';
/** 1: the first format (entities of every kind, availability). */
export const SETUP_VERSION = 1;

/** The broker settings that travel: all but the password and the client ID. */
export type SharedConnection = Omit<ConnectionConfig, 'password' | 'rememberPassword' | 'clientId'>;

/** The discovery settings that travel: which sources are read, not what this device hid. */
export type SharedDiscovery = Omit<DiscoverySettings, 'shown'>;

export interface Setup {
  readonly format: typeof SETUP_FORMAT;
  readonly version: number;
  readonly connection: SharedConnection;
  readonly entities: readonly EntityConfig[];
  /** Absent in setups from before discovery: then the receiving device's stay as they are. */
  readonly discovery?: SharedDiscovery;
}

export type SetupRead = { readonly ok: true; readonly setup: Setup } | { readonly ok: false; readonly reason: string };

const KINDS: readonly EntityKind[] = ['text', 'sensor', 'switch', 'button', 'number', 'select', 'color'];

/** The setup of this configuration and these entities, as it is exported and shared. */
export function setupOf(config: ConnectionConfig, entities: readonly Entity[], discovery?: DiscoverySettings): Setup {
  const { name, brokerUrl, keepalive, username, cleanSession, protocolVersion, will } = config;
  const { shown: _shown, ...sources } = discovery ?? DEFAULT_DISCOVERY;
  return {
    ...(discovery === undefined ? {} : { discovery: sources }),
    format: SETUP_FORMAT,
    version: SETUP_VERSION,
    connection: { name, brokerUrl, keepalive, username, cleanSession, protocolVersion, will },
    entities: entities.map(({ name, kind, topic, options, device, availability }) => ({ name, kind, topic, options, device, availability })),
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

class SetupError extends Error {}

/** Reads `value[key]` as the type of `fallback`; missing is the fallback, another type an error. */
function field<T extends string | number | boolean | null>(value: Json, key: string, fallback: T, where: string): T {
  const found = value[key];
  if (found === undefined) return fallback;
  if (fallback === null ? found !== null && typeof found !== 'number' : typeof found !== typeof fallback) {
    throw new SetupError(`${where}: “${key}” should be a ${fallback === null ? 'number' : typeof fallback}.`);
  }
  return found as T;
}

/** Every field of `defaults` read from `value`, of the same types, the rest ignored. */
function record<T extends object>(value: unknown, defaults: T, where: string): T {
  if (value === undefined) return defaults;
  if (!isObject(value)) throw new SetupError(`${where} should be an object.`);
  const out: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    if (Array.isArray(fallback)) {
      const found = value[key];
      if (found !== undefined && !Array.isArray(found)) throw new SetupError(`${where}: “${key}” should be a list.`);
      out[key] = found ?? fallback;
    } else if (isObject(fallback)) {
      out[key] = record(value[key], fallback, `${where}, ${key}`);
    } else {
      out[key] = field(value, key, fallback as string | number | boolean | null, where);
    }
  }
  return out as T;
}

function readStrings(list: unknown, where: string): string[] {
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) throw new SetupError(`${where} should be a list of texts.`);
  return list as string[];
}

function readEntity(value: unknown, index: number): EntityConfig {
  const where = `Entity ${index + 1}`;
  if (!isObject(value)) throw new SetupError(`${where} should be an object.`);
  const name = field(value, 'name', '', where);
  const named = name === '' ? where : `${where} (“${name}”)`;
  const kind = field(value, 'kind', 'text', named) as EntityKind;
  if (!KINDS.includes(kind)) throw new SetupError(`${named}: the kind “${kind}” is not one this app knows.`);
  const options = record(value.options, DEFAULT_OPTIONS, `${named}, options`);
  const savedPayloads = (options.savedPayloads as unknown[]).map((saved, i) =>
    record(saved, { label: '', payload: '' }, `${named}, saved payload ${i + 1}`),
  );
  const device = record(value.device, DEFAULT_DEVICE, `${named}, device`);
  const extraStates = (device.extraStates as unknown[]).map((state, i) =>
    record(state, { topic: '', path: '', template: '' }, `${named}, state source ${i + 1}`),
  );
  const moreAvailability = (device.moreAvailability as unknown[]).map((item, i) =>
    record<Availability>(item, { topic: '', path: '', online: 'online', offline: 'offline', template: '' }, `${named}, availability ${i + 2}`),
  );
  if (!['all', 'any', 'latest'].includes(device.availabilityMode)) throw new SetupError(`${named}: availability is all, any or latest.`);
  if (!['auto', 'text', 'json', 'hex'].includes(options.payloadView)) throw new SetupError(`${named}: unknown payload view “${options.payloadView}”.`);
  if (![0, 1, 2].includes(options.publishQos)) throw new SetupError(`${named}: the QoS should be 0, 1 or 2.`);
  if (device.mode !== 'slider' && device.mode !== 'box') throw new SetupError(`${named}: a number is shown as a slider or a box.`);
  const availability =
    value.availability === undefined || value.availability === null
      ? null
      : record<Availability>(value.availability, { topic: '', path: '', online: 'online', offline: 'offline', template: '' }, `${named}, availability`);
  return {
    name,
    kind,
    topic: field(value, 'topic', '', named),
    options: { ...options, savedPayloads },
    device: { ...device, extraStates, moreAvailability, choices: readStrings(device.choices, `${named}, choices`) },
    availability,
  };
}

/** Reads a setup from parsed JSON: the setup, or why it is not one. Any password in it is ignored. */
export function readSetup(data: unknown): SetupRead {
  try {
    if (!isObject(data) || data.format !== SETUP_FORMAT) {
      return { ok: false, reason: 'This is not a Hello MQTT setup: it has no “format”: “hello-mqtt-setup”.' };
    }
    const version = data.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      return { ok: false, reason: 'This setup has no valid format version.' };
    }
    if (version > SETUP_VERSION) {
      return { ok: false, reason: `This setup was made by a newer version of the app (format ${version}). Update this app, then try again.` };
    }
    const connection = record(
      data.connection,
      { name: '', brokerUrl: '', keepalive: DEFAULT_KEEPALIVE, username: '', cleanSession: false, protocolVersion: 4, will: { topic: '', payload: '', qos: 0, retain: false } },
      'The connection',
    );
    if (connection.protocolVersion !== 4 && connection.protocolVersion !== 5) throw new SetupError('The connection: MQTT version should be 4 (3.1.1) or 5.');
    if (![0, 1, 2].includes(connection.will.qos)) throw new SetupError('The connection: the last will’s QoS should be 0, 1 or 2.');
    if (!Array.isArray(data.entities)) throw new SetupError('It has no list of entities.');
    const entities = data.entities.map(readEntity);
    // The same checks as the entity form, so nothing imported could not have been typed.
    const checked = checkNewEntities(entities, [], () => '');
    if (!Array.isArray(checked)) throw new SetupError(checked.reason);
    const { shown: _shown, ...sources } = DEFAULT_DISCOVERY;
    const discovery = data.discovery === undefined ? undefined : record<SharedDiscovery>(data.discovery, sources, 'The discovery settings');
    return {
      ok: true,
      setup: {
        format: SETUP_FORMAT,
        version: SETUP_VERSION,
        connection: connection as SharedConnection,
        entities,
        ...(discovery === undefined ? {} : { discovery }),
      },
    };
  } catch (error) {
    if (error instanceof SetupError) return { ok: false, reason: `This setup is damaged. ${error.message}` };
    throw error;
  }
}

/** Reads a setup's JSON text (a file's, a share link's); `notJson` says why when it is not JSON. */
export function readSetupText(
  text: string,
  notJson = 'This file is not a Hello MQTT setup: it is not JSON, or it was cut short.',
): SetupRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: notJson };
  }
  return readSetup(data);
}

/** A file name for today's export: `hello-mqtt-setup-2026-12-02.json`. */
export function setupFileName(now: Date): string {
  return `hello-mqtt-setup-${now.toISOString().slice(0, 10)}.json`;
}
