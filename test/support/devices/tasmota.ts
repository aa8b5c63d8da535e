/**
 * A simulated Tasmota device with relays and an AM2301 sensor, speaking Tasmota's MQTT as its
 * docs describe it (tasmota.github.io/docs: MQTT, Commands, AM2301):
 * - commands on `cmnd/<topic>/<Command>`; `POWER<n>` (ON, OFF, TOGGLE, or empty to ask) answers
 *   `stat/<topic>/RESULT` `{"POWER1":"ON"}` and `stat/<topic>/POWER1` `ON` (a single relay is
 *   `POWER`); `STATE` answers `stat/<topic>/RESULT` with the state (as SetOption59 is off by
 *   default), and it is sent as `tele/<topic>/STATE` on connect; `STATUS 10` answers
 *   `stat/<topic>/STATUS10` `{"StatusSNS":{…}}`,
 *   `STATUS 11` `stat/<topic>/STATUS11` `{"StatusSTS":{…}}`; `Dimmer <0..100>` (clamped)
 *   answers `{"POWER":…, "Dimmer":n}`; `FanSpeed <0..3>` answers `{"FanSpeed":n}`.
 * - `tele/<topic>/LWT` is `Online`, retained, and its last will `Offline`;
 * - `tele/<topic>/SENSOR` `{"Time":"…","AM2301":{"Temperature":24.6,"Humidity":58.2},"TempUnit":"C"}`.
 *
 * - with `--discovery <MAC>`, it announces itself as Tasmota 9.2+ does by default (SetOption19 0):
 *   retained `tasmota/discovery/<MAC>/config` (keys as in a real NSPanel's, test/discovery/fixtures/
 *   tasmota.ts) and `tasmota/discovery/<MAC>/sensors` (`{"sn": <its SENSOR report>, "ver": 1}`).
 *
 * Run: node --import tsx tasmota.ts --port 1883 --topic tasmota_1A2B3C --relays 2. Lines on
 * stdin: `drop` (the connection dies: the broker sends the last will), `back`. Commands are
 * printed as `command <Command> <payload>`; `ready` once subscribed.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    topic: { type: 'string' },
    relays: { type: 'string', default: '1' },
    discovery: { type: 'string' },
    name: { type: 'string', default: 'Tasmota' },
  },
});
const topic = values.topic!;
const relays = Array.from({ length: Number(values.relays) }, () => false);
let dimmer = 50;
let fanSpeed = 1;
const time = () => new Date().toISOString().slice(0, 19);
const powerKey = (i: number) => (relays.length === 1 ? 'POWER' : `POWER${i + 1}`);
const onOff = (on: boolean) => (on ? 'ON' : 'OFF');

function stateJson(): Record<string, unknown> {
  const state: Record<string, unknown> = { Time: time(), Uptime: '0T00:01:00', UptimeSec: 60, Heap: 27, SleepMode: 'Dynamic', Sleep: 50, LoadAvg: 19, MqttCount: 1 };
  relays.forEach((on, i) => (state[powerKey(i)] = onOff(on)));
  state.Dimmer = dimmer;
  state.Wifi = { AP: 1, SSId: 'home', RSSI: 86, Signal: -57, LinkCount: 1 };
  return state;
}

/** Its discovery config: the fields of a real one (an NSPanel on 12.2.0), for this device. */
function discoveryConfig(mac: string): Record<string, unknown> {
  const slots = <T,>(first: (i: number) => T, rest: T) => Array.from({ length: 8 }, (_, i) => (i < relays.length ? first(i) : rest));
  return {
    ip: '127.0.0.1',
    dn: values.name,
    fn: slots((i) => (i === 0 ? values.name : ''), null),
    hn: `${topic}-1228`,
    mac,
    md: 'Sonoff Dual R2',
    ty: 0,
    if: 0,
    ofln: 'Offline',
    onln: 'Online',
    state: ['OFF', 'ON', 'TOGGLE', 'HOLD'],
    sw: '12.2.0',
    t: topic,
    ft: '%prefix%/%topic%/',
    tp: ['cmnd', 'stat', 'tele'],
    rl: slots(() => 1, 0),
    swc: slots(() => -1, -1),
    swn: slots(() => null, null),
    btn: slots(() => 0, 0),
    so: { '4': 0, '11': 0, '13': 0, '17': 0, '20': 0, '30': 0, '68': 0, '73': 0, '82': 0, '114': 0, '117': 0 },
    lk: 0,
    lt_st: 0,
    sho: [0, 0, 0, 0],
    sht: [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]],
    ver: 1,
  };
}

const sensorJson = () => ({ Time: time(), AM2301: { Temperature: 24.6, Humidity: 58.2 }, TempUnit: 'C' });

let client: MqttClient;
function connect(): void {
  client = mqtt.connect(`mqtt://127.0.0.1:${values.port}`, {
    clientId: `tasmota-${topic}`,
    reconnectPeriod: 250,
    protocolVersion: 4,
    will: { topic: `tele/${topic}/LWT`, payload: Buffer.from('Offline'), qos: 1, retain: true },
  });
  client.on('connect', () => {
    void client.subscribeAsync(`cmnd/${topic}/#`, { qos: 1 }).then(() => {
      client.publish(`tele/${topic}/LWT`, 'Online', { qos: 1, retain: true });
      if (values.discovery !== undefined) {
        client.publish(`tasmota/discovery/${values.discovery}/config`, JSON.stringify(discoveryConfig(values.discovery)), { qos: 1, retain: true });
        client.publish(`tasmota/discovery/${values.discovery}/sensors`, JSON.stringify({ sn: sensorJson(), ver: 1 }), { qos: 1, retain: true });
      }
      client.publish(`tele/${topic}/STATE`, JSON.stringify(stateJson()));
      client.publish(`tele/${topic}/SENSOR`, JSON.stringify(sensorJson()));
      console.log('ready');
    });
  });
  client.on('message', (full, payload) => handle(full.slice(`cmnd/${topic}/`.length).toUpperCase(), payload.toString().trim()));
}

function result(json: Record<string, unknown>): void {
  client.publish(`stat/${topic}/RESULT`, JSON.stringify(json));
}

function handle(command: string, payload: string): void {
  console.log(`command ${command} ${payload}`);
  const power = /^POWER(\d*)$/.exec(command);
  if (power !== null) {
    const index = power[1] === '' ? 0 : Number(power[1]) - 1;
    if (index < 0 || index >= relays.length) return;
    const word = payload.toUpperCase();
    if (word === 'ON' || word === '1') relays[index] = true;
    else if (word === 'OFF' || word === '0') relays[index] = false;
    else if (word === 'TOGGLE' || word === '2') relays[index] = !relays[index];
    const key = powerKey(index);
    result({ [key]: onOff(relays[index]!) });
    client.publish(`stat/${topic}/${key}`, onOff(relays[index]!));
  } else if (command === 'STATE') {
    // Only on RESULT: tele/<topic>/STATE too only with SetOption59 (Tasmota docs, Commands).
    result(stateJson());
  } else if (command === 'STATUS' && payload === '10') {
    client.publish(`stat/${topic}/STATUS10`, JSON.stringify({ StatusSNS: sensorJson() }));
  } else if (command === 'STATUS' && payload === '11') {
    const { Time, Uptime, UptimeSec, Heap, SleepMode, Sleep, LoadAvg, MqttCount, Wifi, ...power } = stateJson();
    client.publish(`stat/${topic}/STATUS11`, JSON.stringify({ StatusSTS: { Time, Uptime, UptimeSec, Heap, SleepMode, Sleep, LoadAvg, MqttCount, ...power, Wifi } }));
  } else if (command === 'DIMMER' && payload !== '') {
    dimmer = Math.max(0, Math.min(100, Math.round(Number(payload))));
    result({ [powerKey(0)]: onOff(relays[0]!), Dimmer: dimmer });
  } else if (command === 'FANSPEED' && payload !== '') {
    const wanted = Number(payload);
    if (Number.isInteger(wanted) && wanted >= 0 && wanted <= 3) fanSpeed = wanted;
    result({ FanSpeed: fanSpeed });
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'drop') {
    // As a power cut: the socket dies, no DISCONNECT, so the broker publishes the last will.
    client.options.reconnectPeriod = 0;
    client.stream.destroy();
    client.end(true);
    console.log('dropped');
  } else if (line.trim() === 'back') {
    connect();
  }
});

connect();
process.on('SIGTERM', () => client.end(true, () => process.exit(0)));
