/**
 * What discovery finds: devices announced on the broker (Home Assistant discovery configs,
 * Tasmota's own, Zigbee2MQTT's device list), as entities this app shows, grouped by device,
 * with what it found and could not show. Plain data; the parsers beside this file make it
 * from retained payloads.
 */
import { createEntity, type Availability, type DeviceOptions, type EntityConfig, type EntityKind, type EntityOptions } from '../entities/entity.js';

import type { DiscoverySource } from './sources.js';

export { SOURCE_NAMES, type DiscoverySource } from './sources.js';

export interface DiscoveredDevice {
  /** Unique within its source: an identifier, a MAC, an IEEE address. */
  readonly key: string;
  readonly source: DiscoverySource;
  readonly name: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly swVersion: string;
  /** What announced it, from a Home Assistant config's origin (`Zigbee2MQTT 2.1.3`); empty when unsaid. */
  readonly via?: string;
}

export interface DiscoveredEntity {
  /** What the dashboard shows and controls, with an id stable across visits. */
  readonly entity: EntityConfig & { readonly id: string };
  readonly deviceKey: string;
  readonly source: DiscoverySource;
  /** Where it was announced. */
  readonly configTopic: string;
  /** What kind of thing the source called it (sensor, light, numeric…). */
  readonly component: string;
  /** false: listed, hidden until the user shows it. */
  readonly enabledByDefault: boolean;
  /** What of it this app does not show (a light's colour). */
  readonly note: string;
  /**
   * Its name after its device's (`humidity` in "Bedroom humidity"; '' for the device's own
   * name): the catalog names it once every config of the device has said the device's name.
   * Absent: `entity.name` is final.
   */
  readonly namePart?: string;
}

/** A config of a kind this app does not show yet (cover, climate…): listed by type. */
export interface UnsupportedEntity {
  readonly source: DiscoverySource;
  readonly configTopic: string;
  readonly component: string;
  readonly name: string;
  readonly deviceKey: string;
}

/** A config that could not be read (not JSON, a needed topic missing), with why. */
export interface DiscoveryProblem {
  readonly source: DiscoverySource;
  readonly topic: string;
  readonly reason: string;
}

/** What one retained payload announces. */
export interface Findings {
  readonly devices: readonly DiscoveredDevice[];
  readonly entities: readonly DiscoveredEntity[];
  readonly unsupported: readonly UnsupportedEntity[];
  readonly problems: readonly DiscoveryProblem[];
}

export const NOTHING_FOUND: Findings = { devices: [], entities: [], unsupported: [], problems: [] };

/** The findings of a payload that could not be read. */
export function problemFound(source: DiscoverySource, topic: string, reason: string): Findings {
  return { ...NOTHING_FOUND, problems: [{ source, topic, reason }] };
}

/** The parts of an entity a parser fills in; the rest get the defaults. */
export interface EntityShape {
  readonly id: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly topic: string;
  readonly device: Partial<DeviceOptions>;
  readonly options?: Partial<EntityOptions>;
  readonly availability?: readonly Availability[];
  readonly availabilityMode?: 'all' | 'any' | 'latest';
}

/** A discovered entity's config, with its availability list spread over the entity's fields. */
export function discoveredEntity(shape: EntityShape): EntityConfig & { id: string } {
  const [first, ...more] = shape.availability ?? [];
  return createEntity(shape.name, shape.topic, shape.options ?? {}, {
    id: shape.id,
    kind: shape.kind,
    device: { ...shape.device, moreAvailability: more, availabilityMode: shape.availabilityMode ?? 'latest' },
    availability: first ?? null,
  });
}

/** "Kitchen" and "Kitchen light" make "Kitchen light", not "Kitchen Kitchen light" (as Home Assistant, case counts). */
export function joinNames(device: string, entity: string): string {
  if (device === '') return entity;
  if (entity === '') return device;
  return entity.startsWith(device) ? entity : `${device} ${entity}`;
}

/** "device_class" words: `battery_charging` → "battery charging". */
export function words(name: string): string {
  return name.replace(/_/g, ' ').trim();
}

/** What a binary sensor's states are called, by device class (as Home Assistant shows them). */
const BINARY_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  door: ['Open', 'Closed'],
  garage_door: ['Open', 'Closed'],
  window: ['Open', 'Closed'],
  opening: ['Open', 'Closed'],
  motion: ['Detected', 'Clear'],
  occupancy: ['Detected', 'Clear'],
  presence: ['Home', 'Away'],
  moisture: ['Wet', 'Dry'],
  smoke: ['Detected', 'Clear'],
  gas: ['Detected', 'Clear'],
  carbon_monoxide: ['Detected', 'Clear'],
  vibration: ['Detected', 'Clear'],
  tamper: ['Tampering detected', 'Clear'],
  battery: ['Low', 'Normal'],
  problem: ['Problem', 'OK'],
  connectivity: ['Connected', 'Disconnected'],
  plug: ['Plugged in', 'Unplugged'],
  lock: ['Unlocked', 'Locked'],
  light: ['Light detected', 'No light'],
  running: ['Running', 'Not running'],
  safety: ['Unsafe', 'Safe'],
  heat: ['Hot', 'Normal'],
  cold: ['Cold', 'Normal'],
  power: ['Power detected', 'No power'],
};

export function binaryWords(deviceClass: string): { onWord: string; offWord: string } {
  const found = BINARY_WORDS[deviceClass];
  return found === undefined ? { onWord: '', offWord: '' } : { onWord: found[0], offWord: found[1] };
}

/** JSON's text of a value a device compares with (`true`, `ON`). */
export function payloadText(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
