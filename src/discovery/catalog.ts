/**
 * The catalog of what discovery found: every retained config read once (again only when it
 * changes), and the findings grouped by device, with the entities the dashboard follows (those
 * shown) and what could not be shown. Pure: it is told the records, and asked for the catalog.
 */
import type { Entity } from '../entities/entity.js';
import { topicMatches } from '../mqtt/topic.js';
import type { DiscoverySettings } from '../store/discovery.js';
import type { TopicRecord } from '../topics/topic-record.js';
import {
  joinNames,
  type DiscoveredDevice,
  type DiscoveredEntity,
  type DiscoveryProblem,
  type DiscoverySource,
  type Findings,
  type UnsupportedEntity,
} from './discovered.js';
import { homeAssistantFilters, readHomeAssistant } from './home-assistant.js';
import { readTasmota, TASMOTA_FILTERS, tasmotaTopicParts } from './tasmota.js';
import { readZigbee2mqtt, zigbee2mqttFilters } from './zigbee2mqtt.js';

export interface DeviceGroup {
  readonly device: DiscoveredDevice;
  readonly entities: readonly DiscoveredEntity[];
  readonly unsupported: readonly UnsupportedEntity[];
}

export interface Catalog {
  /** By device name; entities announced without a device come last, one group per source. */
  readonly groups: readonly DeviceGroup[];
  readonly problems: readonly DiscoveryProblem[];
  /** The entities shown: their topics are followed, their controls work. */
  readonly followed: readonly Entity[];
  /** How many entities were found in all, shown or not. */
  readonly count: number;
}

/** The filters the switched-on sources read, each with its source. */
export function discoveryFilters(settings: DiscoverySettings): { filter: string; source: DiscoverySource }[] {
  return [
    ...(settings.homeAssistant ? homeAssistantFilters(settings.homeAssistantPrefix).map((filter) => ({ filter, source: 'home-assistant' as const })) : []),
    ...(settings.tasmota ? TASMOTA_FILTERS.map((filter) => ({ filter, source: 'tasmota' as const })) : []),
    ...(settings.zigbee2mqtt ? zigbee2mqttFilters(settings.zigbee2mqttBase).map((filter) => ({ filter, source: 'zigbee2mqtt' as const })) : []),
  ];
}

/** Whether an entity is shown: as its source wants it, unless the user said otherwise. */
export function isShown(found: DiscoveredEntity, settings: DiscoverySettings): boolean {
  return settings.shown[found.entity.id] ?? found.enabledByDefault;
}

export class DiscoveryReader {
  /** Per config topic (for Tasmota, per device's config topic): what it announced. */
  private readonly findings = new Map<string, { seq: number; findings: Findings }>();
  private filters: { filter: string; source: DiscoverySource }[] = [];

  constructor(private settings: DiscoverySettings) {
    this.filters = discoveryFilters(settings);
  }

  /** New settings: what a source no longer read is forgotten; true when that changed anything. */
  configure(settings: DiscoverySettings): void {
    this.settings = settings;
    this.filters = discoveryFilters(settings);
    for (const topic of [...this.findings.keys()]) if (this.sourceOf(topic) === null) this.findings.delete(topic);
  }

  private sourceOf(topic: string): DiscoverySource | null {
    return this.filters.find(({ filter }) => topicMatches(filter, topic))?.source ?? null;
  }

  /**
   * Reads the records that changed (`recordOf` gives any other record: a Tasmota config
   * needs its sensors); returns whether what was found may have changed.
   */
  read(records: readonly TopicRecord[], recordOf: (topic: string) => TopicRecord | undefined): boolean {
    let changed = false;
    for (const record of records) {
      const source = this.sourceOf(record.topic);
      if (source === null) continue;
      if (source === 'tasmota') {
        const parts = tasmotaTopicParts(record.topic);
        if (parts === null) continue;
        const configTopic = `tasmota/discovery/${parts.mac}/config`;
        const config = parts.part === 'config' ? record : recordOf(configTopic);
        const sensors = recordOf(`tasmota/discovery/${parts.mac}/sensors`);
        if (config === undefined) continue;
        this.findings.set(configTopic, { seq: record.seq, findings: readTasmota(config, parts.part === 'sensors' ? record : sensors) });
      } else {
        const known = this.findings.get(record.topic);
        if (known !== undefined && known.seq === record.seq) continue;
        const findings =
          source === 'home-assistant'
            ? readHomeAssistant(record, this.settings.homeAssistantPrefix)
            : readZigbee2mqtt(record, this.settings.zigbee2mqttBase);
        this.findings.set(record.topic, { seq: record.seq, findings });
      }
      changed = true;
    }
    return changed;
  }

  /** The topics whose findings are kept. */
  topics(): string[] {
    return [...this.findings.keys()];
  }

  /** Records gone (nothing follows them any more): what they announced goes with them. */
  forget(topic: string): void {
    this.findings.delete(topic);
  }

  catalog(): Catalog {
    const devices = new Map<string, DiscoveredDevice>();
    const entities = new Map<string, DiscoveredEntity>();
    const unsupported: UnsupportedEntity[] = [];
    const problems: DiscoveryProblem[] = [];
    for (const { findings } of this.findings.values()) {
      for (const device of findings.devices) {
        const known = devices.get(device.key);
        // Each config of a device may say a little about it: what one leaves out another may say.
        devices.set(
          device.key,
          known === undefined
            ? device
            : {
                ...known,
                name: known.name || device.name,
                manufacturer: known.manufacturer || device.manufacturer,
                model: known.model || device.model,
                swVersion: known.swVersion || device.swVersion,
                ...(known.via || device.via ? { via: known.via || device.via } : {}),
              },
        );
      }
      for (const found of findings.entities) {
        const twin = entities.get(found.entity.id);
        if (twin === undefined) entities.set(found.entity.id, found);
        else problems.push({ source: found.source, topic: found.configTopic, reason: `Announces the same unique_id as ${twin.configTopic}: shown once.` });
      }
      unsupported.push(...findings.unsupported);
      problems.push(...findings.problems);
    }
    const groups = new Map<string, { device: DiscoveredDevice; entities: DiscoveredEntity[]; unsupported: UnsupportedEntity[] }>();
    const groupOf = (key: string, source: DiscoverySource) => {
      const id = key === '' ? `${source}:` : key;
      let group = groups.get(id);
      if (group === undefined) {
        const device = devices.get(key) ?? { key: id, source, name: '', manufacturer: '', model: '', swVersion: '' };
        group = { device, entities: [], unsupported: [] };
        groups.set(id, group);
      }
      return group;
    };
    for (const found of entities.values()) {
      const deviceName = devices.get(found.deviceKey)?.name ?? '';
      const named =
        found.namePart === undefined || deviceName === ''
          ? found
          : { ...found, entity: { ...found.entity, name: found.namePart === '' ? deviceName : joinNames(deviceName, found.namePart) } };
      entities.set(found.entity.id, named);
      groupOf(found.deviceKey, found.source).entities.push(named);
    }
    for (const item of unsupported) groupOf(item.deviceKey, item.source).unsupported.push(item);
    const byName = [...groups.values()].sort((a, b) => {
      const loose = Number(a.device.name === '') - Number(b.device.name === '');
      return loose !== 0 ? loose : a.device.name.localeCompare(b.device.name);
    });
    for (const group of byName) group.entities.sort((a, b) => a.entity.name.localeCompare(b.entity.name));
    const followed = [...entities.values()].filter((found) => isShown(found, this.settings)).map((found) => found.entity);
    return { groups: byName, problems: problems.sort((a, b) => a.topic.localeCompare(b.topic)), followed, count: entities.size };
  }
}
