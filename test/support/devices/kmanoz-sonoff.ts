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

// A fixed client id with a kept session and QoS 1, as the firmware's PubSubClient connects:
// commands sent while it is away are queued by the broker.
const client = mqtt.connect(`mqtt://127.0.0.1:${values.port}`, {
  clientId: values.id ?? `sonoff-${topic.replace(/\W/g, '-')}`,
  clean: false,
  reconnectPeriod: 250,
  protocolVersion: 4,
});

const publishState = () => client.publish(`${topic}/stat`, relay ? 'on' : 'off', { retain: true, qos: 1 });
const publishTemp = () =>
  client.publish(`${topic}/temp`, `{"Temp": ${temperature.toFixed(2)}, "Humidity": ${humidity.toFixed(2)}}`, { retain: true, qos: 1 });

client.on('connect', (ack) => {
  const subscribed = ack.sessionPresent ? Promise.resolve() : client.subscribeAsync(topic, { qos: 1 }).then(() => undefined);
  void subscribed.then(() => {
    if (values.th) publishTemp();
    console.log('ready');
  });
});

client.on('message', (_topic, payload) => {
  const command = payload.toString();
  console.log(`command ${command}`);
  if (values.silent) return;
  if (command === 'on') relay = true;
  else if (command === 'off') relay = false;
  else if (command !== 'stat') return;
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
