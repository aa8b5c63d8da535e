/**
 * A simulated Sonoff running KmanOz's Sonoff-HomeAssistant firmware (github.com/KmanOz/
 * Sonoff-HomeAssistant, arduino/ESPsonoff_TH-v1.01t*): it subscribes to its topic and takes
 * `on`, `off` and `stat`; after each, and after a press of its button or wall switch, it
 * publishes the relay's state, `on` or `off`, to `<topic>/stat`, retained, QoS 1. The TH build
 * also publishes `{"Temp": 23.40, "Humidity": 45.60}` (Arduino's String(float), two decimals)
 * to `<topic>/temp`, retained, QoS 1, every minute. No last will.
 *
 * Run: node --import tsx kmanoz-sonoff.ts --port 1883 --topic home/sonoff/living_room/1 [--th]
 * [--silent]. Lines on stdin: `wall` (the wall switch), `temp <t> <h>`. Each command received is
 * printed as `command <payload>`; `ready` once subscribed.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    topic: { type: 'string' },
    th: { type: 'boolean', default: false },
    silent: { type: 'boolean', default: false },
    id: { type: 'string' },
  },
});
const topic = values.topic!;
let relay = false;
let temperature = 23.4;
let humidity = 45.6;

// As the firmware connects (ESPsonoff_TH-v1.01p.ino, `mqttClient.connect(MQTT::Connect(
// MQTT_CLIENT).set_keepalive(90)…)` then `mqttClient.subscribe(MQTT_TOPIC)`, with Imroy's
// PubSubClient): a fixed client id, a clean session, a QoS 0 subscription. The broker keeps
// nothing for it while it is away; a command sent then reaches it only if it was retained, as
// KmanOz's Home Assistant config (`retain: true`) and the app's preset send it.
const client = mqtt.connect(`mqtt://127.0.0.1:${values.port}`, {
  clientId: values.id ?? `sonoff-${topic.replace(/\W/g, '-')}`,
  clean: true,
  keepalive: 90,
  // The firmware notices a lost broker at its check once a minute, and restarts to reconnect:
  // it comes back well after the app does. Here a few seconds stand for that.
  reconnectPeriod: 4000,
  protocolVersion: 4,
});

const publishState = () => client.publish(`${topic}/stat`, relay ? 'on' : 'off', { retain: true, qos: 1 });
const publishTemp = () =>
  client.publish(`${topic}/temp`, `{"Temp": ${temperature.toFixed(2)}, "Humidity": ${humidity.toFixed(2)}}`, { retain: true, qos: 1 });

client.on('connect', () => {
  void client.subscribeAsync(topic, { qos: 0 }).then(() => {
    if (values.th) publishTemp();
    console.log('ready');
  });
});

client.on('message', (_topic, payload) => {
  const command = payload.toString();
  console.log(`command ${command}`);
  if (values.silent) return;
  // The firmware's callback: `on` and `off` move the relay; anything else (`stat`, a typo)
  // moves nothing; every message is answered with the relay's state.
  if (command === 'on') relay = true;
  else if (command === 'off') relay = false;
  publishState();
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const [what, ...rest] = line.trim().split(/\s+/);
  if (what === 'wall') {
    relay = !relay;
    publishState();
  } else if (what === 'temp') {
    temperature = Number(rest[0]);
    humidity = Number(rest[1]);
    publishTemp();
  }
});

const timer = values.th ? setInterval(publishTemp, 60_000) : undefined;
process.on('SIGTERM', () => {
  clearInterval(timer);
  client.end(true, () => process.exit(0));
});
