/**
 * Real RabbitMQ with its MQTT and Web MQTT plugins, from Debian's package: one node for the
 * interop tests, or a cluster of three for the failover tests. Every node has its own name,
 * folders and free loopback ports (AMQP, MQTT, Web MQTT, distribution); a cluster's nodes
 * share one HOME (the Erlang cookie) and one epmd, as the nodes of one host do. Nodes are
 * stopped by PID: the server's process group, the Erlang VM's own PID, and their epmd.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPorts } from './ports.js';
import { collectOutput } from './processes.js';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const CTL = '/usr/lib/rabbitmq/bin/rabbitmqctl';

export interface RabbitMQ {
  /** Web MQTT: the plugin serves MQTT over WebSocket at the path /ws. */
  readonly wsUrl: string;
  readonly tcpPort: number;
  readonly pid: number;
  log(): string;
  /** Runs rabbitmqctl against this node (users, vhosts, permissions); returns its output. */
  ctl(...args: string[]): string;
  dispose(): Promise<void>;
}

/** One node of a cluster. */
export interface RabbitNode {
  /** The Erlang node name, `name@localhost`. */
  readonly name: string;
  readonly wsUrl: string;
  readonly tcpPort: number;
  /** Everything this node printed since it was last started. */
  log(): string;
  /** The Erlang VM's PID (the server script's child may not be the VM itself). */
  vmPid(): number;
  /** SIGKILL of the VM, as a crash or a pulled plug does: no goodbye to clients or peers. */
  kill(): Promise<void>;
  /** Starts the node again with its data, and waits until it is back in the cluster. */
  restart(): Promise<void>;
  readonly running: boolean;
}

export interface RabbitCluster {
  readonly nodes: readonly RabbitNode[];
  /** Runs rabbitmqctl against the first running node; returns its output. */
  ctl(...args: string[]): string;
  dispose(): Promise<void>;
}

/** Why RabbitMQ cannot run here, or null when it can. */
export function rabbitmqUnavailable(): string | null {
  return existsSync(SERVER) ? null : `${SERVER} is missing (Debian package rabbitmq-server)`;
}

interface NodePlan {
  readonly name: string;
  readonly amqpPort: number;
  readonly tcpPort: number;
  readonly wsPort: number;
  readonly distPort: number;
}

async function planNode(prefix: string): Promise<NodePlan> {
  const [amqpPort, tcpPort, wsPort, distPort] = await Promise.all(Array.from({ length: 4 }, () => freePort()));
  return { name: `${prefix}-${wsPort}@localhost`, amqpPort, tcpPort, wsPort, distPort };
}

/** The environment every rabbitmq-server and rabbitmqctl of one host (one cookie, one epmd) shares. */
function hostEnv(home: string, epmdPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    RABBITMQ_MNESIA_BASE: join(home, 'mnesia'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(home, 'enabled_plugins'),
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
}

interface Host {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  /** Stops the host's epmd, by its PID. */
  stopEpmd(): void;
}

/**
 * One host's folder, cookie and epmd. epmd is started here, on loopback and in the
 * foreground, so that it is stopped by its PID; the nodes find it running and start none.
 */
async function prepareHost(): Promise<Host> {
  const home = mkdtempSync(join(tmpdir(), 'rabbitmq-test-'));
  writeFileSync(join(home, 'enabled_plugins'), '[rabbitmq_mqtt,rabbitmq_web_mqtt].\n');
  // Written before any node starts: three nodes starting at once would each write their own.
  writeFileSync(join(home, '.erlang.cookie'), `cookie${Date.now()}${process.pid}`, { mode: 0o400 });
  const epmdPort = await freePort();
  const env = hostEnv(home, epmdPort);
  const epmd = spawn('epmd', ['-port', String(epmdPort), '-address', '127.0.0.1'], { env, stdio: 'ignore' });
  await waitForPorts([epmdPort], 10_000, () => epmd.exitCode === null);
  return {
    home,
    env,
    stopEpmd() {
      if (epmd.exitCode === null && epmd.pid !== undefined) process.kill(epmd.pid, 'SIGKILL');
    },
  };
}

function writeNodeConfig(home: string, plan: NodePlan, peers: readonly string[], extra: readonly string[]): string {
  const dir = join(home, plan.name.split('@')[0]!);
  mkdirSync(join(dir, 'log'), { recursive: true });
  const configFile = join(dir, 'rabbitmq.conf');
  const cluster =
    peers.length === 0
      ? []
      : [
          'cluster_formation.peer_discovery_backend = classic_config',
          ...peers.map((peer, index) => `cluster_formation.classic_config.nodes.${index + 1} = ${peer}`),
        ];
  writeFileSync(
    configFile,
    [
      `listeners.tcp.1 = 127.0.0.1:${plan.amqpPort}`,
      `mqtt.listeners.tcp.1 = 127.0.0.1:${plan.tcpPort}`,
      'web_mqtt.tcp.ip = 127.0.0.1',
      `web_mqtt.tcp.port = ${plan.wsPort}`,
      'mqtt.allow_anonymous = true',
      'loopback_users = none',
      'log.console = true',
      'log.console.level = info',
      'log.file = false',
      ...cluster,
      ...extra,
      '',
    ].join('\n'),
  );
  return configFile;
}

const isRunning = (pid: number) => {
  // Never 0 or -1: signals to those reach this process group, or every process.
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A started node: its server process, and how to kill, stop and start it again. */
class Node implements RabbitNode {
  readonly name: string;
  readonly wsUrl: string;
  readonly tcpPort: number;
  private child: ChildProcess | null = null;
  private output: () => string = () => '';
  private pid = -1;

  constructor(
    private readonly plan: NodePlan,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.name = plan.name;
    this.wsUrl = `ws://127.0.0.1:${plan.wsPort}/ws`;
    this.tcpPort = plan.tcpPort;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get serverPid(): number {
    return this.child?.pid ?? -1;
  }

  log(): string {
    return this.output();
  }

  vmPid(): number {
    return this.pid;
  }

  async start(): Promise<void> {
    const child = spawn(SERVER, [], { env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = collectOutput(child);
    const alive = () => this.running;
    // Three nodes booting at once on two cores took 25 s in most runs and over 90 s in one.
    const deadline = Date.now() + 180_000;
    while (!this.output().includes('Starting broker... completed') && !this.output().includes('Server startup complete')) {
      if (!alive()) throw new Error(`RabbitMQ ${this.name} exited while starting:\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`RabbitMQ ${this.name} did not start in 180 s:\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await waitForPorts([this.plan.tcpPort, this.plan.wsPort], 30_000, alive);
    this.pid = this.askVmPid();
  }

  /** `os:getpid()` answered by the VM itself, through rabbitmqctl. */
  private askVmPid(): number {
    const out = execFileSync(CTL, ['-n', this.name, 'eval', 'os:getpid().'], { env: this.env }).toString();
    const pid = Number(/"(\d+)"/.exec(out)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no VM PID for ${this.name}: ${out}`);
    return pid;
  }

  /** Until this node accepts an MQTT connection (mosquitto_pub, Debian's mosquitto-clients). */
  async waitForMqtt(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const args = ['-h', '127.0.0.1', '-p', String(this.tcpPort), '-i', `ready-${this.plan.wsPort}`, '-t', 'ready', '-m', ''];
    for (;;) {
      try {
        execFileSync('mosquitto_pub', args, { stdio: 'ignore', timeout: 10_000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`RabbitMQ ${this.name} refused MQTT for ${timeoutMs} ms: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (child === null || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (isRunning(this.pid)) process.kill(this.pid, 'SIGKILL');
    // The script that started the VM, and any helper the VM started, go with it.
    if (child.pid !== undefined && child.pid > 1) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone with the VM.
      }
    }
    await exited;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
    await this.waitForMqtt();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === null || child.pid === undefined || child.pid <= 1 || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (!this.running) return;
      if (isRunning(this.pid)) process.kill(this.pid, 'SIGKILL');
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, 15_000);
    await exited;
    clearTimeout(timer);
    if (isRunning(this.pid)) process.kill(this.pid, 'SIGKILL');
  }
}

function nodeEnv(
  host: NodeJS.ProcessEnv,
  home: string,
  plan: NodePlan,
  peers: readonly string[],
  extra: readonly string[] = [],
): NodeJS.ProcessEnv {
  return {
    ...host,
    RABBITMQ_NODENAME: plan.name,
    RABBITMQ_DIST_PORT: String(plan.distPort),
    // The distribution port on loopback too, like every other port of the node.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    RABBITMQ_LOG_BASE: join(home, plan.name.split('@')[0]!, 'log'),
    RABBITMQ_CONFIG_FILE: writeNodeConfig(home, plan, peers, extra),
  };
}

export async function startRabbitMQ(): Promise<RabbitMQ> {
  const { home, env: host, stopEpmd } = await prepareHost();
  const plan = await planNode('test');
  const node = new Node(plan, nodeEnv(host, home, plan, []));
  try {
    await node.start();
  } catch (error) {
    await node.stop();
    stopEpmd();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  return {
    wsUrl: node.wsUrl,
    tcpPort: node.tcpPort,
    pid: node.serverPid,
    log: () => node.log(),
    ctl: (...args) => execFileSync(CTL, ['-n', node.name, ...args], { env: host }).toString(),
    async dispose() {
      await node.stop();
      stopEpmd();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * Three nodes in one cluster, found by `classic_config`, with more rabbitmq.conf lines if given. They start together: a node that
 * boots first waits for its peers' tables, so one at a time would not do.
 */
export async function startRabbitMQCluster({ size = 3, config = [] }: { size?: number; config?: readonly string[] } = {}): Promise<RabbitCluster> {
  const { home, env: host, stopEpmd } = await prepareHost();
  const plans = await Promise.all(Array.from({ length: size }, (_, index) => planNode(`cluster${index}`)));
  const peers = plans.map((plan) => plan.name);
  const nodes = plans.map((plan) => new Node(plan, nodeEnv(host, home, plan, peers, config)));
  const dispose = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    stopEpmd();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await Promise.all(nodes.map((node) => node.start()));
    const status = execFileSync(CTL, ['-n', peers[0]!, 'cluster_status', '--formatter', 'json'], { env: host }).toString();
    const running = (JSON.parse(status) as { running_nodes?: string[] }).running_nodes ?? [];
    if (running.length !== size) throw new Error(`the cluster runs ${running.length} of ${size} nodes: ${status}`);
    // Booted is not ready: MQTT connections are refused ("server unavailable") until the
    // cluster's client ID registry has a leader.
    // One CI run had a node refuse it for a minute after its peers took it (the three had
    // booted together on a busy machine): that node, restarted alone, joins the registry.
    await Promise.all(nodes.map((node) => node.waitForMqtt().catch(() => node.restart())));
  } catch (error) {
    await dispose();
    throw error;
  }
  const ctl = (...args: string[]) => {
    const node = nodes.find((n) => n.running) ?? nodes[0]!;
    return execFileSync(CTL, ['-n', node.name, ...args], { env: host }).toString();
  };
  return { nodes, ctl, dispose };
}
