/**
 * Device presets: the entities of a device, made from its topic, as its firmware speaks MQTT.
 *
 * - Sonoff with KmanOz's Sonoff-HomeAssistant firmware: commands `on`, `off` and `stat` on the
 *   device topic; the relay's state, `on` or `off`, retained with QoS 1, on `<topic>/stat`; the
 *   TH build's `{"Temp": 23.40, "Humidity": 45.60}` on `<topic>/temp` and the POW build's
 *   `{"Power": 12.34, "Voltage": 230.00}` on `<topic>/power`. No last will, and no kept session:
 *   it subscribes afresh, at QoS 0, each time it connects.
 * - Tasmota: commands on `cmnd/<topic>/…`, answers on `stat/<topic>/…` (`POWER1` = `ON`, and
 *   `RESULT` = `{"POWER1":"ON"}`), reports of its own on `tele/<topic>/…` (`STATE` with every
 *   relay, `SENSOR` with the sensors, `LWT` = `Online` / `Offline`, its last will). A single
 *   relay is `POWER`, several are `POWER1` to `POWER8`.
 */
import { createEntity, type DeviceOptions, type EntityConfig } from '../entities/entity.js';
import type { JsonValue } from '../mqtt/payload.js';

function config(entity: ReturnType<typeof createEntity>): EntityConfig {
  const { id: _id, ...rest } = entity;
  return rest;
}

export type KmanOzBuild = 'basic' | 'th' | 'pow';

/** One line on what the KmanOz firmware cannot tell, shown with the preset. */
export const KMANOZ_NOTE =
  'This firmware has no last will: the app cannot tell when the Sonoff goes offline. It asks for the state (stat) whenever it connects.';

export function sonoffKmanOz(deviceTopic: string, name: string, build: KmanOzBuild): EntityConfig[] {
  const topic = deviceTopic.trim().replace(/\/+$/, '');
  const entities = [
    config(
      // Commands retained, as KmanOz's own Home Assistant config sends them: the firmware
      // keeps no session, so a command sent while it is away (or restarting, which is how it
      // reconnects) reaches it when it subscribes again.
      createEntity(name, `${topic}/stat`, { publishRetain: true }, {
        kind: 'switch',
        device: { commandTopic: topic, payloadOn: 'on', payloadOff: 'off', askTopic: topic, askPayload: 'stat' },
      }),
    ),
  ];
  const sensor = (label: string, sub: string, path: string, unit: string, decimals: number) =>
    config(createEntity(`${name} ${label}`, `${topic}/${sub}`, {}, { kind: 'sensor', device: { valuePath: path, unit, decimals } }));
  if (build === 'th') entities.push(sensor('temperature', 'temp', 'Temp', '°C', 1), sensor('humidity', 'temp', 'Humidity', '%', 0));
  if (build === 'pow') entities.push(sensor('power', 'power', 'Power', 'W', 1), sensor('voltage', 'power', 'Voltage', 'V', 0));
  return entities;
}

/** One line on Tasmota's three prefixes, which confuse people. */
export const TASMOTA_NOTE =
  'Tasmota listens for commands on cmnd/<topic>/…, answers them on stat/<topic>/…, and reports on its own on tele/<topic>/….';

export interface TasmotaSensor {
  /** Where the value is in tele/<topic>/SENSOR: `AM2301.Temperature`. */
  readonly path: string;
  readonly unit: string;
}

/** What asking a Tasmota device for its status found: how many relays, which sensor values. */
export interface TasmotaFindings {
  readonly relays: number;
  readonly sensors: readonly TasmotaSensor[];
}

/** The topics a Tasmota device answers `Status 10` (sensors) and `Status 11` (state) on. */
export function tasmotaStatusTopics(topic: string): { sensors: string; state: string } {
  return { sensors: `stat/${topic}/STATUS10`, state: `stat/${topic}/STATUS11` };
}

const UNITS: Readonly<Record<string, string>> = {
  Humidity: '%',
  Pressure: 'hPa',
  SeaPressure: 'hPa',
  Illuminance: 'lx',
  Power: 'W',
  ApparentPower: 'VA',
  ReactivePower: 'VAr',
  Voltage: 'V',
  Current: 'A',
  Today: 'kWh',
  Yesterday: 'kWh',
  Total: 'kWh',
  CO2: 'ppm',
  eCO2: 'ppm',
  TVOC: 'ppb',
  Distance: 'cm',
};

/**
 * The relays and sensor values in a device's `Status 11` (`{"StatusSTS": {"POWER1": "ON", …}}`)
 * and `Status 10` (`{"StatusSNS": {"AM2301": {"Temperature": 24.6, …}, "TempUnit": "C"}}`)
 * answers. Temperatures take the device's TempUnit.
 */
export function tasmotaFindings(state: JsonValue | undefined, sensors: JsonValue | undefined): TasmotaFindings {
  const sts = (state as { StatusSTS?: Record<string, JsonValue> } | undefined)?.StatusSTS ?? {};
  const relayKeys = Object.keys(sts).filter((key) => /^POWER\d*$/.test(key));
  const relays = relayKeys.includes('POWER') ? 1 : relayKeys.length;
  const sns = (sensors as { StatusSNS?: Record<string, JsonValue> } | undefined)?.StatusSNS ?? {};
  return { relays, sensors: tasmotaSensorValues(sns) };
}

/**
 * The numeric values of a sensor report (`{"AM2301": {"Temperature": 24.6, …}, "TempUnit": "C"}`,
 * the StatusSNS of Status 10, discovery's `sn`), with their units; temperatures take TempUnit.
 */
export function tasmotaSensorValues(sns: Readonly<Record<string, JsonValue>>): TasmotaSensor[] {
  const degrees = `°${typeof sns.TempUnit === 'string' ? sns.TempUnit : 'C'}`;
  const found: TasmotaSensor[] = [];
  for (const [sensor, values] of Object.entries(sns)) {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) continue;
    for (const [field, value] of Object.entries(values)) {
      // Older builds send numbers as strings ("Temperature":"21.8").
      const numeric = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
      if (!numeric) continue;
      const unit = field === 'Temperature' || field === 'DewPoint' ? degrees : (UNITS[field] ?? '');
      found.push({ path: `${sensor}.${field}`, unit });
    }
  }
  return found;
}

/**
 * Where a Tasmota device's commands, answers and reports go: `cmnd/<topic>/`, `stat/<topic>/`
 * and `tele/<topic>/` by default; its FullTopic may lay them out otherwise (discovery says how).
 */
export interface TasmotaTopics {
  readonly cmnd: string;
  readonly stat: string;
  readonly tele: string;
}

export function tasmotaTopics(topic: string): TasmotaTopics {
  const t = topic.trim();
  return { cmnd: `cmnd/${t}/`, stat: `stat/${t}/`, tele: `tele/${t}/` };
}

/** A relay's command and where its state is reported: `POWER` alone, or `POWER1`… of several. */
export function tasmotaRelay(topics: TasmotaTopics, power: string): Pick<DeviceOptions, 'commandTopic' | 'payloadOn' | 'payloadOff' | 'extraStates'> & { topic: string } {
  return {
    topic: `${topics.stat}${power}`,
    commandTopic: `${topics.cmnd}${power}`,
    payloadOn: 'ON',
    payloadOff: 'OFF',
    extraStates: [
      { topic: `${topics.stat}RESULT`, path: power },
      { topic: `${topics.tele}STATE`, path: power },
    ],
  };
}

/** A sensor value's name: "temperature"; with two sensors that both measure it, "DS18B20-1 temperature". */
export function tasmotaSensorLabel(path: string, sensors: readonly TasmotaSensor[]): string {
  const field = (p: string) => p.split('.').pop()!;
  return sensors.filter((other) => field(other.path) === field(path)).length > 1
    ? `${path.split('.').slice(0, -1).join(' ')} ${field(path).toLowerCase()}`
    : field(path).toLowerCase();
}

/** A sensor value of tele/…/SENSOR, and of the Status 10 answer it asks for on connect. */
export function tasmotaSensor(topics: TasmotaTopics, { path, unit }: TasmotaSensor): Partial<DeviceOptions> & { topic: string } {
  return {
    topic: `${topics.tele}SENSOR`,
    valuePath: path,
    unit,
    decimals: 1,
    extraStates: [{ topic: `${topics.stat}STATUS10`, path: `StatusSNS.${path}` }],
    askTopic: `${topics.cmnd}STATUS`,
    askPayload: '10',
  };
}

/** Its last will: Online and Offline unless its config says otherwise. */
export function tasmotaAvailability(topics: TasmotaTopics, online = 'Online', offline = 'Offline') {
  return { topic: `${topics.tele}LWT`, path: '', online, offline };
}

/**
 * A Tasmota device's entities: a switch per relay, reporting on stat/…/POWERn, on
 * stat/…/RESULT and in tele/…/STATE, and a sensor per value of tele/…/SENSOR (sent every
 * TelePeriod, five minutes by default) and of the Status 10 answer; all shown unavailable
 * while tele/…/LWT says Offline. On connect the relays ask for the state, the sensors for
 * Status 10, so neither waits for the next TelePeriod.
 */
export function tasmota(deviceTopic: string, name: string, relays: number, sensors: readonly TasmotaSensor[]): EntityConfig[] {
  const topics = tasmotaTopics(deviceTopic);
  const availability = tasmotaAvailability(topics);
  const switches = Array.from({ length: Math.max(0, Math.min(8, relays)) }, (_, i) => {
    const { topic, ...relay } = tasmotaRelay(topics, relays === 1 ? 'POWER' : `POWER${i + 1}`);
    return config(
      createEntity(relays === 1 ? name : `${name} ${i + 1}`, topic, {}, {
        kind: 'switch',
        device: { ...relay, ...(i === 0 ? { askTopic: `${topics.cmnd}STATE`, askPayload: '' } : {}) },
        availability,
      }),
    );
  });
  const values = sensors.map((sensor) => {
    const { topic, ...device } = tasmotaSensor(topics, sensor);
    return config(createEntity(`${name} ${tasmotaSensorLabel(sensor.path, sensors)}`, topic, {}, { kind: 'sensor', device, availability }));
  });
  return [...switches, ...values];
}

export type PresetKind = 'none' | 'kmanoz' | 'tasmota';

/** What the add form's Preset part holds while it is filled in. */
export interface PresetDraft {
  readonly preset: PresetKind;
  /** KmanOz: `home/sonoff/living_room/1`; Tasmota: its Topic, `tasmota_1A2B3C`. */
  readonly deviceTopic: string;
  readonly build: KmanOzBuild;
  /** Tasmota: how many relays, and which sensor values (found by asking the device, or typed). */
  readonly relays: number;
  readonly sensors: readonly TasmotaSensor[];
}

export const NO_PRESET: PresetDraft = { preset: 'none', deviceTopic: '', build: 'basic', relays: 1, sensors: [] };

/** What a preset asks for before it can make entities; null when it has what it needs. */
export function checkPreset(draft: PresetDraft, name: string): string | null {
  if (name.trim() === '') return 'Enter a name for the device.';
  const topic = draft.deviceTopic.trim();
  if (topic === '') return 'Enter the device topic.';
  if (/[+#]/.test(topic)) return 'The device topic is one topic, without the wildcards + or #.';
  if (draft.preset === 'tasmota' && (/\//.test(topic) || topic.startsWith('cmnd'))) {
    return 'Enter Tasmota’s Topic alone (tasmota_1A2B3C), without cmnd/, stat/ or tele/ and without slashes.';
  }
  if (draft.preset === 'tasmota' && !(draft.relays >= 0 && draft.relays <= 8 && Number.isInteger(draft.relays))) {
    return 'Tasmota has from 0 to 8 relays.';
  }
  return null;
}

/** The entities a filled-in preset makes. */
export function presetEntities(draft: PresetDraft, name: string): EntityConfig[] {
  const label = name.trim();
  if (draft.preset === 'kmanoz') return sonoffKmanOz(draft.deviceTopic, label, draft.build);
  if (draft.preset === 'tasmota') return tasmota(draft.deviceTopic, label, draft.relays, draft.sensors);
  return [];
}
