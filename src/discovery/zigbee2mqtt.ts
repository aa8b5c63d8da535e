/**
 * Zigbee2MQTT's device list: the retained `<base>/bridge/devices`, every device with what it
 * exposes (binary, numeric, enum and text values; lights and switches with their features;
 * `endpoint` for the gangs of one device). A device's state comes as JSON on `<base>/<name>`
 * (names may hold `/`), commands go as JSON to `<base>/<name>/set`, availability (when turned
 * on) is `<base>/<name>/availability`. Its state is not retained: what can be read is asked
 * for with `<base>/<name>/get` on connect. Access is a bit mask: 1 published, 2 set, 4 get.
 */
import type { Availability } from '../entities/entity.js';
import type { JsonValue } from '../mqtt/payload.js';
import type { TopicRecord } from '../topics/topic-record.js';
import {
  binaryWords,
  discoveredEntity,
  joinNames,
  NOTHING_FOUND,
  payloadText,
  problemFound,
  words,
  type DiscoveredDevice,
  type DiscoveredEntity,
  type EntityShape,
  type Findings,
  type UnsupportedEntity,
} from './discovered.js';

export const DEFAULT_Z2M_BASE = 'zigbee2mqtt';

export function zigbee2mqttBase(base: string): string {
  return base.trim().replace(/^\/+|\/+$/g, '') || DEFAULT_Z2M_BASE;
}

export function zigbee2mqttFilters(base: string): string[] {
  return [`${zigbee2mqttBase(base)}/bridge/devices`];
}

type Json = Readonly<Record<string, JsonValue>>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const str = (value: JsonValue | undefined) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const numOr = (value: JsonValue | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

const SET = 2;
const GET = 4;

/** "Temperature"; with an endpoint, "State l1". */
function labelOf(expose: Json): string {
  const label = str(expose.label) || words(str(expose.name));
  const endpoint = str(expose.endpoint);
  const capital = label.charAt(0).toUpperCase() + label.slice(1);
  return endpoint === '' ? capital : `${capital} ${endpoint}`;
}

/** Binary sensors Zigbee2MQTT names after what they sense, in Home Assistant's words. */
const BINARY_CLASSES: Readonly<Record<string, string>> = {
  occupancy: 'occupancy',
  presence: 'presence',
  water_leak: 'moisture',
  smoke: 'smoke',
  gas: 'gas',
  carbon_monoxide: 'carbon_monoxide',
  vibration: 'vibration',
  tamper: 'tamper',
  battery_low: 'battery',
};

interface Context {
  readonly ieee: string;
  readonly name: string;
  readonly state: string;
  readonly set: string;
  readonly availability: Availability;
}

/** One value a device exposes, as an entity: a control when it can be set, else a sensor. */
function valueShape(expose: Json, ctx: Context, name: string): EntityShape | null {
  const property = str(expose.property);
  if (property === '') return null;
  const access = numOr(expose.access, 1);
  const settable = (access & SET) !== 0;
  const base = { id: `z2m:${ctx.ieee}:${property}`, name, topic: ctx.state };
  const key = JSON.stringify(property);
  const path = property.replace(/[.\\[\]]/g, (c) => `\\${c}`);
  switch (str(expose.type)) {
    case 'binary': {
      const on = expose.value_on ?? true;
      const off = expose.value_off ?? false;
      if (settable) {
        return {
          ...base,
          kind: 'switch',
          device: {
            commandTopic: ctx.set,
            valuePath: path,
            payloadOn: JSON.stringify({ [property]: on }),
            payloadOff: JSON.stringify({ [property]: off }),
            stateOn: payloadText(on, 'true'),
            stateOff: payloadText(off, 'false'),
          },
        };
      }
      const words = str(expose.name) === 'contact' ? { onWord: 'Closed', offWord: 'Open' } : binaryWords(BINARY_CLASSES[str(expose.name)] ?? '');
      return { ...base, kind: 'sensor', device: { valuePath: path, stateOn: payloadText(on, 'true'), stateOff: payloadText(off, 'false'), ...words } };
    }
    case 'numeric': {
      const unit = str(expose.unit);
      if (!settable) return { ...base, kind: 'sensor', device: { valuePath: path, unit } };
      const ranged = typeof expose.value_min === 'number' && typeof expose.value_max === 'number';
      return {
        ...base,
        kind: 'number',
        device: {
          commandTopic: ctx.set,
          valuePath: path,
          commandTemplate: `{${key}: {{ value }}}`,
          min: numOr(expose.value_min, 0),
          max: numOr(expose.value_max, 65535),
          step: numOr(expose.value_step, 1),
          mode: ranged ? 'slider' : 'box',
          unit,
        },
      };
    }
    case 'enum': {
      const choices = Array.isArray(expose.values) ? expose.values.map(str).filter((v) => v !== '') : [];
      if (!settable || choices.length < 2) return { ...base, kind: 'sensor', device: { valuePath: path } };
      return { ...base, kind: 'select', device: { commandTopic: ctx.set, valuePath: path, commandTemplate: `{${key}: {{ value | tojson }}}`, choices } };
    }
    case 'text':
      if (!settable) return { ...base, kind: 'sensor', device: { valuePath: path } };
      return { ...base, kind: 'text', device: { commandTopic: ctx.set, valuePath: path, commandTemplate: `{${key}: {{ value | tojson }}}` } };
    default:
      return null;
  }
}

/** Exposes that are colours: a light's colour is listed, not yet shown. */
const COLOUR = new Set(['color_xy', 'color_hs', 'color_rgb']);

interface DeviceEntities {
  readonly shapes: { shape: EntityShape; component: string; hidden: boolean; note: string }[];
  readonly unsupported: { component: string; name: string }[];
  /** What the device lets be read on request (`/get`). */
  readonly gettable: string[];
}

function exposesOf(exposes: readonly JsonValue[], ctx: Context): DeviceEntities {
  const out: DeviceEntities = { shapes: [], unsupported: [], gettable: [] };
  const add = (expose: Json, name: string, component: string, note = '') => {
    const shape = valueShape(expose, ctx, name);
    if (shape === null) {
      out.unsupported.push({ component: `${str(expose.type) || 'unknown'} value`, name });
      return;
    }
    if ((numOr(expose.access, 1) & GET) !== 0) out.gettable.push(str(expose.property));
    // Zigbee2MQTT's own Home Assistant configs keep the link quality off until asked for.
    out.shapes.push({ shape, component, hidden: str(expose.name) === 'linkquality', note });
  };
  for (const expose of exposes) {
    if (!isObject(expose)) continue;
    const type = str(expose.type);
    const endpoint = str(expose.endpoint);
    const deviceLabel = endpoint === '' ? ctx.name : `${ctx.name} ${endpoint}`;
    if (type === 'light' || type === 'switch') {
      const features = Array.isArray(expose.features) ? expose.features.filter(isObject) : [];
      for (const feature of features) {
        const name = str(feature.name);
        if (COLOUR.has(name)) continue;
        add(feature, name === 'state' ? deviceLabel : joinNames(deviceLabel, words(name)), type);
      }
      // One colour control for x/y and hue: Zigbee2MQTT takes a hex colour and makes the light's own of it.
      const colour = features.find((f) => COLOUR.has(str(f.name)) && (numOr(f.access, 7) & SET) !== 0);
      const property = str(colour?.property);
      if (colour !== undefined && property !== '') {
        out.shapes.push({
          shape: {
            id: `z2m:${ctx.ieee}:${property}`,
            name: joinNames(deviceLabel, 'colour'),
            kind: 'color',
            topic: ctx.state,
            device: { commandTopic: ctx.set, valuePath: property, commandTemplate: `{${JSON.stringify(property)}: {"hex": "{{ value }}"}}` },
          },
          component: type,
          hidden: false,
          note: '',
        });
      }
    } else if (type === 'binary' || type === 'numeric' || type === 'enum' || type === 'text') {
      add(expose, joinNames(ctx.name, labelOf(expose)), type);
    } else {
      out.unsupported.push({ component: type || 'unknown', name: joinNames(deviceLabel, words(str(expose.name) || type)) });
    }
  }
  return out;
}

/** Every device of the retained device list (the coordinator aside). */
export function readZigbee2mqtt(record: TopicRecord, base: string): Findings {
  const root = zigbee2mqttBase(base);
  if (record.topic !== `${root}/bridge/devices` || record.text.trim() === '') return NOTHING_FOUND;
  if (record.truncated) return problemFound('zigbee2mqtt', record.topic, 'The device list is too large to read.');
  if (!Array.isArray(record.json)) return problemFound('zigbee2mqtt', record.topic, 'The device list is not a JSON list.');
  const devices: DiscoveredDevice[] = [];
  const entities: DiscoveredEntity[] = [];
  const unsupported: UnsupportedEntity[] = [];
  for (const raw of record.json) {
    if (!isObject(raw) || raw.type === 'Coordinator' || raw.disabled === true) continue;
    const ieee = str(raw.ieee_address);
    const name = str(raw.friendly_name) || ieee;
    if (ieee === '') continue;
    const definition = isObject(raw.definition) ? raw.definition : null;
    const deviceKey = `z2m:${ieee}`;
    devices.push({
      key: deviceKey,
      source: 'zigbee2mqtt',
      name,
      manufacturer: str(definition?.vendor) || str(raw.manufacturer),
      model: str(definition?.model) || str(raw.model_id),
      swVersion: str(raw.software_build_id),
    });
    const configTopic = `${record.topic} (${name})`;
    if (definition === null || !Array.isArray(definition.exposes)) {
      const why = raw.interview_completed === false ? 'device not interviewed yet' : 'device not supported by Zigbee2MQTT';
      unsupported.push({ source: 'zigbee2mqtt', configTopic, component: why, name, deviceKey });
      continue;
    }
    const state = `${root}/${name}`;
    const ctx: Context = {
      ieee,
      name,
      state,
      set: `${state}/set`,
      availability: { topic: `${state}/availability`, path: 'state', online: 'online', offline: 'offline' },
    };
    const found = exposesOf(definition.exposes, ctx);
    const ask = found.gettable.length === 0 ? {} : { askTopic: `${state}/get`, askPayload: JSON.stringify(Object.fromEntries(found.gettable.map((p) => [p, '']))) };
    for (const { shape, component, hidden, note } of found.shapes) {
      entities.push({
        entity: discoveredEntity({ ...shape, device: { ...shape.device, ...ask }, availability: [ctx.availability], options: { publishQos: 0 } }),
        deviceKey,
        source: 'zigbee2mqtt',
        configTopic,
        component,
        enabledByDefault: !hidden,
        note,
      });
    }
    for (const { component, name: label } of found.unsupported) unsupported.push({ source: 'zigbee2mqtt', configTopic, component, name: label, deviceKey });
  }
  return { devices, entities, unsupported, problems: [] };
}
