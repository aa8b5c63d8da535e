/**
 * Home Assistant's MQTT discovery, read as Home Assistant reads it: a retained config on
 * `<prefix>/<component>/[<node_id>/]<object_id>/config` announces one entity, and one on
 * `<prefix>/device/[<node_id>/]<object_id>/config` a device with several (`cmps`, each with
 * its platform in `p`, inheriting the root's shared options). Keys may be abbreviated (`stat_t`)
 * and mixed with full ones; `~` stands for a base topic at the start or end of topic keys.
 * An empty config removes what it announced; `{"migrate_discovery": true}` marks a config
 * that moves to (or from) device discovery, and announces nothing meanwhile.
 */
import type { Availability, DeviceOptions } from '../entities/entity.js';
import type { JsonValue } from '../mqtt/payload.js';
import type { TopicRecord } from '../topics/topic-record.js';
import { templatePath } from './template.js';
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

export const DEFAULT_HA_PREFIX = 'homeassistant';

/** The filters a prefix's configs arrive on (the prefix may hold slashes). */
export function homeAssistantFilters(prefix: string): string[] {
  const p = cleanPrefix(prefix);
  return [`${p}/+/+/config`, `${p}/+/+/+/config`];
}

function cleanPrefix(prefix: string): string {
  return prefix.trim().replace(/^\/+|\/+$/g, '') || DEFAULT_HA_PREFIX;
}

/** The abbreviations discovery configs use, as Home Assistant documents them (those read here). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  avty: 'availability',
  avty_mode: 'availability_mode',
  avty_t: 'availability_topic',
  avty_tpl: 'availability_template',
  bri_cmd_t: 'brightness_command_topic',
  bri_cmd_tpl: 'brightness_command_template',
  bri_scl: 'brightness_scale',
  bri_stat_t: 'brightness_state_topic',
  bri_val_tpl: 'brightness_value_template',
  clr_temp_cmd_t: 'color_temp_command_topic',
  cmd_t: 'command_topic',
  cmd_tpl: 'command_template',
  cmps: 'components',
  dev: 'device',
  dev_cla: 'device_class',
  en: 'enabled_by_default',
  ent_cat: 'entity_category',
  ic: 'icon',
  max: 'max',
  max_mirs: 'max_mireds',
  min: 'min',
  min_mirs: 'min_mireds',
  mode: 'mode',
  name: 'name',
  o: 'origin',
  obj_id: 'object_id',
  ops: 'options',
  opt: 'optimistic',
  p: 'platform',
  pl_avail: 'payload_available',
  pl_not_avail: 'payload_not_available',
  pl_off: 'payload_off',
  pl_on: 'payload_on',
  pl_prs: 'payload_press',
  qos: 'qos',
  ret: 'retain',
  rgb_cmd_t: 'rgb_command_topic',
  rgb_cmd_tpl: 'rgb_command_template',
  rgb_stat_t: 'rgb_state_topic',
  rgb_val_tpl: 'rgb_value_template',
  hs_cmd_t: 'hs_command_topic',
  xy_cmd_t: 'xy_command_topic',
  stat_cla: 'state_class',
  stat_off: 'state_off',
  stat_on: 'state_on',
  stat_t: 'state_topic',
  stat_tpl: 'state_template',
  stat_val_tpl: 'state_value_template',
  step: 'step',
  sug_dsp_prc: 'suggested_display_precision',
  sup_clrm: 'supported_color_modes',
  t: 'topic',
  uniq_id: 'unique_id',
  unit_of_meas: 'unit_of_measurement',
  val_tpl: 'value_template',
};

const DEVICE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  cns: 'connections',
  cu: 'configuration_url',
  hw: 'hw_version',
  ids: 'identifiers',
  mdl: 'model',
  mdl_id: 'model_id',
  mf: 'manufacturer',
  sa: 'suggested_area',
  sn: 'serial_number',
  sw: 'sw_version',
};

type Config = Readonly<Record<string, JsonValue>>;

function isObject(value: unknown): value is Config {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The config with every abbreviated key spelled out (a full key beside its abbreviation wins). */
function expand(config: Config, table: Readonly<Record<string, string>>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(config)) {
    const full = table[key] ?? key;
    if (full !== key && Object.hasOwn(config, full)) continue;
    out[full] = value;
  }
  return out;
}

/** `~` in topic keys: `~/state` and `~state` start with the base, `state/~` ends with it. */
function expandBase(config: Record<string, JsonValue>, base: string | undefined): void {
  if (base === undefined) return;
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !(key === 'topic' || key.endsWith('_topic'))) continue;
    let topic = value;
    if (topic.startsWith('~')) topic = base + topic.slice(1);
    if (topic.endsWith('~')) topic = topic.slice(0, -1) + base;
    config[key] = topic;
  }
}

function text(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function num(value: JsonValue | undefined, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : fallback;
}

/** Where a template reads its value: a plain path the entity form can edit, or the template. */
function valueFrom(template: JsonValue | undefined): Pick<DeviceOptions, 'valuePath' | 'valueTemplate'> {
  const source = text(template);
  if (source === '') return { valuePath: '', valueTemplate: '' };
  const path = templatePath(source);
  return path === null ? { valuePath: '', valueTemplate: source } : { valuePath: path, valueTemplate: '' };
}

function availabilityOf(config: Record<string, JsonValue>): { list: Availability[]; mode: 'all' | 'any' | 'latest' } {
  const item = (raw: Record<string, JsonValue>, base: string | undefined): Availability | null => {
    const entry = expand(raw, ABBREVIATIONS);
    expandBase(entry, base);
    const topic = text(entry.topic);
    if (topic === '') return null;
    const from = valueFrom(entry.value_template);
    return {
      topic,
      path: from.valuePath,
      template: from.valueTemplate,
      online: payloadText(entry.payload_available, 'online'),
      offline: payloadText(entry.payload_not_available, 'offline'),
    };
  };
  const base = typeof config['~'] === 'string' ? config['~'] : undefined;
  const list: Availability[] = [];
  if (Array.isArray(config.availability)) {
    for (const raw of config.availability) if (isObject(raw)) list.push(...[item(raw, base)].filter((a) => a !== null));
  } else if (typeof config.availability_topic === 'string') {
    const single = item(
      {
        topic: config.availability_topic,
        payload_available: config.payload_available ?? 'online',
        payload_not_available: config.payload_not_available ?? 'offline',
        value_template: config.availability_template ?? null,
      },
      undefined,
    );
    if (single !== null) list.push(single);
  }
  const mode = config.availability_mode;
  return { list, mode: mode === 'all' || mode === 'any' ? mode : 'latest' };
}

function deviceOf(raw: JsonValue | undefined, fallbackKey: string, origin: JsonValue | undefined): DiscoveredDevice | null {
  if (!isObject(raw)) return null;
  const by = isObject(origin) ? expand(origin, DEVICE_ABBREVIATIONS) : {};
  const via = [text(by.name), text(by.sw_version)].filter((part) => part !== '').join(' ');
  const dev = expand(raw, DEVICE_ABBREVIATIONS);
  const ids = dev.identifiers;
  const id = Array.isArray(ids) ? text(ids[0]) : text(ids);
  const connection = Array.isArray(dev.connections) && Array.isArray(dev.connections[0]) ? dev.connections[0].map(text).join(':') : '';
  return {
    key: `ha:${id || connection || fallbackKey}`,
    source: 'home-assistant',
    name: text(dev.name),
    manufacturer: text(dev.manufacturer),
    model: text(dev.model) || text(dev.model_id),
    swVersion: text(dev.sw_version),
    ...(via === '' ? {} : { via }),
  };
}

/**
 * The name Home Assistant gives it: `name: null` is the device's; none with a class, the
 * device's and the class; else the device's and its own. `part` is what follows the device's
 * name, for the catalog to join once it knows the device's name from any of its configs.
 */
function nameOf(config: Record<string, JsonValue>, device: DiscoveredDevice | null, component: string, objectId: string): { name: string; part: string } {
  const deviceName = device?.name ?? '';
  const own = text(config.name);
  const part =
    Object.hasOwn(config, 'name') && config.name === null ? '' : own !== '' ? own : text(config.device_class) !== '' ? words(text(config.device_class)) : words(component);
  if (deviceName !== '') return { name: joinNames(deviceName, part), part };
  return { name: part === '' || (own === '' && text(config.device_class) === '') ? words(objectId) : part, part };
}

interface Built {
  readonly shapes: EntityShape[];
  readonly note?: string;
}

/** What one component's config makes, or why it cannot be shown. */
function build(component: string, c: Record<string, JsonValue>, id: string, name: string): Built | { problem: string } | { unsupported: string } {
  const state = text(c.state_topic);
  const command = text(c.command_topic);
  const common = { id, name, topic: state };
  const needs = (what: string, value: string) => (value === '' ? { problem: `A ${words(component)} needs a ${what}.` } : null);
  switch (component) {
    case 'sensor':
      return (
        needs('state_topic', state) ?? {
          shapes: [
            {
              ...common,
              kind: 'sensor',
              device: {
                ...valueFrom(c.value_template),
                unit: text(c.unit_of_measurement).trim(),
                decimals: c.suggested_display_precision === undefined ? null : num(c.suggested_display_precision, 0),
              },
            },
          ],
        }
      );
    case 'binary_sensor':
      return (
        needs('state_topic', state) ?? {
          shapes: [
            {
              ...common,
              kind: 'sensor',
              device: {
                ...valueFrom(c.value_template),
                stateOn: payloadText(c.payload_on, 'ON'),
                stateOff: payloadText(c.payload_off, 'OFF'),
                ...binaryWords(text(c.device_class)),
              },
            },
          ],
        }
      );
    case 'switch':
      return (
        needs('command_topic', command) ?? {
          shapes: [
            {
              ...common,
              kind: 'switch',
              device: {
                ...valueFrom(c.value_template),
                commandTopic: command,
                commandTemplate: text(c.command_template),
                payloadOn: payloadText(c.payload_on, 'ON'),
                payloadOff: payloadText(c.payload_off, 'OFF'),
                stateOn: payloadText(c.state_on, ''),
                stateOff: payloadText(c.state_off, ''),
              },
            },
          ],
        }
      );
    case 'light':
      return needs('command_topic', command) ?? light(c, common, command);
    case 'button':
      return (
        needs('command_topic', command) ?? {
          shapes: [
            {
              ...common,
              topic: '',
              kind: 'button',
              device: { commandTopic: command, commandTemplate: text(c.command_template), pressPayload: payloadText(c.payload_press, 'PRESS') },
            },
          ],
        }
      );
    case 'number':
      return (
        needs('command_topic', command) ?? {
          shapes: [
            {
              ...common,
              kind: 'number',
              device: {
                ...valueFrom(c.value_template),
                commandTopic: command,
                commandTemplate: text(c.command_template),
                min: num(c.min, 1),
                max: num(c.max, 100),
                step: num(c.step, 1),
                mode: c.mode === 'box' ? 'box' : 'slider',
                unit: text(c.unit_of_measurement).trim(),
              },
            },
          ],
        }
      );
    case 'select': {
      const choices = Array.isArray(c.options) ? c.options.map(text).filter((o) => o !== '') : [];
      if (choices.length === 0) return { problem: 'A select needs its options.' };
      return (
        needs('command_topic', command) ?? {
          shapes: [
            {
              ...common,
              kind: 'select',
              device: { ...valueFrom(c.value_template), commandTopic: command, commandTemplate: text(c.command_template), choices },
            },
          ],
        }
      );
    }
    case 'text':
      return (
        needs('command_topic', command) ?? {
          shapes: [{ ...common, kind: 'text', device: { ...valueFrom(c.value_template), commandTopic: command, commandTemplate: text(c.command_template) } }],
        }
      );
    default:
      return { unsupported: component };
  }
}

/** A light: a switch for on and off, a number for its brightness, and its colour, when it has them. */
function light(c: Record<string, JsonValue>, common: { id: string; name: string; topic: string }, command: string): Built | { unsupported: string } {
  const schema = text(c.schema) || 'default';
  const modes = Array.isArray(c.supported_color_modes) ? c.supported_color_modes.map(text) : [];
  const scale = num(c.brightness_scale, 255);
  const part = (what: 'brightness' | 'colour', shape: Omit<EntityShape, 'id' | 'name'>): EntityShape => ({ ...shape, id: `${common.id}#${what}`, name: `${common.name} ${what}` });
  if (schema === 'json') {
    const switchShape: EntityShape = {
      ...common,
      kind: 'switch',
      device: { commandTopic: command, valuePath: 'state', payloadOn: '{"state":"ON"}', payloadOff: '{"state":"OFF"}', stateOn: 'ON', stateOff: 'OFF' },
    };
    const dims = c.brightness === true || modes.some((m) => m !== 'onoff');
    const brightness = part('brightness', {
      topic: common.topic,
      kind: 'number',
      device: { commandTopic: command, valuePath: 'brightness', commandTemplate: '{"state": "ON", "brightness": {{ value }}}', min: 0, max: scale, step: 1 },
    });
    // Every colour mode takes r, g and b: the light makes its own x/y or hue of them.
    const colours = modes.some((m) => ['rgb', 'rgbw', 'rgbww', 'hs', 'xy'].includes(m)) || c.rgb === true || c.xy === true || c.hs === true;
    const colour = part('colour', {
      topic: common.topic,
      kind: 'color',
      device: { commandTopic: command, valuePath: 'color', commandTemplate: '{"state": "ON", "color": {"r": {{ red }}, "g": {{ green }}, "b": {{ blue }}}}' },
    });
    return { shapes: [switchShape, ...(dims ? [brightness] : []), ...(colours ? [colour] : [])] };
  }
  if (schema !== 'default' && schema !== 'basic') return { unsupported: `light (${schema} schema)` };
  const switchShape: EntityShape = {
    ...common,
    kind: 'switch',
    device: {
      ...valueFrom(c.state_value_template),
      commandTopic: command,
      payloadOn: payloadText(c.payload_on, 'ON'),
      payloadOff: payloadText(c.payload_off, 'OFF'),
    },
  };
  const shapes = [switchShape];
  const brightnessCommand = text(c.brightness_command_topic);
  if (brightnessCommand !== '') {
    shapes.push(
      part('brightness', {
        topic: text(c.brightness_state_topic),
        kind: 'number',
        device: { ...valueFrom(c.brightness_value_template), commandTopic: brightnessCommand, commandTemplate: text(c.brightness_command_template), min: 0, max: scale, step: 1 },
      }),
    );
  }
  const rgbCommand = text(c.rgb_command_topic);
  if (rgbCommand !== '') {
    shapes.push(
      part('colour', {
        topic: text(c.rgb_state_topic),
        kind: 'color',
        device: { ...valueFrom(c.rgb_value_template), commandTopic: rgbCommand, commandTemplate: text(c.rgb_command_template) || '{{ red }},{{ green }},{{ blue }}' },
      }),
    );
  }
  const otherColours = rgbCommand === '' && (c.hs_command_topic !== undefined || c.xy_command_topic !== undefined);
  return { shapes, note: otherColours ? 'Its colour is set by hue or x/y here, which this app does not set yet: on, off and brightness it does.' : '' };
}

/** Keys of a device config's root that are not options its components share. */
const DEVICE_ONLY = new Set(['device', 'origin', 'components', 'migrate_discovery']);

/** What one retained record on a config topic announces. */
export function readHomeAssistant(record: TopicRecord, prefix: string): Findings {
  const p = cleanPrefix(prefix);
  const topic = record.topic;
  if (!topic.startsWith(`${p}/`)) return NOTHING_FOUND;
  const parts = topic.slice(p.length + 1).split('/');
  if (parts.at(-1) !== 'config' || (parts.length !== 3 && parts.length !== 4)) return NOTHING_FOUND;
  const component = parts[0]!;
  const objectId = parts[parts.length - 2]!;
  // An empty retained config removes what it announced.
  if (record.text.trim() === '') return NOTHING_FOUND;
  if (record.truncated) return problemFound('home-assistant', topic, 'The config is too large to read.');
  if (record.format !== 'json' || !isObject(record.json)) return problemFound('home-assistant', topic, 'The config is not a JSON object.');
  const root = expand(record.json, ABBREVIATIONS);
  if (root.migrate_discovery === true && Object.keys(root).length === 1) return NOTHING_FOUND;

  if (component === 'device') {
    const device = deviceOf(root.device, topic, root.origin);
    if (device === null) return problemFound('home-assistant', topic, 'A device config needs its device (dev).');
    if (!isObject(root.components)) return problemFound('home-assistant', topic, 'A device config needs its components (cmps).');
    const shared: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(root)) if (!DEVICE_ONLY.has(key)) shared[key] = value;
    const found: Findings[] = Object.entries(root.components).map(([key, raw]) => {
      if (!isObject(raw)) return problemFound('home-assistant', `${topic} (${key})`, 'A component should be an object.');
      const own = expand(raw, ABBREVIATIONS);
      // `{"p": "sensor"}` alone: that component is removed.
      if (Object.keys(own).length === 1 && own.platform !== undefined) return NOTHING_FOUND;
      const platform = text(own.platform);
      if (platform === '') return problemFound('home-assistant', `${topic} (${key})`, 'A component needs its platform (p).');
      return entityFindings(platform, { ...shared, ...own }, device, topic, key, objectId);
    });
    return {
      devices: [device],
      entities: found.flatMap((f) => f.entities),
      unsupported: found.flatMap((f) => f.unsupported),
      problems: found.flatMap((f) => f.problems),
    };
  }
  const device = deviceOf(root.device, '', root.origin);
  const findings = entityFindings(component, root, device, topic, null, objectId);
  return { ...findings, devices: device === null ? [] : [device] };
}

function entityFindings(
  component: string,
  raw: Record<string, JsonValue>,
  device: DiscoveredDevice | null,
  configTopic: string,
  componentKey: string | null,
  objectId: string,
): Findings {
  const config = { ...raw };
  expandBase(config, typeof config['~'] === 'string' ? config['~'] : undefined);
  const uniqueId = text(config.unique_id);
  const id = uniqueId !== '' ? `ha:${uniqueId}` : `ha:${configTopic}${componentKey === null ? '' : `#${componentKey}`}`;
  const { name, part } = nameOf(config, device, component, componentKey ?? objectId);
  const where = componentKey === null ? configTopic : `${configTopic} (${componentKey})`;
  const deviceKey = device?.key ?? '';
  const built = build(component, config, id, name);
  if ('problem' in built) return problemFound('home-assistant', where, built.problem);
  if ('unsupported' in built) {
    const unsupported: UnsupportedEntity = { source: 'home-assistant', configTopic: where, component: built.unsupported, name, deviceKey };
    return { ...NOTHING_FOUND, unsupported: [unsupported] };
  }
  const { list, mode } = availabilityOf(config);
  const qos = num(config.qos, 0);
  const entities: DiscoveredEntity[] = built.shapes.map((shape) => ({
    entity: discoveredEntity({
      ...shape,
      availability: list,
      availabilityMode: mode,
      options: { publishQos: qos === 1 || qos === 2 ? qos : 0, publishRetain: config.retain === true },
    }),
    deviceKey,
    source: 'home-assistant',
    configTopic: where,
    component,
    enabledByDefault: config.enabled_by_default !== false,
    note: built.note ?? '',
    ...(device === null ? {} : { namePart: /#(brightness|colour)$/.test(shape.id) ? joinNames(part, shape.id.split('#').pop()!) : part }),
  }));
  return { ...NOTHING_FOUND, entities };
}
