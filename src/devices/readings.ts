/**
 * What a device entity's records say: a sensor's value with its unit, a switch's state, the
 * value a number or select reports, and whether the device is online. Pure functions of the
 * entity and its topics' records; the views show what they return.
 */
import { getProperty } from 'dot-prop';
import { compileTemplate, payloadScope, TemplateError } from '../discovery/template.js';
import { colourOf } from './colour.js';
import type { Availability as AvailabilitySource, Entity, StateSource } from '../entities/entity.js';
import { arrivedAfter, type TopicRecord } from '../topics/topic-record.js';
import type { TopicStore } from '../topics/topic-store.js';

/** Reads a topic's record; the topic store's `get`. */
export type RecordOf = (topic: string) => TopicRecord | undefined;

/** The topic store's `lastFound`. */
export type LastFound = TopicStore['lastFound'];

/**
 * The value at `path` in a record's JSON payload (a dot path: `ENERGY.Power`,
 * `DS18B20-2.Temperature`, `list[0].x`); the payload's text when the path is empty;
 * undefined when the payload has no such value.
 */
export function valueAt(record: TopicRecord, path: string): unknown {
  if (path === '') return record.text;
  if (record.json === undefined) return undefined;
  return getProperty(record.json as Record<string, unknown>, path);
}

/** What a template could not do with a payload: the raw value is shown, and this says why. */
export class TemplateFailure {
  constructor(readonly reason: string) {}
}

/**
 * The value a state source reads from a record: through its template when it has one (a
 * TemplateFailure when the template is beyond what this app evaluates, or does not suit the
 * payload), else at its path.
 */
export function sourceValue(record: TopicRecord, source: { path: string; template?: string | undefined }): unknown {
  if (source.template === undefined || source.template === '') return valueAt(record, source.path);
  const template = compileTemplate(source.template);
  if (template instanceof TemplateError) return new TemplateFailure(`The template ${source.template} is not supported (${template.message}).`);
  try {
    const value = template.render(payloadScope(record.text, record.json));
    return value === '' ? undefined : value;
  } catch (error) {
    return new TemplateFailure(`The template ${source.template} could not read this payload (${(error as Error).message}).`);
  }
}

/** A value as text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The newest report among an entity's state sources: its value, and which record said it. */
export interface Report {
  readonly value: unknown;
  readonly record: TopicRecord;
}

/** Where an entity's state is reported: its state topic, then the other topics. */
export function stateSources(entity: Entity): StateSource[] {
  const own = entity.topic === '' ? [] : [{ topic: entity.topic, path: entity.device.valuePath, template: entity.device.valueTemplate }];
  return [...own, ...entity.device.extraStates];
}

/** A value a state source can show: not missing, not a template's failure. */
function usable(value: unknown): unknown {
  return value === null || value instanceof TemplateFailure ? undefined : value;
}

/**
 * The newest report of any of the entity's state sources that holds a value. With `lastFound`
 * (the topic store's), a source that reads a path or a template gives the last record that
 * held its value, not only the topic's latest record: Tasmota's RESULT after one relay's
 * command holds only that relay, and must not make the others' states unknown.
 */
export function latestReport(entity: Entity, recordOf: RecordOf, lastFound?: LastFound): Report | null {
  let latest: Report | null = null;
  for (const source of stateSources(entity)) {
    const keyed = lastFound !== undefined && (source.path !== '' || (source.template ?? '') !== '');
    let report: Report | undefined;
    if (keyed) {
      report = lastFound(source.topic, `${source.path}\u0000${source.template ?? ''}`, (record) => usable(sourceValue(record, source)));
    } else {
      const record = recordOf(source.topic);
      const value = record === undefined ? undefined : usable(sourceValue(record, source));
      if (record !== undefined && value !== undefined) report = { value, record };
    }
    if (report !== undefined && (latest === null || arrivedAfter(report.record, latest.record))) latest = report;
  }
  return latest;
}

export interface SensorReading {
  /** The value as shown: rounded to the decimals asked for, with the unit. */
  readonly shown: string;
  readonly numeric: boolean;
  /** Why the value is not what was expected (not a number, no such field); empty otherwise. */
  readonly note: string;
  readonly record: TopicRecord;
}

/** The newest record among the entity's state sources, with the path its value is at. */
function newestSource(entity: Entity, recordOf: RecordOf): { record: TopicRecord; source: StateSource } | null {
  let newest: { record: TopicRecord; source: StateSource } | null = null;
  for (const source of stateSources(entity)) {
    const record = recordOf(source.topic);
    if (record !== undefined && (newest === null || arrivedAfter(record, newest.record))) newest = { record, source };
  }
  return newest;
}

export function readSensor(entity: Entity, recordOf: RecordOf): SensorReading | null {
  const newest = newestSource(entity, recordOf);
  if (newest === null) return null;
  const { record, source } = newest;
  const { path } = source;
  const { unit, decimals, stateOn, stateOff } = entity.device;
  const value = sourceValue(record, source);
  if (value instanceof TemplateFailure) return { shown: record.text, numeric: false, note: value.reason, record };
  // A binary sensor: its on and off payloads, in the words of its device class.
  if (stateOn !== '' && value !== undefined && value !== null) {
    const words = { on: entity.device.onWord || 'On', off: entity.device.offWord || 'Off' };
    if (same(value, stateOn)) return { shown: words.on, numeric: false, note: '', record };
    if (same(value, stateOff)) return { shown: words.off, numeric: false, note: '', record };
    return { shown: valueText(value), numeric: false, note: `Neither on (${stateOn}) nor off (${stateOff}).`, record };
  }
  if (value === undefined || value === null) {
    return {
      shown: record.text,
      numeric: false,
      note: path === '' ? '' : `The payload has no ${path}: shown as it came.`,
      record,
    };
  }
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) {
    return { shown: valueText(value), numeric: false, note: 'Not a number: shown as text.', record };
  }
  const digits = decimals === null ? String(number) : number.toFixed(decimals);
  return { shown: unit === '' ? digits : `${digits} ${unit}`, numeric: true, note: '', record };
}

export type SwitchState = 'on' | 'off';

export interface SwitchReading {
  /** null: the device reported something that is neither on nor off (in `raw`). */
  readonly state: SwitchState | null;
  readonly raw: string;
  readonly record: TopicRecord;
}

/** The state values a switch compares reports with: its own, or its commands. */
export function stateValues(entity: Entity): { on: string; off: string } {
  const { stateOn, stateOff, payloadOn, payloadOff } = entity.device;
  return { on: stateOn === '' ? payloadOn : stateOn, off: stateOff === '' ? payloadOff : stateOff };
}

/** Compares as devices mean it: `on` is `ON` (KmanOz and Tasmota differ), `true` is "true". */
function same(value: unknown, expected: string): boolean {
  return valueText(value).trim().toLowerCase() === expected.trim().toLowerCase();
}

export function readSwitch(entity: Entity, recordOf: RecordOf, lastFound?: LastFound): SwitchReading | null {
  const report = latestReport(entity, recordOf, lastFound);
  if (report === null) return null;
  const { on, off } = stateValues(entity);
  const state = same(report.value, on) ? 'on' : same(report.value, off) ? 'off' : null;
  return { state, raw: valueText(report.value), record: report.record };
}

/** The colour a light reports, as `#rrggbb` (null: it reported none this app can read, in `raw`). */
export function readColour(entity: Entity, recordOf: RecordOf, lastFound?: LastFound): { colour: string | null; raw: string; record: TopicRecord } | null {
  const report = latestReport(entity, recordOf, lastFound);
  return report === null ? null : { colour: colourOf(report.value), raw: valueText(report.value), record: report.record };
}

/** What a number or select reports, as text. */
export function readReported(entity: Entity, recordOf: RecordOf, lastFound?: LastFound): { value: string; record: TopicRecord } | null {
  const report = latestReport(entity, recordOf, lastFound);
  return report === null ? null : { value: valueText(report.value), record: report.record };
}

export type Availability = 'online' | 'offline' | 'unknown';

export interface AvailabilityReading {
  readonly state: Availability;
  /** What the availability topic said, for the reason shown. */
  readonly raw: string;
  /** The topic that said it. */
  readonly topic?: string;
}

function readOne(availability: AvailabilitySource, recordOf: RecordOf): AvailabilityReading & { record?: TopicRecord } {
  const record = recordOf(availability.topic);
  if (record === undefined) return { state: 'unknown', raw: '', topic: availability.topic };
  const value = sourceValue(record, availability);
  const raw = value === undefined || value instanceof TemplateFailure ? record.text : valueText(value);
  const state = same(raw, availability.online) ? 'online' : same(raw, availability.offline) ? 'offline' : 'unknown';
  return { state, raw, topic: availability.topic, record };
}

/**
 * Whether the device is online. With several availability topics (discovered devices), the
 * mode says how they add up, as in Home Assistant: all must say online, any may, or the one
 * that spoke last decides.
 */
export function readAvailability(entity: Entity, recordOf: RecordOf): AvailabilityReading {
  if (entity.availability === null) return { state: 'online', raw: '' };
  const readings = [entity.availability, ...(entity.device.moreAvailability ?? [])].map((a) => readOne(a, recordOf));
  if (readings.length === 1) return readings[0]!;
  const mode = entity.device.availabilityMode ?? 'latest';
  if (mode === 'latest') {
    const heard = readings.filter((r) => r.record !== undefined);
    return heard.reduce<(typeof heard)[number] | undefined>((a, b) => (a === undefined || arrivedAfter(b.record!, a.record!) ? b : a), undefined) ?? readings[0]!;
  }
  const offline = readings.find((r) => r.state === 'offline');
  const online = readings.find((r) => r.state === 'online');
  if (mode === 'any') return online ?? offline ?? readings[0]!;
  return offline ?? readings.find((r) => r.state === 'unknown') ?? online!;
}
