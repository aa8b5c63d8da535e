/**
 * Discovery's readers, given the payloads real devices and bridges publish (fixtures/, each
 * with its source), and the template subset they use.
 */
import { expect } from '@open-wc/testing';
import { commandPayload } from '../../src/app/controls.js';
import { colourOf } from '../../src/devices/colour.js';
import { readAvailability, readColour, readReported, readSensor, readSwitch } from '../../src/devices/readings.js';
import { DiscoveryReader, type Catalog } from '../../src/discovery/catalog.js';
import type { DiscoveredEntity } from '../../src/discovery/discovered.js';
import { compileTemplate, templatePath, TemplateError } from '../../src/discovery/template.js';
import type { Entity } from '../../src/entities/entity.js';
import { decodePayload } from '../../src/mqtt/payload.js';
import { DEFAULT_DISCOVERY, type DiscoverySettings } from '../../src/store/discovery.js';
import type { TopicRecord } from '../../src/topics/topic-record.js';
import { topicRecord } from '../support/fake-session.js';
import * as ha from './fixtures/home-assistant.js';
import * as tas from './fixtures/tasmota.js';
import * as z2m from './fixtures/zigbee2mqtt.js';

function received(topic: string, text: string): TopicRecord {
  const decoded = decodePayload(new TextEncoder().encode(text), 4 * 1024 * 1024);
  return topicRecord(topic, decoded.text, { format: decoded.format, json: decoded.json, retained: true });
}

const ALL_ON: DiscoverySettings = { ...DEFAULT_DISCOVERY, homeAssistant: true, tasmota: true, zigbee2mqtt: true };

/** Reads these messages as the app does: one record per topic, the last one winning. */
function discover(messages: readonly { topic: string; payload: string }[], settings = ALL_ON): { catalog: Catalog; recordOf: (t: string) => TopicRecord | undefined; reader: DiscoveryReader; map: Map<string, TopicRecord> } {
  const map = new Map<string, TopicRecord>();
  const reader = new DiscoveryReader(settings);
  for (const { topic, payload } of messages) {
    const record = received(topic, payload);
    map.set(topic, record);
    reader.read([record], (t) => map.get(t));
  }
  return { catalog: reader.catalog(), recordOf: (t) => map.get(t), reader, map };
}

const entities = (catalog: Catalog): DiscoveredEntity[] => catalog.groups.flatMap((g) => g.entities);
const named = (catalog: Catalog, name: string): Entity => {
  const found = entities(catalog).find((f) => f.entity.name === name);
  if (found === undefined) throw new Error(`no entity named ${name}: ${entities(catalog).map((f) => f.entity.name).join(', ')}`);
  return found.entity;
};
const states = (...list: { topic: string; payload: string }[]) => {
  const map = new Map(list.map(({ topic, payload }) => [topic, received(topic, payload)]));
  return (topic: string) => map.get(topic);
};

describe('the template subset', () => {
  const render = (source: string, text: string) => {
    const template = compileTemplate(source);
    if (template instanceof TemplateError) throw template;
    const json = decodePayload(new TextEncoder().encode(text)).json;
    return template.render({ value: text, value_json: json });
  };

  it('reads attributes and indexes in the forms real configs write them', () => {
    // From the fixtures' configs: Tasmota, Zigbee2MQTT, HA docs.
    expect(render("{{value_json['RSSI']}}", '{"RSSI":76}')).to.equal(76);
    expect(render('{{ value_json["state_left"] }}', '{"state_left":"ON"}')).to.equal('ON');
    expect(render("{{value_json['DS18S20'].Temperature}}", '{"DS18S20":{"Temperature":21.5}}')).to.equal(21.5);
    expect(render("{{value_json['ENERGY'].Today}}", '{"ENERGY":{"Today":1.25}}')).to.equal(1.25);
    expect(render("{{value_json['DS18B20-2']['Temperature']}}", '{"DS18B20-2":{"Temperature":19}}')).to.equal(19);
    expect(render('{{ value_json.temperature}}', '{"temperature":23.2}')).to.equal(23.2);
    expect(render('{{ value|float }}', '21.50')).to.equal(21.5);
  });

  it('evaluates filters, arithmetic, comparisons and if/else', () => {
    expect(render('{{ (value_json.t | float * 10) | round(1) }}', '{"t":"2.345"}')).to.equal(23.5);
    expect(render("{{ value_json.missing | default('n/a') }}", '{}')).to.equal('n/a');
    expect(render('{{ value | int }}', '42.9')).to.equal(42);
    expect(render("{{ 'ON' if value_json.power > 5 else 'OFF' }}", '{"power":7}')).to.equal('ON');
    expect(render("{% if value == '1' %}open{% else %}closed{% endif %}", '0')).to.equal('closed');
    expect(render('{{ value_json.log_level | lower }}', '{"log_level":"INFO"}')).to.equal('info');
    expect(render('{{ value_json.a and not value_json.b }}', '{"a":true,"b":false}')).to.equal(true);
  });

  it('refuses what it does not support, with the reason, and never runs code', () => {
    // TASMOTA_HA_LIGHT_RGB's rgb template slices and joins (homebridge-tasmota cleanUp.js).
    const sliced = compileTemplate("{{ value_json.Color.split(',')[0:3]|join(',') }}");
    expect(sliced).to.be.instanceOf(TemplateError);
    expect(compileTemplate('{% set x = 1 %}{{ x }}')).to.be.instanceOf(TemplateError);
    expect(compileTemplate('{{ value.constructor.constructor("alert(1)")() }}')).to.be.instanceOf(TemplateError);
    const blocked = compileTemplate('{{ value_json.constructor }}');
    expect(blocked instanceof TemplateError ? 'error' : blocked.render({ value: '', value_json: {} })).to.equal(undefined);
  });

  it('turns templates that only read a value into paths the entity form can edit', () => {
    expect(templatePath('{{ value_json.temperature}}')).to.equal('temperature');
    expect(templatePath("{{value_json['DS18S20'].Temperature}}")).to.equal('DS18S20.Temperature');
    expect(templatePath("{{value_json['ENERGY'].Today}}")).to.equal('ENERGY.Today');
    expect(templatePath('{{ value }}')).to.equal('');
    expect(templatePath('{{ value|float }}')).to.equal(null);
  });
});

describe('colours as lights report them', () => {
  it('read hex, r,g,b, JSON r/g/b, x/y and hue/saturation', () => {
    expect(colourOf('#FF8800')).to.equal('#ff8800');
    // Tasmota's Color with its white channels (RGBCW).
    expect(colourOf('FF880000FF')).to.equal('#ff8800');
    expect(colourOf('255,136,0')).to.equal('#ff8800');
    expect(colourOf({ r: 255, g: 136, b: 0 })).to.equal('#ff8800');
    expect(colourOf({ hue: 0, saturation: 100 })).to.equal('#ff0000');
    expect(colourOf({ h: 240, s: 100 })).to.equal('#0000ff');
    // Hue's red corner of its gamut (Philips' "RGB to xy" note: red is about x 0.70, y 0.30).
    expect(colourOf({ x: 0.7006, y: 0.2993 })?.slice(0, 3)).to.equal('#ff');
    expect(colourOf('warm')).to.equal(null);
  });
});

describe('Home Assistant discovery', () => {
  it('names entities as Home Assistant does: the device for name null, device and class, device and name once', () => {
    const { catalog } = discover([ha.HA_DOCS_BINARY_SENSOR_GARDEN, ha.HA_DOCS_SENSOR_BEDROOM_TEMPERATURE, ha.HA_DOCS_SENSOR_BEDROOM_HUMIDITY, ha.Z2M_BULB_LIGHT, ha.Z2M_BRIDGE_LOG_LEVEL_SELECT]);
    const names = entities(catalog).map((f) => f.entity.name);
    expect(names).to.include.members(['Garden', 'Bedroom temperature', 'Bedroom humidity', 'bulb', 'bulb brightness', 'Zigbee2MQTT Bridge Log level']);
    const bedroom = catalog.groups.find((g) => g.device.name === 'Bedroom')!;
    expect(bedroom.device).to.deep.include({ manufacturer: 'Example sensors Ltd.', model: 'Example Sensor', swVersion: '2024.1.0' });
    expect(bedroom.entities.map((f) => f.entity.name)).to.deep.equal(['Bedroom humidity', 'Bedroom temperature']);
  });

  it('reads sensor values through their templates, with units, and binary sensors in their class’s words', () => {
    const { catalog } = discover([ha.HA_DOCS_SENSOR_BEDROOM_TEMPERATURE, ha.HA_DOCS_SENSOR_ACURITE, ha.TASMOTA_HA_STATUS_SENSOR, ha.HA_DOCS_BINARY_SENSOR_GARDEN, ha.Z2M_BRIDGE_RESTART_REQUIRED]);
    const recordOf = states(
      ha.HA_DOCS_SENSOR_BEDROOM_STATE,
      { topic: 'rtl_433/rtl433/devices/Acurite-986/1R/51778/temperature_C', payload: '21.30' },
      { topic: 'sonoff/tele/HASS_STATE', payload: '{"RSSI":76,"Version":"8.1.0.2"}' },
      { topic: 'homeassistant/binary_sensor/garden/state', payload: 'ON' },
      { topic: 'zigbee2mqtt/bridge/info', payload: '{"restart_required":false}' },
    );
    expect(readSensor(named(catalog, 'Bedroom temperature'), recordOf)?.shown).to.equal('23.2 °C');
    expect(readSensor(named(catalog, 'Bathroom temperature'), recordOf)?.shown).to.equal('21.3 °C');
    expect(readSensor(named(catalog, 'IR Zone status'), recordOf)?.shown).to.equal('76');
    expect(readSensor(named(catalog, 'Garden'), recordOf)?.shown).to.equal('Detected');
    // payload_on: true (Zigbee2MQTT), a template that returns a boolean.
    expect(readSensor(named(catalog, 'Zigbee2MQTT Bridge Restart required'), recordOf)?.shown).to.equal('OK');
  });

  it('expands ~ at the start, glued without a slash, and only in topic keys', () => {
    const { catalog } = discover([ha.HA_DOCS_SWITCH_ABBREVIATED, ha.TASMOTA_HA_SWITCH_RL4, ha.TASMOTA_HA_DS18S20_TEMPERATURE]);
    const garden = named(catalog, 'garden');
    expect(garden.device.commandTopic).to.equal('homeassistant/switch/irrigation/set');
    expect(garden.topic).to.equal('homeassistant/switch/irrigation/state');
    const zone = named(catalog, 'IR Zone 4');
    expect(zone).to.deep.include({ topic: 'sonoff/tele/STATE' });
    expect(zone.device).to.deep.include({ commandTopic: 'sonoff/cmnd/POWER4', valuePath: 'POWER4' });
    expect(zone.availability).to.deep.include({ topic: 'sonoff/tele/LWT', online: 'Online', offline: 'Offline' });
    const ds = named(catalog, 'gen-01 DS18S20 Temperature');
    expect(ds.topic).to.equal('gen-01/tele/SENSOR');
    expect(readSensor(ds, states({ topic: 'gen-01/tele/SENSOR', payload: '{"DS18S20":{"Temperature":19.4}}' }))?.shown).to.equal('19.4 °C');
  });

  it('makes switches and lights that publish what the device expects', () => {
    const { catalog } = discover([ha.Z2M_1_18_SWITCH_AUTO_LOCK, ha.HA_DOCS_LIGHT_KITCHEN_JSON, ha.DEFAULT_SCHEMA_LIGHT_RGB, ha.Z2M_BULB_LIGHT]);
    const lock = entities(catalog).find((f) => f.component === 'switch')!.entity;
    expect(lock.device).to.deep.include({ stateOn: 'AUTO', stateOff: 'MANUAL' });
    const kitchen = named(catalog, 'Kitchen');
    expect(kitchen.device).to.deep.include({ commandTopic: 'homeassistant/light/kitchen/set', payloadOn: '{"state":"ON"}' });
    expect(readSwitch(kitchen, states({ topic: 'homeassistant/light/kitchen/state', payload: '{"state": "ON", "brightness": 255}' }))?.state).to.equal('on');
    const brightness = named(catalog, 'Kitchen brightness');
    expect(commandPayload(brightness, '128')).to.equal('{"state": "ON", "brightness": 128}');
    expect(readReported(brightness, states({ topic: 'homeassistant/light/kitchen/state', payload: '{"state": "ON", "brightness": 255}' }))?.value).to.equal('255');
    // Default schema: its own brightness and colour topics, and its state template.
    const light = named(catalog, 'Light light');
    expect(light.device).to.deep.include({ commandTopic: 'zigbee2mqtt/light/set/state', payloadOn: 'ON_', valuePath: 'power' });
    expect(named(catalog, 'Light light brightness').device).to.deep.include({ commandTopic: 'zigbee2mqtt/light/set/brightness', valuePath: 'br', max: 255 });
    const colour = named(catalog, 'Light light colour');
    expect(colour).to.deep.include({ kind: 'color', topic: 'zigbee2mqtt/light/rgb' });
    expect(commandPayload(colour, '#ff8800')).to.equal('255,136,0');
    expect(readColour(colour, states({ topic: 'zigbee2mqtt/light/rgb', payload: '{"rgb":"0,128,255"}' }))?.colour).to.equal('#0080ff');
    expect(named(catalog, 'bulb brightness').device.max).to.equal(254);
  });

  it('reads availability lists with their templates and modes', () => {
    const { catalog } = discover([ha.Z2M_SWITCH_SPACES_IN_TOPIC]);
    const plug = named(catalog, 'Master Bedroom Subwoofer');
    expect(plug.topic).to.equal('zigbee2mqtt/Master Bedroom Subwoofer');
    expect(plug.device.availabilityMode).to.equal('all');
    const both = states(
      { topic: 'zigbee2mqtt/bridge/state', payload: '{"state":"online"}' },
      { topic: 'zigbee2mqtt/Master Bedroom Subwoofer/availability', payload: '{"state":"offline"}' },
    );
    const reading = readAvailability(plug, both);
    expect(reading).to.deep.include({ state: 'offline', topic: 'zigbee2mqtt/Master Bedroom Subwoofer/availability' });
  });

  it('reads a device config’s components with the root’s shared options, and removes one announced as {"p": …} alone', () => {
    const { catalog } = discover([ha.HA_DOCS_DEVICE_DISCOVERY_KITCHEN]);
    const kitchen = catalog.groups.find((g) => g.device.name === 'Kitchen')!;
    // Its origin (o): what announced it.
    expect(kitchen.device.via).to.equal('bla2mqtt 2.1');
    expect(kitchen.entities.map((f) => f.entity.name)).to.deep.equal(['Kitchen humidity', 'Kitchen temperature']);
    expect(kitchen.entities.every((f) => f.entity.topic === 'sensorBedroom/state' && f.entity.options.publishQos === 2)).to.equal(true);
    const after = discover([ha.HA_DOCS_DEVICE_DISCOVERY_KITCHEN, ha.HA_DOCS_DEVICE_DISCOVERY_KITCHEN_REMOVE_ONE]).catalog;
    expect(entities(after).map((f) => f.entity.name)).to.deep.equal(['Kitchen temperature']);
  });

  it('lists types it does not show, and configs it cannot read, with the reason', () => {
    const { catalog } = discover([
      ha.HA_CORE_TEST_DEVICE_THREE_COMPONENTS,
      ha.Z2M_CLIMATE_TS0601,
      ha.Z2M_COVER_SMART_VENT,
      ha.HA_CORE_TEST_ILLEGAL_TOPIC,
      { topic: 'homeassistant/sensor/broken/config', payload: '{"name": "Broken", "stat_t": ' },
    ]);
    const unsupported = catalog.groups.flatMap((g) => g.unsupported.map((u) => u.component));
    expect(unsupported).to.include.members(['device_automation', 'tag', 'climate', 'cover']);
    expect(named(catalog, 'test_device mqtt_sensor').topic).to.equal('foobar/sensors/bla2/state');
    const reasons = catalog.problems.map((p) => `${p.topic}: ${p.reason}`);
    expect(reasons).to.include('homeassistant/sensor/broken/config: The config is not a JSON object.');
    expect(reasons.some((r) => r.startsWith('homeassistant/binary_sensor/rörkrökare/config: A binary sensor needs a state_topic'))).to.equal(true);
  });

  it('forgets an entity whose config was emptied, and keeps migrate_discovery quiet while the device config takes over', () => {
    const { catalog } = discover([ha.HA_DOCS_SENSOR_BEDROOM_TEMPERATURE, { topic: ha.HA_DOCS_SENSOR_BEDROOM_TEMPERATURE.topic, payload: '' }]);
    expect(catalog.count).to.equal(0);
    // A device config emptied: all of its entities go.
    const device = discover([ha.HA_DOCS_DEVICE_DISCOVERY_KITCHEN, { topic: ha.HA_DOCS_DEVICE_DISCOVERY_KITCHEN.topic, payload: '' }]).catalog;
    expect(device.count).to.equal(0);
    const migrating = discover([ha.HA_DOCS_MIGRATION_SINGLE_SENSOR, ha.HA_DOCS_MIGRATE_DISCOVERY, ha.HA_DOCS_MIGRATION_DEVICE]).catalog;
    expect(migrating.problems).to.deep.equal([]);
    const ids = entities(migrating).map((f) => f.entity.id);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('lists an entity that is off by default as hidden until shown, and keeps what the user hid', () => {
    const settings = { ...ALL_ON, shown: {} };
    const { catalog, reader } = discover([ha.Z2M_WEATHER_SENSOR_TEMPERATURE, ha.Z2M_WEATHER_SENSOR_LINKQUALITY], settings);
    const link = entities(catalog).find((f) => f.entity.name.toLowerCase().includes('linkquality'))!;
    expect(link.enabledByDefault).to.equal(false);
    expect(catalog.followed.map((e) => e.id)).to.not.include(link.entity.id);
    reader.configure({ ...settings, shown: { [link.entity.id]: true } });
    expect(reader.catalog().followed.map((e) => e.id)).to.include(link.entity.id);
  });

  it('groups a device known only by its connections, with a numeric hw_version, and ignores keys it does not know', () => {
    // Shapes seen in ESPHome's and Tasmota's configs: `cns` instead of identifiers, `hw` a number.
    const config = (id: string) => ({
      topic: `homeassistant/sensor/esp/${id}/config`,
      payload: JSON.stringify({ name: id, stat_t: `esp/${id}`, uniq_id: `esp-${id}`, frc_upd: true, ic: 'mdi:x', dev: { cns: [['mac', 'aa:bb:cc:dd:ee:ff']], name: 'ESP', hw: 2, mf: 'espressif' } }),
    });
    const { catalog } = discover([config('wifi'), config('uptime')]);
    const esp = catalog.groups.find((g) => g.device.name === 'ESP')!;
    expect(esp.device).to.deep.include({ key: 'ha:mac:aa:bb:cc:dd:ee:ff', manufacturer: 'espressif' });
    expect(esp.entities.map((f) => f.entity.name)).to.deep.equal(['ESP uptime', 'ESP wifi']);
  });

  it('reads a prefix with slashes, ~ at the end, abbreviated availability items, and the any and latest modes', () => {
    const settings = { ...ALL_ON, homeAssistantPrefix: 'site/ha' };
    // As an ESPHome node writes them: `~` its base, availability items with `t`.
    const payload = JSON.stringify({
      '~': 'hall',
      name: 'Hall light level',
      stat_t: 'sensors/~',
      avty: [{ t: '~/status', pl_avail: 'up', pl_not_avail: 'down' }, { t: 'bridge/status' }],
      avty_mode: 'any',
      uniq_id: 'hall-lux',
    });
    const { catalog } = discover([{ topic: 'site/ha/sensor/hall/lux/config', payload }], settings);
    const lux = named(catalog, 'Hall light level');
    expect(lux.topic).to.equal('sensors/hall');
    expect(lux.availability).to.deep.include({ topic: 'hall/status', online: 'up', offline: 'down' });
    expect(lux.device.moreAvailability[0]).to.deep.include({ topic: 'bridge/status', online: 'online' });
    const statuses = states({ topic: 'hall/status', payload: 'down' }, { topic: 'bridge/status', payload: 'online' });
    expect(readAvailability(lux, statuses).state).to.equal('online');
    const latest = { ...lux, device: { ...lux.device, availabilityMode: 'latest' as const } };
    expect(readAvailability(latest, statuses).state).to.equal('online');
    expect(readAvailability(latest, states({ topic: 'bridge/status', payload: 'online' }, { topic: 'hall/status', payload: 'down' })).state).to.equal('offline');
  });

  it('shows the raw value of a template it does not support, and says so', () => {
    // homebridge-tasmota's RGB light config: a colour template that slices and joins.
    const payload = JSON.stringify({ name: 'Strip', stat_t: 'strip/STATE', val_tpl: "{{ value_json.Color.split(',')[0:3]|join(',') }}", uniq_id: 'strip' });
    const { catalog } = discover([{ topic: 'homeassistant/sensor/strip/config', payload }]);
    const reading = readSensor(named(catalog, 'Strip'), states({ topic: 'strip/STATE', payload: '{"Color":"255,0,0,0"}' }));
    expect(reading?.shown).to.equal('{"Color":"255,0,0,0"}');
    expect(reading?.note).to.match(/^The template .* is not supported/);
  });

  it('reads every fixture without throwing', () => {
    const { catalog } = discover(ha.HA_DISCOVERY_FIXTURES);
    expect(catalog.count).to.be.greaterThan(20);
  });
});

describe('Tasmota discovery', () => {
  it('makes a switch per relay and a sensor per value, laid out by FullTopic, named as the device names them', () => {
    const { catalog } = discover([tas.TASMOTA_DISCOVERY_CONFIG, tas.TASMOTA_DISCOVERY_SENSORS]);
    const group = catalog.groups.find((g) => g.device.key === `tasmota:${tas.TASMOTA_MAC}`)!;
    expect(group.device).to.deep.include({ name: 'Tasmota', model: 'NSPanel', swVersion: '12.2.0' });
    expect(group.entities.map((f) => f.entity.name)).to.deep.equal(['Tasmota', 'Tasmota 2', 'Tasmota ANALOG temperature1', 'Tasmota ESP32 temperature']);
    const relay2 = named(catalog, 'Tasmota 2');
    expect(relay2.device).to.deep.include({ commandTopic: 'cmnd/NSPanel1/POWER2', payloadOn: 'ON', payloadOff: 'OFF' });
    expect(readSwitch(relay2, states(tas.TASMOTA_RESULT_POWER2_ON))?.state).to.equal('on');
    expect(readSwitch(named(catalog, 'Tasmota'), states(tas.TASMOTA_STATE_4CH))?.state).to.equal('off');
    expect(readSwitch(named(catalog, 'Tasmota'), states(tas.TASMOTA_STATE_4CH, tas.TASMOTA_POWER1_ON))?.state).to.equal('on');
    expect(readAvailability(relay2, states(tas.TASMOTA_LWT_OFFLINE)).state).to.equal('offline');
    const esp = named(catalog, 'Tasmota ESP32 temperature');
    expect(esp.device).to.deep.include({ valuePath: 'ESP32.Temperature', unit: '°C', askTopic: 'cmnd/NSPanel1/STATUS' });
  });

  it('follows a FullTopic with the topic first, and a single light with its dimmer', () => {
    const test = discover([tas.TASMOTA_HA_TEST_CONFIG, tas.TASMOTA_HA_TEST_SENSORS_DS18B20]).catalog;
    const ds = named(test, 'Tasmota DS18B20 temperature');
    expect(ds.topic).to.equal('tasmota_49A3BC/tele/SENSOR');
    expect(ds.availability?.topic).to.equal('tasmota_49A3BC/tele/LWT');
    const atom = discover([tas.TASMOTA_DISCOVERY_CONFIG_ATOM_LITE]).catalog;
    const light = named(atom, 'AtomLite2 Tasmota');
    expect(light.device.commandTopic).to.equal('cmnd/atomlite2/POWER1');
    // One relay answers POWER, not POWER1 (the Atom Lite's own STATE).
    expect(readSwitch(light, states(tas.TASMOTA_STATE_ATOM_LITE))?.state).to.equal('off');
    expect(readReported(named(atom, 'AtomLite2 Tasmota brightness'), states(tas.TASMOTA_STATE_ATOM_LITE))?.value).to.equal('10');
    // lt_st 3, RGB: its Color, as the device reports it in STATE.
    expect(readColour(named(atom, 'AtomLite2 Tasmota colour'), states(tas.TASMOTA_STATE_ATOM_LITE))?.colour).to.equal('#1a0000');
  });
});

describe('Zigbee2MQTT devices', () => {
  const list = { topic: z2m.Z2M_BRIDGE_DEVICES_TOPIC, payload: z2m.Z2M_BRIDGE_DEVICES_PAYLOAD };

  it('makes every device but the coordinator, grouped, with lights, switches, sensors and endpoints', () => {
    const { catalog } = discover([list]);
    expect(catalog.groups.map((g) => g.device.name)).to.deep.equal(['Küche Deckenlampe', 'living_room/weather_sensor', 'power_plug', 'zigfred_plus']);
    const lamp = named(catalog, 'Küche Deckenlampe');
    expect(lamp).to.deep.include({ kind: 'switch', topic: 'zigbee2mqtt/Küche Deckenlampe' });
    expect(lamp.device).to.deep.include({ commandTopic: 'zigbee2mqtt/Küche Deckenlampe/set', payloadOn: '{"state":"ON"}' });
    expect(readSwitch(lamp, states(z2m.Z2M_COLOR_LIGHT_STATE_DOCS))?.state).to.equal('on');
    const brightness = named(catalog, 'Küche Deckenlampe brightness');
    expect(commandPayload(brightness, '128')).to.equal('{"brightness": 128}');
    expect(readReported(brightness, states(z2m.Z2M_COLOR_LIGHT_STATE_DOCS))?.value).to.equal('215');
    expect(readAvailability(lamp, states(z2m.Z2M_COLOR_LIGHT_AVAILABILITY_OFFLINE)).state).to.equal('offline');
    const behaviour = named(catalog, 'Küche Deckenlampe Power-on behavior');
    expect(behaviour.kind).to.equal('select');
    expect(commandPayload(behaviour, 'previous')).to.equal('{"power_on_behavior": "previous"}');
    const temperature = named(catalog, 'living_room/weather_sensor Temperature');
    expect(temperature.topic).to.equal('zigbee2mqtt/living_room/weather_sensor');
    expect(readSensor(temperature, states(z2m.Z2M_WEATHER_SENSOR_STATE_DOCS))?.shown).to.equal('27.34 °C');
    expect(named(catalog, 'zigfred_plus l2').device.valuePath).to.equal('state_l2');
    expect(readSwitch(named(catalog, 'zigfred_plus l1'), states(z2m.Z2M_MULTI_ENDPOINT_STATE))?.state).to.equal('on');
    const zigfred = catalog.groups.find((g) => g.device.name === 'zigfred_plus')!;
    expect(zigfred.unsupported.map((u) => u.component)).to.deep.equal(['cover', 'cover']);
    const colour = named(catalog, 'Küche Deckenlampe colour');
    expect(colour.kind).to.equal('color');
    expect(commandPayload(colour, '#ff0000')).to.equal('{"color": {"hex": "#ff0000"}}');
  });

  it('asks for what can be read, and hides the link quality by default', () => {
    const { catalog } = discover([list]);
    const plug = named(catalog, 'power_plug');
    expect(plug.device.askTopic).to.equal('zigbee2mqtt/power_plug/get');
    expect(JSON.parse(plug.device.askPayload)).to.deep.equal({ state: '', power: '', power_outage_memory: '' });
    const link = entities(catalog).find((f) => f.entity.name === 'power_plug Linkquality')!;
    expect(link.enabledByDefault).to.equal(false);
  });

  it('refuses a device list that is not a JSON list, with the reason', () => {
    const { catalog } = discover([{ topic: z2m.Z2M_BRIDGE_DEVICES_TOPIC, payload: '{"oops": true}' }]);
    expect(catalog.problems[0]?.reason).to.equal('The device list is not a JSON list.');
  });
});
