/**
 * A real RabbitMQ with its MQTT and Web MQTT plugins, for the interop tests: its own node
 * name, folders and free loopback ports (AMQP, MQTT, Web MQTT, distribution, epmd), started
 * from Debian's package and stopped by PID (its process group, and its epmd).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPorts } from './ports.js';
import { collectOutput } from './processes.js';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export interface RabbitMQ {
  /** Web MQTT: the plugin serves MQTT over WebSocket at the path /ws. */
  readonly wsUrl: string;
  readonly tcpPort: number;
  readonly pid: number;
  log(): string;
  dispose(): Promise<void>;
}

/** Why RabbitMQ cannot run here, or null when it can. */
export function rabbitmqUnavailable(): string | null {
  return existsSync(SERVER) ? null : `${SERVER} is missing (Debian package rabbitmq-server)`;
}

export async function startRabbitMQ(): Promise<RabbitMQ> {
  const dir = mkdtempSync(join(tmpdir(), 'rabbitmq-test-'));
  const [amqpPort, tcpPort, wsPort, distPort, epmdPort] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const configFile = join(dir, 'rabbitmq.conf');
  writeFileSync(
    configFile,
    [
      `listeners.tcp.1 = 127.0.0.1:${amqpPort}`,
      `mqtt.listeners.tcp.1 = 127.0.0.1:${tcpPort}`,
      `web_mqtt.tcp.ip = 127.0.0.1`,
      `web_mqtt.tcp.port = ${wsPort}`,
      'mqtt.allow_anonymous = true',
      'loopback_users = none',
      'log.console = true',
      'log.console.level = info',
      'log.file = false',
      '',
    ].join('\n'),
  );
  const pluginsFile = join(dir, 'enabled_plugins');
  writeFileSync(pluginsFile, '[rabbitmq_mqtt,rabbitmq_web_mqtt].\n');
  const env = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: `test-${wsPort}@localhost`,
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: configFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: pluginsFile,
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
  const child: ChildProcess = spawn(SERVER, [], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const alive = () => child.exitCode === null;
  const deadline = Date.now() + 60_000;
  while (!output().includes('Starting broker... completed') && !output().includes('Server startup complete')) {
    if (!alive()) throw new Error(`RabbitMQ exited while starting:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`RabbitMQ did not start in 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await waitForPorts([tcpPort, wsPort], 30_000, alive);

  return {
    wsUrl: `ws://127.0.0.1:${wsPort}/ws`,
    tcpPort,
    pid: child.pid ?? -1,
    log: output,
    async dispose() {
      if (child.pid !== undefined && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid, 'SIGTERM');
        const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      try {
        execFileSync('epmd', ['-port', String(epmdPort), '-kill'], { stdio: 'ignore', env });
      } catch {
        // Its epmd had already gone.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
