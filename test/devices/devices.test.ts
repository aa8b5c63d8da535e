import { expect } from '@open-wc/testing';
import { describeSwitch, describeValue } from '../../src/devices/control-display.js';
import { checkPreset, presetEntities, sonoffKmanOz, tasmota, tasmotaFindings } from '../../src/devices/presets.js';
import { readAvailability, readReported, readSensor, readSwitch, valueAt } from '../../src/devices/readings.js';
import { checkEntityDraft } from '../../src/entities/entity-check.js';
import { createEntity, wantedFilters, type Entity, type EntityConfig } from '../../src/entities/entity.js';
import { decodePayload } from '../../src/mqtt/payload.js';
import type { TopicRecord } from '../../src/topics/topic-record.js';
import { TopicStore } from '../../src/topics/topic-store.js';
import { topicRecord } from '../support/fake-session.js';

/** A record as the worker decodes it (JSON parsed once). */
function received(topic: string, text: string, at = Date.now()): TopicRecord {
  const decoded = decodePayload(new TextEncoder().encode(text));
  return topicRecord(topic, decoded.text, { format: decoded.format, json: decoded.json, receivedAt: at });
}

function records(...list: TopicRecord[]) {
  const map = new Map(list.map((r) => [r.topic, r]));
  return (topic: string) => map.get(topic);
}

const withId = (config: EntityConfig, id = 'x'): Entity => ({ ...config, id });
const online = { state: 'online', raw: '' } as const;

describe('device readings', () => {
  it('read nested JSON paths, with keys that have dashes, and the whole payload for an empty path', () => {
    // Tasmota with two DS18B20 sensors (Tasmota docs, DS18x20): keys with a dash.
    const record = received('tele/t/SENSOR', '{"Time":"2021-01-01T00:00:00","DS18B20-2":{"Id":"0416","Temperature":21.5},"ENERGY":{"Power":12}}');
    expect(valueAt(record, 'DS18B20-2.Temperature')).to.equal(21.5);
    expect(valueAt(record, 'ENERGY.Power')).to.equal(12);
    expect(valueAt(record, 'ENERGY.Missing')).to.equal(undefined);
    expect(valueAt(received('a', 'ON'), '')).to.equal('ON');
  });

  it('show a sensor rounded, with its unit; a non-numeric payload as text, with a note', () => {
    // KmanOz Sonoff-HomeAssistant, TH build: <topic>/temp (ESPsonoff_TH-v1.01t.ino, getTemp()).
    const [, temperature, humidity] = sonoffKmanOz('home/sonoff/living_room/1', 'Living room', 'th').map((c) => withId(c));
    const recordOf = records(received('home/sonoff/living_room/1/temp', '{"Temp": 23.40, "Humidity": 45.60}'));
    expect(readSensor(temperature!, recordOf)?.shown).to.equal('23.4 °C');
    expect(readSensor(humidity!, recordOf)?.shown).to.equal('46 %');
    const plain = withId({ ...temperature!, device: { ...temperature!.device, valuePath: '' } });
    const text = readSensor(plain, records(received('home/sonoff/living_room/1/temp', 'sensor error')));
    expect(text).to.deep.include({ shown: 'sensor error', numeric: false, note: 'Not a number: shown as text.' });
  });

  it('read a switch from the newest of its state topics, and say when a state is neither on nor off', () => {
    const [relay1] = tasmota('tasmota_1A2B3C', 'Desk', 2, []).map((c) => withId(c));
    // Tasmota docs (MQTT): stat/<topic>/RESULT {"POWER1":"ON"}, then stat/<topic>/POWER1 OFF.
    const first = received('stat/tasmota_1A2B3C/RESULT', '{"POWER1":"ON"}');
    const later = received('stat/tasmota_1A2B3C/POWER1', 'OFF');
    expect(readSwitch(relay1!, records(first))?.state).to.equal('on');
    expect(readSwitch(relay1!, records(first, later))?.state).to.equal('off');
    const odd = readSwitch(relay1!, records(received('stat/tasmota_1A2B3C/POWER1', 'BLINK')));
    expect(odd).to.deep.include({ state: null, raw: 'BLINK' });
    expect(describeSwitch(relay1!, odd, undefined, undefined, online).words).to.equal(
      'The device reported “BLINK”, which is neither on (ON) nor off (OFF).',
    );
  });

  it('keep each relay’s state when Tasmota’s RESULT next speaks of another relay', () => {
    const [relay1, relay2] = tasmota('tasmota_1A2B3C', 'Desk', 2, []).map((c, i) => withId(c, `r${i}`));
    const topics = new TopicStore();
    const read = (relay: Entity) => readSwitch(relay, (t) => topics.get(t), topics.lastFound)?.state;
    // The answer to STATE holds every relay; a command's answer holds only its own (Tasmota
    // docs, Commands: State, Power<x>): stat/<topic>/RESULT {"POWER1":"OFF","POWER2":"ON"}, then {"POWER1":"ON"}.
    topics.apply([received('stat/tasmota_1A2B3C/RESULT', '{"Time":"2025-02-19T10:30:57","POWER1":"OFF","POWER2":"ON"}', 1000)]);
    expect([read(relay1!), read(relay2!)]).to.deep.equal(['off', 'on']);
    topics.apply([received('stat/tasmota_1A2B3C/RESULT', '{"POWER1":"ON"}', 2000)]);
    expect([read(relay1!), read(relay2!)]).to.deep.equal(['on', 'on']);
    topics.apply([received('stat/tasmota_1A2B3C/RESULT', '{"POWER2":"OFF"}', 3000)]);
    expect([read(relay1!), read(relay2!)]).to.deep.equal(['on', 'off']);
    // Without the store's memory, only the latest RESULT is read: relay 1 would be unknown.
    expect(readSwitch(relay1!, (t) => topics.get(t))).to.equal(null);
  });

  it('take a last will saying Offline as unavailable, and disable the control with the reason', () => {
    const [relay] = tasmota('tasmota_1A2B3C', 'Desk', 1, []).map((c) => withId(c));
    const availability = readAvailability(relay!, records(received('tele/tasmota_1A2B3C/LWT', 'Offline')));
    expect(availability.state).to.equal('offline');
    const shown = describeSwitch(relay!, null, undefined, undefined, availability);
    expect(shown.disabled).to.equal(true);
    expect(shown.words).to.match(/^Unavailable: tele\/tasmota_1A2B3C\/LWT says “Offline”/);
  });

  it('say Queued, Pending… and No answer for a command on its way', () => {
    const [relay] = sonoffKmanOz('s', 'Lamp', 'basic').map((c) => withId(c));
    const reading = readSwitch(relay!, records(received('s/stat', 'off')));
    const pending = { target: 'on', outboxId: 1, since: 0 };
    expect(describeSwitch(relay!, reading, { ...pending, state: 'queued' }, undefined, online).words).to.equal('Queued: turning on once connected.');
    expect(describeSwitch(relay!, reading, { ...pending, state: 'waiting' }, undefined, online)).to.deep.include({ words: 'Pending… turning on.', busy: true });
    expect(describeSwitch(relay!, reading, { ...pending, state: 'no-answer' }, undefined, online)).to.deep.include({
      words: 'No answer: the device did not confirm within 5 s. Last reported: Off.',
      checked: false,
    });
  });

  it('say an optimistic switch is optimistic', () => {
    const lamp = createEntity('Lamp', '', {}, { kind: 'switch', device: { commandTopic: 'lamp/set' } });
    expect(describeSwitch(lamp, null, undefined, 'on', online)).to.deep.include({ checked: true });
    expect(describeSwitch(lamp, null, undefined, 'on', online).words).to.match(/optimistic/);
  });

  it('show the value a number reports, with its unit', () => {
    const dimmer = createEntity('Dimmer', 'light/state', {}, { kind: 'number', device: { commandTopic: 'light/set', valuePath: 'brightness', unit: '%' } });
    const reported = readReported(dimmer, records(received('light/state', '{"state":"ON","brightness":40}')));
    expect(reported?.value).to.equal('40');
    expect(describeValue(dimmer, reported!.value, undefined, online).words).to.equal('Reported: 40 %.');
  });
});

describe('device presets', () => {
  it('make a KmanOz Sonoff: commands on the device topic, retained, state on …/stat, asked for with stat', () => {
    const [relay, ...rest] = sonoffKmanOz('home/sonoff/living_room/1', 'Living room', 'pow');
    expect(relay).to.deep.include({ kind: 'switch', topic: 'home/sonoff/living_room/1/stat', availability: null });
    expect(relay!.device).to.deep.include({ commandTopic: 'home/sonoff/living_room/1', payloadOn: 'on', payloadOff: 'off', askTopic: 'home/sonoff/living_room/1', askPayload: 'stat' });
    // Retained, as KmanOz's Home Assistant config (README: `retain: true`) sends commands: the
    // firmware keeps no session, and takes a command sent while it was away when it is back.
    expect(relay!.options).to.deep.include({ publishRetain: true });
    expect(rest.map((e) => [e.name, e.topic, e.device.valuePath, e.device.unit])).to.deep.equal([
      ['Living room power', 'home/sonoff/living_room/1/power', 'Power', 'W'],
      ['Living room voltage', 'home/sonoff/living_room/1/power', 'Voltage', 'V'],
    ]);
  });

  it('find a Tasmota device’s relays and sensors in its Status 11 and Status 10 answers', () => {
    // Status 11 of a two-relay device (Tasmota docs, Commands: Status 11), trimmed of Wifi.
    const state = JSON.parse('{"StatusSTS":{"Time":"2025-02-19T10:30:57","Uptime":"0T00:07:28","UptimeSec":448,"Heap":146,"SleepMode":"Dynamic","Sleep":50,"LoadAvg":19,"MqttCount":1,"POWER1":"OFF","POWER2":"ON"}}');
    // Status 10 with an AM2301 (Tasmota docs, AM2301 sensor).
    const sensors = JSON.parse('{"StatusSNS":{"Time":"2019-01-01T00:00:00","AM2301":{"Temperature":24.6,"Humidity":58.2},"TempUnit":"C"}}');
    expect(tasmotaFindings(state, sensors)).to.deep.equal({
      relays: 2,
      sensors: [
        { path: 'AM2301.Temperature', unit: '°C' },
        { path: 'AM2301.Humidity', unit: '%' },
      ],
    });
    // An old build's DHT answer, numbers as strings (Home Assistant's Tasmota docs, 2017).
    const old = JSON.parse('{"StatusSNS":{"Time":"2017-02-11T18:06:05", "DHT":{"Temperature":"21.8", "Humidity":"48.0"}}}');
    expect(tasmotaFindings(undefined, old).sensors.map((s) => s.path)).to.deep.equal(['DHT.Temperature', 'DHT.Humidity']);
  });

  it('make a Tasmota device: POWERn commands, three state topics, LWT availability, sensors from SENSOR', () => {
    const entities = tasmota('tasmota_1A2B3C', 'Desk', 2, [{ path: 'AM2301.Temperature', unit: '°C' }]);
    expect(entities.map((e) => [e.name, e.kind, e.topic])).to.deep.equal([
      ['Desk 1', 'switch', 'stat/tasmota_1A2B3C/POWER1'],
      ['Desk 2', 'switch', 'stat/tasmota_1A2B3C/POWER2'],
      ['Desk temperature', 'sensor', 'tele/tasmota_1A2B3C/SENSOR'],
    ]);
    expect(entities[1]!.device.commandTopic).to.equal('cmnd/tasmota_1A2B3C/POWER2');
    expect(entities[0]!.device).to.deep.include({ askTopic: 'cmnd/tasmota_1A2B3C/STATE' });
    expect(entities.every((e) => e.availability?.topic === 'tele/tasmota_1A2B3C/LWT' && e.availability.offline === 'Offline')).to.equal(true);
    expect(wantedFilters(entities.map((c, i) => withId(c, `e${i}`)))).to.deep.equal([
      'stat/tasmota_1A2B3C/POWER1',
      'stat/tasmota_1A2B3C/RESULT',
      'tele/tasmota_1A2B3C/STATE',
      'tele/tasmota_1A2B3C/LWT',
      'stat/tasmota_1A2B3C/POWER2',
      'tele/tasmota_1A2B3C/SENSOR',
      'stat/tasmota_1A2B3C/STATUS10',
    ]);
    // The sensors read the Status 10 answer too, asked for on connect: no wait for TelePeriod.
    const temperature = withId(entities[2]!);
    const answer = received('stat/tasmota_1A2B3C/STATUS10', '{"StatusSNS":{"Time":"2019-01-01T00:00:00","AM2301":{"Temperature":24.6,"Humidity":58.2},"TempUnit":"C"}}');
    expect(readSensor(temperature, records(answer))?.shown).to.equal('24.6 °C');
    expect(temperature.device).to.deep.include({ askTopic: 'cmnd/tasmota_1A2B3C/STATUS', askPayload: '10' });
    for (const entity of entities) expect(checkEntityDraft(entity, [])).to.equal(null);
  });

  it('refuse a preset without a device topic, and a Tasmota topic typed with its prefix', () => {
    const preset = { preset: 'tasmota', deviceTopic: 'cmnd/tasmota_1A2B3C/POWER', build: 'basic', relays: 1, sensors: [] } as const;
    expect(checkPreset({ ...preset, deviceTopic: '' }, 'Desk')).to.equal('Enter the device topic.');
    expect(checkPreset(preset, 'Desk')).to.match(/without cmnd\//);
    expect(presetEntities({ ...preset, deviceTopic: 'tasmota_1A2B3C' }, 'Desk')).to.have.length(1);
  });
});

describe('device entity checks', () => {
  it('ask each kind for what it needs', () => {
    const draft = (parts: Parameters<typeof createEntity>[3], topic = 'state') => {
      const { id: _id, ...config } = createEntity('Thing', topic, {}, parts);
      return config;
    };
    expect(checkEntityDraft(draft({ kind: 'switch' }), [])?.field).to.equal('commandTopic');
    expect(checkEntityDraft(draft({ kind: 'switch', device: { commandTopic: 'set' } }, ''), [])).to.equal(null);
    expect(checkEntityDraft(draft({ kind: 'switch', device: { commandTopic: 'set', payloadOff: 'ON' } }), [])?.field).to.equal('payloadOff');
    expect(checkEntityDraft(draft({ kind: 'sensor' }, 'home/+/temp'), [])?.reason).to.equal('State topic: one topic, without the wildcards + or #.');
    expect(checkEntityDraft(draft({ kind: 'number', device: { commandTopic: 'set', min: 5, max: 5 } }), [])?.field).to.equal('range');
    expect(checkEntityDraft(draft({ kind: 'select', device: { commandTopic: 'set', choices: ['only'] } }), [])?.field).to.equal('choices');
    expect(checkEntityDraft(draft({ kind: 'button', device: { commandTopic: 'press' } }, ''), [])).to.equal(null);
  });
});
