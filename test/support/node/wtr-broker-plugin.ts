/**
 * Gives browser tests real brokers and the real Mosquitto clients through server commands
 * (see test/support/broker.ts). Brokers start on first use and stop with the test server.
 */
import type { TestRunnerPlugin } from '@web/test-runner';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { freePort } from './ports.js';
import { startDevBroker } from '../../../scripts/dev-broker.js';
import { mosquittoPubAsync, mosquittoPubLines, mosquittoSub, startMosquitto, UNBOUNDED_QUEUES, type Subscriber } from './mosquitto.js';
import { rabbitmqUnavailable, startRabbitMQ } from './rabbitmq.js';
import { ejabberdUnavailable, startEjabberd } from './ejabberd.js';

/** A running broker, whichever it is: what the commands need of it. */
interface RunningBroker {
  readonly wsUrl: string;
  readonly tcpPort: number;
  readonly pid: number;
  /** The login every client needs, where the broker wants one (ejabberd wants a user name). */
  readonly user?: { readonly username: string; readonly password: string };
  dispose(): Promise<void>;
  /** Mosquitto's: stop the process and start it again on the same ports. */
  stop?(): Promise<void>;
  restart?(): Promise<void>;
  /** RabbitMQ's rabbitmqctl. */
  ctl?(...args: string[]): string;
}

/** Why a broker from a Debian package cannot run on this machine (null: it can). */
const UNAVAILABLE: Partial<Record<string, () => string | null>> = {
  rabbitmq: rabbitmqUnavailable,
  ejabberd: ejabberdUnavailable,
};

/** Starts a broker from a Debian package, or fails saying why it cannot run here. */
async function packaged(name: string, start: () => Promise<RunningBroker>): Promise<RunningBroker> {
  const missing = UNAVAILABLE[name]?.() ?? null;
  if (missing !== null) throw new Error(`unavailable: ${missing}`);
  return start();
}

const loginArgs = ({ user }: RunningBroker) => (user ? ['-u', user.username, '-P', user.password] : []);

/** The brokers tests can ask for by name, and how each starts. */
const BROKERS = {
  open: () => startMosquitto(),
  auth: () => startMosquitto({ users: { alice: 'wonderland' } }),
  // Subscriptions to `#`, and to anything under secret/, are refused; all else is allowed.
  acl: () => startMosquitto({ refusedSubscriptions: { literal: ['#'], matching: ['secret/#'] } }),
  'failover-a': () => startMosquitto(),
  'failover-b': () => startMosquitto(),
  // As the benchmark's: a slow client gets a real backlog.
  unbounded: () => startMosquitto({ extra: UNBOUNDED_QUEUES }),
  aedes: async (): Promise<RunningBroker> => {
    const aedes = await startDevBroker();
    return { ...aedes, pid: process.pid, dispose: () => aedes.close() };
  },
  rabbitmq: () => packaged('rabbitmq', startRabbitMQ),
  ejabberd: () =>
    // Anonymous login: any name@localhost, any password.
    packaged('ejabberd', async () => ({ ...(await startEjabberd()), user: { username: 'tester@localhost', password: 'anything' } })),
} satisfies Record<string, () => Promise<RunningBroker>>;

export type BrokerName = keyof typeof BROKERS;

interface Payloads {
  'broker-start': { name: BrokerName };
  'broker-stop': { name: BrokerName };
  'broker-publish': { name: BrokerName; topic: string; message: string; retain?: boolean; qos?: 0 | 1 };
  'broker-publish-lines': { name: BrokerName; topic: string; lines: string[] };
  'broker-subscribe': { name: BrokerName; topic: string; qos?: 0 | 1 | 2 };
  'broker-received': { id: number; count: number };
  'broker-received-publishes': { id: number; count: number };
  'rabbitmq-qos1-queues': { allow: boolean };
}

/**
 * A RabbitMQ vhost and user for whom QoS 1 subscription queues can be refused: RabbitMQ then
 * closes the connection at a QoS 1 SUBSCRIBE, as a cluster does when the session's queue
 * lives on a node that is down, and allowing them again is that node's return.
 */
const QOS1_TOGGLE = { vhost: 'qos1-toggle', user: 'qos1-toggle', password: 'toggle' };

export function brokerPlugin(): TestRunnerPlugin {
  const running = new Map<BrokerName, Promise<RunningBroker>>();
  const subscribers = new Map<number, Subscriber>();
  const silentServers: WebSocketServer[] = [];
  const broker = (name: BrokerName) => {
    let started = running.get(name);
    if (started === undefined) {
      started = BROKERS[name]();
      running.set(name, started);
    }
    return started;
  };

  return {
    name: 'mosquitto-brokers',
    serverStart() {
      // RabbitMQ takes 10 to 20 s to start: begin while the other test files run.
      if (rabbitmqUnavailable() === null) broker('rabbitmq').catch(() => undefined);
    },
    async executeCommand({ command, payload }) {
      switch (command) {
        case 'broker-start': {
          const { name } = payload as Payloads['broker-start'];
          const { wsUrl, tcpPort, user } = await broker(name);
          return { wsUrl, tcpPort, ...user };
        }
        case 'broker-stop': {
          const { name } = payload as Payloads['broker-stop'];
          await (await running.get(name))?.dispose();
          running.delete(name);
          return true;
        }
        case 'broker-publish': {
          const { name, topic, message, retain, qos } = payload as Payloads['broker-publish'];
          const running = await broker(name);
          const extra = [...(retain ? ['-r'] : []), ...(qos ? ['-q', String(qos)] : []), ...loginArgs(running)];
          await mosquittoPubAsync(running.tcpPort, topic, message, extra);
          return true;
        }
        case 'broker-publish-lines': {
          const { name, topic, lines } = payload as Payloads['broker-publish-lines'];
          const running = await broker(name);
          await mosquittoPubLines(running.tcpPort, topic, lines, loginArgs(running));
          return true;
        }
        case 'broker-subscribe': {
          const { name, topic, qos } = payload as Payloads['broker-subscribe'];
          const running = await broker(name);
          const extra = [...loginArgs(running), ...(qos === undefined ? [] : ['-q', String(qos)])];
          const subscriber = await mosquittoSub(running.tcpPort, topic, { extra });
          const id = subscribers.size + 1;
          subscribers.set(id, subscriber);
          return id;
        }
        case 'broker-received': {
          const { id, count } = payload as Payloads['broker-received'];
          const subscriber = subscribers.get(id);
          if (subscriber === undefined) throw new Error(`no subscriber ${id}`);
          const messages = await subscriber.waitFor(count);
          await subscriber.stop();
          return messages;
        }
        case 'broker-received-publishes': {
          const { id, count } = payload as Payloads['broker-received-publishes'];
          const subscriber = subscribers.get(id);
          if (subscriber === undefined) throw new Error(`no subscriber ${id}`);
          await subscriber.waitFor(count);
          const publishes = subscriber.publishes();
          await subscriber.stop();
          return { publishes, messages: subscriber.messages() };
        }
        case 'broker-restart': {
          // Stopped and started on the same ports: every client loses its connection.
          const { name } = payload as Payloads['broker-stop'];
          const started = await broker(name);
          if (started.stop === undefined || started.restart === undefined) throw new Error(`${name} cannot restart`);
          await started.stop();
          await started.restart();
          return true;
        }
        case 'broker-pause':
        case 'broker-resume': {
          // SIGSTOP: the broker keeps its sockets open but answers nothing, like a hung host.
          const { name } = payload as Payloads['broker-stop'];
          const { pid } = await broker(name);
          process.kill(pid, command === 'broker-pause' ? 'SIGSTOP' : 'SIGCONT');
          return true;
        }
        case 'rabbitmq-qos1-queues': {
          const { allow } = payload as Payloads['rabbitmq-qos1-queues'];
          const { ctl } = await broker('rabbitmq');
          if (ctl === undefined) throw new Error('rabbitmq has no rabbitmqctl');
          const { vhost, user, password } = QOS1_TOGGLE;
          if (!ctl('list_vhosts', '--silent').split('\n').includes(vhost)) {
            ctl('add_vhost', vhost);
            ctl('add_user', user, password);
          }
          const configure = allow ? '.*' : '^(?!mqtt-subscription-.*qos1$).*';
          ctl('set_permissions', '-p', vhost, user, configure, '.*', '.*');
          // RabbitMQ's MQTT plugin takes the vhost from the user name, as vhost:user.
          return { username: `${vhost}:${user}`, password };
        }
        case 'free-port':
          return freePort();
        case 'broker-ready': {
          // Answers at once (a command may take at most 20 s; RabbitMQ can take longer to start).
          const { name } = payload as Payloads['broker-start'];
          const started = broker(name);
          const settled = await Promise.race([
            started.then(() => 'ready', (error: Error) => `failed: ${error.message}`),
            new Promise<string>((resolve) => setTimeout(() => resolve('starting'), 1000)),
          ]);
          return { state: settled };
        }
        case 'broker-unavailable': {
          // Why a broker cannot run on this machine (null: it can), so tests skip with the reason.
          const { name } = payload as Payloads['broker-start'];
          // Wrapped: a command that returns null counts as not handled.
          return { reason: UNAVAILABLE[name]?.() ?? null };
        }
        case 'silent-websocket-server': {
          // Accepts WebSocket connections and never answers: a server that is not an MQTT broker.
          const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'mqtt' });
          await new Promise((resolve) => server.once('listening', resolve));
          silentServers.push(server);
          return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
        }
        default:
          return undefined;
      }
    },
    async serverStop() {
      for (const server of silentServers) {
        for (const client of server.clients) client.terminate();
        server.close();
      }
      await Promise.all([...subscribers.values()].map((s) => s.stop()));
      await Promise.all([...running.values()].map(async (b) => (await b).dispose()));
    },
  };
}
