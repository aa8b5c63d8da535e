/**
 * Real brokers for browser tests, through the server commands of wtr-broker-plugin.ts:
 * Mosquitto on free loopback ports, and mosquitto_pub/mosquitto_sub run by the test server.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export type BrokerName = 'open' | 'auth' | 'acl' | 'failover-a' | 'failover-b' | 'unbounded' | 'aedes' | 'rabbitmq' | 'ejabberd';

export interface TestBroker {
  readonly wsUrl: string;
  readonly tcpPort: number;
  /** The login every client needs, where the broker wants one. */
  readonly username?: string;
  readonly password?: string;
}

/** Starts the named broker (once) and returns its addresses. */
export async function startBroker(name: BrokerName = 'open'): Promise<TestBroker> {
  // Poll until it is up: one server command may take at most 20 s, a broker may take longer.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { state } = await executeServerCommand<{ state: string }, { name: BrokerName }>('broker-ready', { name });
    if (state === 'ready') break;
    if (state.startsWith('failed')) throw new Error(`${name} broker ${state}`);
    if (Date.now() > deadline) throw new Error(`${name} broker did not start in 90 s`);
  }
  return executeServerCommand<TestBroker, { name: BrokerName }>('broker-start', { name });
}

/** Publishes with the real mosquitto_pub. */
export async function publish(
  topic: string,
  message: string,
  options: { name?: BrokerName; retain?: boolean; qos?: 0 | 1 } = {},
) {
  await executeServerCommand('broker-publish', {
    name: options.name ?? 'open',
    topic,
    message,
    retain: options.retain,
    qos: options.qos,
  });
}

/** Publishes each line as a QoS 0 message, back to back, with one real mosquitto_pub -l. */
export async function publishLines(topic: string, lines: string[], name: BrokerName = 'open') {
  await executeServerCommand('broker-publish-lines', { name, topic, lines });
}

/** A PUBLISH that mosquitto_sub received, with its flags. */
export interface ReceivedPublish {
  readonly topic: string;
  readonly qos: number;
  readonly retain: boolean;
  readonly bytes: number;
}

/**
 * Starts a real mosquitto_sub (at QoS 0, or `qos`); `received(n)` resolves with the first n
 * messages it got, `publishes(n)` with them and their QoS and retain flags. Either stops it.
 */
export async function subscribe(topic: string, name: BrokerName = 'open', qos?: 0 | 1 | 2) {
  const id = await executeServerCommand<number, { name: BrokerName; topic: string; qos?: 0 | 1 | 2 }>('broker-subscribe', {
    name,
    topic,
    qos,
  });
  return {
    received: (count: number) => executeServerCommand<string[], { id: number; count: number }>('broker-received', { id, count }),
    publishes: (count: number) =>
      executeServerCommand<{ publishes: ReceivedPublish[]; messages: string[] }, { id: number; count: number }>(
        'broker-received-publishes',
        { id, count },
      ),
  };
}

/** Stops and starts the named Mosquitto on the same ports: its clients lose their connections. */
export async function restartBroker(name: BrokerName = 'open'): Promise<void> {
  await executeServerCommand('broker-restart', { name });
}

/** A topic no other test uses. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}/${crypto.randomUUID()}`;
}

/** A WebSocket server that accepts connections and never speaks MQTT; returns its URL. */
export function silentWebSocketServer(): Promise<string> {
  return executeServerCommand<string, undefined>('silent-websocket-server');
}

/** Freezes the named broker (SIGSTOP): connections stay open, nothing is answered. */
export async function pauseBroker(name: BrokerName = 'open'): Promise<void> {
  await executeServerCommand('broker-pause', { name });
}

export async function resumeBroker(name: BrokerName = 'open'): Promise<void> {
  await executeServerCommand('broker-resume', { name });
}

/** Why the named broker cannot run on this machine, or null when it can. */
export async function brokerUnavailable(name: BrokerName): Promise<string | null> {
  const { reason } = await executeServerCommand<{ reason: string | null }, { name: BrokerName }>('broker-unavailable', {
    name,
  });
  return reason;
}

/** Stops the named broker for good (a crash, as far as its clients can tell). */
export async function stopBroker(name: BrokerName): Promise<void> {
  await executeServerCommand('broker-stop', { name });
}

/** A loopback port nothing listens on. */
export function freePort(): Promise<number> {
  return executeServerCommand<number, undefined>('free-port');
}

/**
 * Refuses or allows QoS 1 subscription queues to the returned RabbitMQ login (see the
 * plugin): refused, RabbitMQ closes the connection at a QoS 1 SUBSCRIBE.
 */
export function rabbitmqQos1Queues(allow: boolean): Promise<{ username: string; password: string }> {
  return executeServerCommand('rabbitmq-qos1-queues', { allow });
}
