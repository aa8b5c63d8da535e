/**
 * Tasmota's own discovery (SetOption19 0, the default since 9.2): each device keeps a retained
 * `tasmota/discovery/<MAC>/config` (its topic, FullTopic, relays, names, Online/Offline words)
 * and `tasmota/discovery/<MAC>/sensors` (its sensor report, `sn`). Its entities are those of the
 * Tasmota preset (devices/presets.ts), laid out by its FullTopic and named as it names them.
 */
import type { JsonValue } from '../mqtt/payload.js';
import type { TopicRecord } from '../topics/topic-record.js';
import {
  tasmotaAvailability,
  tasmotaRelay,
  tasmotaSensor,
  tasmotaSensorValues,
  type TasmotaTopics,
} from '../devices/presets.js';
import { discoveredEntity, joinNames, NOTHING_FOUND, problemFound, type DiscoveredEntity, type Findings, type UnsupportedEntity } from './discovered.js';

export const TASMOTA_FILTERS = ['tasmota/discovery/+/config', 'tasmota/discovery/+/sensors'];

/** The MAC a discovery topic is about, and which of its two configs it is. */
export function tasmotaTopicParts(topic: string): { mac: string; part: 'config' | 'sensors' } | null {
  const m = /^tasmota\/discovery\/([^/]+)\/(config|sensors)$/.exec(topic);
  return m === null ? null : { mac: m[1]!, part: m[2] as 'config' | 'sensors' };
}

type Config = Readonly<Record<string, JsonValue>>;

function isObject(value: unknown): value is Config {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const str = (value: JsonValue | undefined, fallback = '') => (typeof value === 'string' ? value : fallback);

/** FullTopic with its tokens filled in: `%prefix%/%topic%/` → `cmnd/tasmota_49A3BC/`. */
function fullTopic(config: Config, prefix: string): string {
  const mac = str(config.mac);
  const filled = str(config.ft, '%prefix%/%topic%/')
    .replaceAll('%prefix%', prefix)
    .replaceAll('%topic%', str(config.t))
    .replaceAll('%hostname%', str(config.hn))
    .replaceAll('%id%', mac.slice(-6));
  return filled.endsWith('/') ? filled : `${filled}/`;
}

/** "ESP32 temperature", "ENERGY today": the sensor and its value, as Home Assistant's Tasmota integration names them. */
function sensorLabel(path: string): string {
  const parts = path.split('.');
  return [...parts.slice(0, -1), parts.at(-1)!.toLowerCase()].join(' ');
}

/** What a relay is, by Tasmota's code in `rl`. */
const RELAY_KINDS: Readonly<Record<number, string>> = { 1: 'relay', 2: 'light', 3: 'shutter' };

/** The entities of one device, from its config and (when it has come) its sensors. */
export function readTasmota(config: TopicRecord, sensors: TopicRecord | undefined): Findings {
  const topic = config.topic;
  if (config.text.trim() === '') return NOTHING_FOUND;
  if (config.format !== 'json' || !isObject(config.json)) return problemFound('tasmota', topic, 'The config is not a JSON object.');
  const c = config.json;
  if (str(c.t) === '' || str(c.mac) === '') return problemFound('tasmota', topic, 'The config has no topic (t) or MAC (mac).');
  const prefixes = Array.isArray(c.tp) ? c.tp.map((p) => str(p)) : [];
  const topics: TasmotaTopics = {
    cmnd: fullTopic(c, prefixes[0] || 'cmnd'),
    stat: fullTopic(c, prefixes[1] || 'stat'),
    tele: fullTopic(c, prefixes[2] || 'tele'),
  };
  const mac = str(c.mac);
  const deviceName = str(c.dn) || str(c.hn) || str(c.t);
  const deviceKey = `tasmota:${mac}`;
  const device = { key: deviceKey, source: 'tasmota' as const, name: deviceName, manufacturer: 'Tasmota', model: str(c.md), swVersion: str(c.sw) };
  const availability = [tasmotaAvailability(topics, str(c.onln, 'Online'), str(c.ofln, 'Offline'))];
  const states = Array.isArray(c.state) ? c.state.map((s) => str(s)) : [];
  const names = Array.isArray(c.fn) ? c.fn : [];
  const relays = Array.isArray(c.rl) ? c.rl.map((r) => (typeof r === 'number' ? r : 0)) : [];
  const used = relays.filter((r) => r !== 0).length;
  const entities: DiscoveredEntity[] = [];
  const unsupported: UnsupportedEntity[] = [];
  const found = (component: string, entity: DiscoveredEntity['entity'], note = ''): DiscoveredEntity => ({
    entity,
    deviceKey,
    source: 'tasmota',
    configTopic: topic,
    component,
    enabledByDefault: true,
    note,
  });
  let asked = false;
  relays.forEach((kind, i) => {
    if (kind === 0) return;
    const own = str(names[i]);
    const name = own !== '' ? joinNames(deviceName, own) : used === 1 ? deviceName : `${deviceName} ${i + 1}`;
    const component = RELAY_KINDS[kind] ?? `relay type ${kind}`;
    if (kind !== 1 && kind !== 2) {
      unsupported.push({ source: 'tasmota', configTopic: topic, component, name, deviceKey });
      return;
    }
    // One relay answers as POWER; several as POWER1, POWER2… (both are read for the first).
    const power = `POWER${i + 1}`;
    const { topic: state, ...relay } = tasmotaRelay(topics, power);
    const single = used === 1 && i === 0 ? tasmotaRelay(topics, 'POWER') : null;
    const ask = asked ? {} : { askTopic: `${topics.cmnd}STATE`, askPayload: '' };
    asked = true;
    const id = `tasmota:${mac}:${power}`;
    entities.push(
      found(
        component,
        discoveredEntity({
          id,
          name,
          kind: 'switch',
          topic: state,
          device: {
            ...relay,
            payloadOn: states[1] || 'ON',
            payloadOff: states[0] || 'OFF',
            extraStates: single === null ? relay.extraStates : [...relay.extraStates, { topic: single.topic, path: '' }, ...single.extraStates],
            ...ask,
          },
          availability,
        }),
      ),
    );
    if (kind === 2 && typeof c.lt_st === 'number' && c.lt_st > 0) {
      const dimmerId = `tasmota:${mac}:Dimmer`;
      entities.push(
        found(
          'light',
          discoveredEntity({
            id: dimmerId,
            name: `${name} brightness`,
            kind: 'number',
            topic: `${topics.stat}RESULT`,
            device: {
              commandTopic: `${topics.cmnd}Dimmer`,
              valuePath: 'Dimmer',
              extraStates: [{ topic: `${topics.tele}STATE`, path: 'Dimmer' }],
              min: 0,
              max: 100,
              step: 1,
              unit: '%',
            },
            availability,
          }),
        ),
      );
    }
    // RGB and more (lt_st 3 to 5): its Color, as hex, in and out.
    if (kind === 2 && typeof c.lt_st === 'number' && c.lt_st >= 3) {
      const colourId = `tasmota:${mac}:Color`;
      entities.push(
        found(
          'light',
          discoveredEntity({
            id: colourId,
            name: `${name} colour`,
            kind: 'color',
            topic: `${topics.stat}RESULT`,
            device: { commandTopic: `${topics.cmnd}Color`, valuePath: 'Color', extraStates: [{ topic: `${topics.tele}STATE`, path: 'Color' }] },
            availability,
          }),
        ),
      );
    }
  });
  const report = sensors !== undefined && isObject(sensors.json) && isObject(sensors.json.sn) ? sensors.json.sn : null;
  if (sensors !== undefined && sensors.text.trim() !== '' && report === null) {
    return { devices: [device], entities, unsupported, problems: [{ source: 'tasmota', topic: sensors.topic, reason: 'The sensors config has no sensor report (sn).' }] };
  }
  const values = report === null ? [] : tasmotaSensorValues(report);
  for (const value of values) {
    const { topic: state, ...sensor } = tasmotaSensor(topics, value);
    const id = `tasmota:${mac}:${value.path}`;
    entities.push(
      found(
        'sensor',
        discoveredEntity({ id, name: joinNames(deviceName, sensorLabel(value.path)), kind: 'sensor', topic: state, device: sensor, availability }),
      ),
    );
  }
  return { devices: [device], entities, unsupported, problems: [] };
}
