/**
 * Real brokers for browser tests, through the server commands of wtr-broker-plugin.ts:
 * Mosquitto on free loopback ports, and mosquitto_pub/mosquitto_sub run by the test server.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export type BrokerName = 'open' | 'auth';

export interface TestBroker {
  readonly wsUrl: string;
  readonly tcpPort: number;
}

/** Starts the named broker (once) and returns its addresses. */
export function startBroker(name: BrokerName = 'open'): Promise<TestBroker> {
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

/** Starts a real mosquitto_sub; `received(n)` resolves with the first n messages it got. */
export async function subscribe(topic: string, name: BrokerName = 'open') {
  const id = await executeServerCommand<number, { name: BrokerName; topic: string }>('broker-subscribe', { name, topic });
  return {
    received: (count: number) => executeServerCommand<string[], { id: number; count: number }>('broker-received', { id, count }),
  };
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

/** A loopback port nothing listens on. */
export function freePort(): Promise<number> {
  return executeServerCommand<number, undefined>('free-port');
}
