/**
 * `npm start`: the app with an embedded broker. Starts the broker, then Vite's dev server
 * pointed at it, and prints the link to open and the commands that set the state.
 * Ports: PORT (app, default 5173), MQTT_WS_PORT (default 9001), MQTT_TCP_PORT (default 1883);
 * a busy one is replaced by a free one.
 */
import { createServer } from 'vite';
import { startDevBroker } from './dev-broker.js';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
};

const broker = await startDevBroker({ wsPort: port('MQTT_WS_PORT', 9001), tcpPort: port('MQTT_TCP_PORT', 1883) });
process.env.VITE_DEFAULT_BROKER_URL = broker.wsUrl;

const server = await createServer({
  server: { host: '127.0.0.1', port: port('PORT', 5173) },
  clearScreen: false,
});
await server.listen();

const base = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;
// Left unencoded so the link stays readable; ws://host:port is valid in a query string.
const appUrl = `${base}?broker=${broker.wsUrl}`;
const publish = `-h ${broker.host} -p ${broker.tcpPort} -t edzna/hello -m "ThisIsIt"`;
const out = process.stdout;
out.write(`
  Hello MQTT is running.

  App:     ${appUrl}
  Broker:  ${broker.wsUrl} (WebSocket), mqtt://${broker.host}:${broker.tcpPort} (TCP)

  Set the state from a terminal:
    mosquitto_pub ${publish}
    npx mqtt pub ${publish}

  Press Ctrl+C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  await broker.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
