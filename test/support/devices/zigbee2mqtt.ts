/**
 * A simulated Zigbee2MQTT bridge, speaking its MQTT as its docs describe it (zigbee2mqtt.io,
 * "MQTT Topics and Messages"): the retained `zigbee2mqtt/bridge/devices` (the real list of
 * test/discovery/fixtures/zigbee2mqtt.ts: a colour light, a plug, a weather sensor, a
 * multi-gang switch), `bridge/state` and each device's `availability` (`{"state":"online"}`,
 * retained); a device's state as JSON on `zigbee2mqtt/<name>`, not retained; `<name>/set`
 * merges its JSON into the state and publishes it, `<name>/get` publishes it.
 *
 * Run: node --import tsx zigbee2mqtt.ts --port 1883. Lines on stdin: `offline <name>` (its
 * availability says offline), `online <name>`, `report <name>` (a sensor reports, as it does
 * every few minutes). Commands are printed as `command <name>
 * <set|get> <payload>`; `ready` once subscribed.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { Z2M_BRIDGE_DEVICES_PAYLOAD } from '../../discovery/fixtures/zigbee2mqtt.js';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const BASE = 'zigbee2mqtt';
const devices = (JSON.parse(Z2M_BRIDGE_DEVICES_PAYLOAD) as { friendly_name: string; type: string }[]).filter((d) => d.type !== 'Coordinator');
const states = new Map<string, Record<string, unknown>>(
  devices.map((d) => [d.friendly_name, { state: 'OFF', brightness: 100, temperature: 21.5, humidity: 45, pressure: 1012, battery: 90, linkquality: 120, power: 0, state_l1: 'OFF' }]),
);

const client = mqtt.connect(`mqtt://127.0.0.1:${values.port}`, { clientId: 'zigbee2mqtt-simulated', protocolVersion: 4 });
const publishState = (name: string) => client.publish(`${BASE}/${name}`, JSON.stringify(states.get(name)));

client.on('connect', () => {
  void client.subscribeAsync(`${BASE}/#`, { qos: 1 }).then(() => {
    client.publish(`${BASE}/bridge/state`, '{"state":"online"}', { qos: 1, retain: true });
    client.publish(`${BASE}/bridge/devices`, Z2M_BRIDGE_DEVICES_PAYLOAD, { qos: 1, retain: true });
    for (const { friendly_name: name } of devices) {
      client.publish(`${BASE}/${name}/availability`, '{"state":"online"}', { qos: 1, retain: true });
      publishState(name);
    }
    console.log('ready');
  });
});

client.on('message', (topic, payload) => {
  const match = /^zigbee2mqtt\/(.+)\/(set|get)$/.exec(topic);
  if (match === null || !states.has(match[1]!)) return;
  const [, name, verb] = match as unknown as [string, string, 'set' | 'get'];
  console.log(`command ${name} ${verb} ${payload.toString()}`);
  if (verb === 'set') {
    const change = JSON.parse(payload.toString()) as Record<string, unknown>;
    // As a light does: a brightness above 0 turns it on.
    if (typeof change.brightness === 'number' && change.state === undefined) change.state = change.brightness > 0 ? 'ON' : 'OFF';
    states.set(name, { ...states.get(name), ...change });
  }
  publishState(name);
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const [word, ...rest] = line.trim().split(' ');
  const name = rest.join(' ');
  if (word === 'report' && states.has(name)) publishState(name);
  if ((word === 'offline' || word === 'online') && states.has(name)) {
    client.publish(`${BASE}/${name}/availability`, JSON.stringify({ state: word }), { qos: 1, retain: true }, () => console.log(`${word} ${name}`));
  }
});

process.on('SIGTERM', () => client.end(true, () => process.exit(0)));
