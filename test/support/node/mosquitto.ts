/**
 * A real Mosquitto for tests: its own config in a temp folder, a WebSocket listener for the
 * app and a TCP listener for mosquitto_pub/mosquitto_sub, on free loopback ports. Stopped by PID.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPorts } from './ports.js';
import { collectOutput, shareWithUser, stopProcess } from './processes.js';

/** Debian puts the broker in /usr/sbin, which is not on every user's PATH. */
const MOSQUITTO = process.env.MOSQUITTO_PATH ?? (existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto');

/**
 * Queues without limit: a client that reads more slowly than the publisher writes gets every
 * message, late (Mosquitto's default drops what is beyond 1,000 queued for it).
 */
export const UNBOUNDED_QUEUES: readonly string[] = ['max_queued_messages 0', 'max_queued_bytes 0'];

export interface MosquittoOptions {
  /** When given, anonymous clients are refused and these users may log in. */
  readonly users?: Readonly<Record<string, string>>;
  /** Keep sessions and queued messages on disk across restarts (saved at shutdown and every second). */
  readonly persistence?: boolean;
  /** More configuration lines (e.g. queue limits for the benchmark). */
  readonly extra?: readonly string[];
  /** Serve the WebSocket listener over TLS (wss://) with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
  /**
   * Subscriptions refused with a SUBACK failure code (0x80, or 0x87 with MQTT 5), through
   * Mosquitto's dynamic security plugin: its `acl_file` never refuses a SUBSCRIBE, it only
   * withholds messages. `literal`: exactly these filters; `matching`: filters these match.
   */
  readonly refusedSubscriptions?: { readonly literal?: readonly string[]; readonly matching?: readonly string[] };
}

/** Debian installs the dynamic security plugin beside libmosquitto, under the architecture's folder. */
function dynamicSecurityPlugin(): string {
  const found = readdirSync('/usr/lib', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join('/usr/lib', entry.name, 'mosquitto_dynamic_security.so'))
    .find((path) => existsSync(path));
  if (found === undefined) throw new Error('mosquitto_dynamic_security.so not found (Debian package mosquitto)');
  return found;
}

export interface Mosquitto {
  readonly wsUrl: string;
  readonly wsPort: number;
  readonly tcpPort: number;
  readonly pid: number;
  log(): string;
  /** Stops the process (SIGTERM by PID); `restart` can start it again. */
  stop(): Promise<void>;
  /** Kills it with SIGKILL, as a crash or power loss would: nothing is saved at exit. */
  kill(): Promise<void>;
  /** Starts it again on the same ports (after stop). */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-test-'));
  shareWithUser('mosquitto', dir, 0o755);
  const wsPort = await freePort();
  const tlsLines: string[] = [];
  if (options.tls) {
    for (const [name, pem] of [['key', options.tls.key], ['cert', options.tls.cert]] as const) {
      const file = join(dir, `${name}.pem`);
      writeFileSync(file, pem);
      shareWithUser('mosquitto', file, 0o640);
      tlsLines.push(`${name}file ${file}`);
    }
  }
  const tcpPort = await freePort();
  const lines = [
    'per_listener_settings false',
    `listener ${wsPort} 127.0.0.1`,
    'protocol websockets',
    ...tlsLines,
    `listener ${tcpPort} 127.0.0.1`,
    'protocol mqtt',
    'log_dest stdout',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    ...(process.env.MOSQUITTO_DEBUG ? ['log_type debug'] : []),
    'connection_messages true',
  ];
  lines.push(...(options.extra ?? []));
  if (options.persistence) {
    const data = join(dir, 'data');
    mkdirSync(data);
    shareWithUser('mosquitto', data, 0o755);
    lines.push('persistence true', `persistence_location ${data}/`, 'autosave_interval 1');
  } else {
    lines.push('persistence false');
  }
  if (options.users) {
    const passwordFile = join(dir, 'passwords');
    writeFileSync(passwordFile, '');
    for (const [user, password] of Object.entries(options.users)) {
      execFileSync('mosquitto_passwd', ['-b', passwordFile, user, password]);
    }
    shareWithUser('mosquitto', passwordFile, 0o640);
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.refusedSubscriptions) {
    const { literal = [], matching = [] } = options.refusedSubscriptions;
    const deny = (acltype: string) => (topic: string) => ({ acltype, topic, priority: 0, allow: false });
    const config = {
      // Everything else is allowed, as with no access control at all.
      defaultACLAccess: { publishClientSend: true, publishClientReceive: true, subscribe: true, unsubscribe: true },
      clients: [],
      groups: [{ groupname: 'anonymous', roles: [{ rolename: 'refused' }] }],
      roles: [{ rolename: 'refused', acls: [...literal.map(deny('subscribeLiteral')), ...matching.map(deny('subscribePattern'))] }],
      anonymousGroup: 'anonymous',
    };
    const file = join(dir, 'dynamic-security.json');
    writeFileSync(file, JSON.stringify(config));
    // The plugin writes its configuration back as it changes.
    shareWithUser('mosquitto', file, 0o600);
    lines.push(`plugin ${dynamicSecurityPlugin()}`, `plugin_opt_config_file ${file}`);
  }
  const configFile = join(dir, 'mosquitto.conf');
  writeFileSync(configFile, `${lines.join('\n')}\n`);
  shareWithUser('mosquitto', configFile, 0o644);

  let child: ChildProcess;
  let output = () => '';
  let previousLogs = '';
  const launch = async () => {
    // stdbuf: its log goes to a pipe, block-buffered; tests read it line by line as it comes.
    child = spawn('stdbuf', ['-oL', MOSQUITTO, '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    output = collectOutput(child);
    try {
      await waitForPorts([wsPort, tcpPort], 10_000, () => child.exitCode === null);
    } catch (error) {
      throw new Error(`mosquitto did not start: ${(error as Error).message}\n${output()}`);
    }
  };
  await launch();

  const stop = async () => {
    await stopProcess(child);
    previousLogs += output();
    output = () => '';
  };
  return {
    wsUrl: `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${wsPort}`,
    wsPort,
    tcpPort,
    get pid() {
      return child.pid ?? -1;
    },
    log: () => previousLogs + output(),
    stop,
    async kill() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      previousLogs += output();
      output = () => '';
    },
    restart: launch,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Publishes with the real mosquitto_pub without blocking this process: a broker that runs in
 * it (the embedded Aedes) must go on answering meanwhile.
 */
export async function mosquittoPubAsync(tcpPort: number, topic: string, message: string, extra: string[] = []): Promise<void> {
  await promisify(execFile)('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(tcpPort), '-t', topic, '-m', message, ...extra]);
}

/** Publishes each line as a message, back to back, with one real mosquitto_pub (-l). */
export async function mosquittoPubLines(tcpPort: number, topic: string, lines: readonly string[], extra: readonly string[] = []): Promise<void> {
  const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(tcpPort), '-t', topic, '-l', ...extra], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin!.end(`${lines.join('\n')}\n`);
  const code = await exited;
  if (code !== 0) throw new Error(`mosquitto_pub -l exited with ${code}: ${output()}`);
}

/** Publishes with the real mosquitto_pub. */
export function mosquittoPub(tcpPort: number, topic: string, message: string, extra: string[] = []): void {
  execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(tcpPort), '-t', topic, '-m', message, ...extra]);
}

/** A PUBLISH as mosquitto_sub's debug output shows it. */
export interface ReceivedPublish {
  readonly topic: string;
  readonly qos: number;
  readonly retain: boolean;
  readonly bytes: number;
}

export interface Subscriber {
  /** Messages received so far, one per line of mosquitto_sub's output. */
  messages(): string[];
  /** The PUBLISH packets received so far, with their QoS and retain flag. */
  publishes(): ReceivedPublish[];
  /** Resolves with all messages once `count` have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<string[]>;
  stop(): Promise<void>;
}

export interface SubscriberOptions {
  /** A client ID for a persistent session (-c, QoS 1): the broker keeps messages while it is away. */
  readonly persistentId?: string;
  /**
   * Called with each message as its line arrives (the benchmark times arrivals with it); then
   * `messages()` is not kept, as a flood would grow it without end.
   */
  readonly onMessage?: (message: string) => void;
  /** More mosquitto_sub arguments: a user name and password, say. */
  readonly extra?: readonly string[];
}

/** Starts a real mosquitto_sub and waits until it is subscribed. */
export async function mosquittoSub(
  tcpPort: number,
  topic: string,
  { persistentId, onMessage, extra = [] }: SubscriberOptions = {},
): Promise<Subscriber> {
  const session = persistentId === undefined ? [] : ['-c', '-i', persistentId, '-q', '1'];
  const args = ['-h', '127.0.0.1', '-p', String(tcpPort), '-t', topic, '-v', '-d', ...session, ...extra];
  // stdbuf: mosquitto_sub's output is block-buffered into a pipe; lines are needed as they come.
  const child = spawn('stdbuf', ['-oL', 'mosquitto_sub', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let debug = '';
  let tail = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (onMessage === undefined) {
      stdout += text;
      return;
    }
    // Lines go to the callback as they come; a line cut between chunks waits in `tail`.
    const lines = (tail + text).split('\n');
    tail = lines.pop()!;
    for (const line of lines) onMessage(line.slice(line.indexOf(' ') + 1));
    // Only the latest output is kept (for the SUBACK below): a flood would make it huge.
    stdout = (stdout + text).slice(-4096);
  });
  child.stderr.on('data', (chunk: Buffer) => (debug += chunk.toString()));
  const messages = () =>
    stdout
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('Client ') && !line.startsWith('Subscribed'))
      .map((line) => line.slice(line.indexOf(' ') + 1));
  const until = async (done: () => boolean, what: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`mosquitto_sub: ${what} not seen after ${timeoutMs} ms\n${stdout}${debug}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  // With -d, the SUBACK shows up in its debug output (stdout or stderr, by version).
  await until(() => /SUBACK/.test(stdout + debug), 'SUBACK', 5000);
  // "Client x received PUBLISH (d0, q2, r1, m1, 'home/x', ... (8 bytes))"
  const publishes = () =>
    [...(stdout + debug).matchAll(/received PUBLISH \(d\d, q(\d), r(\d), m\d+, '([^']*)', \.\.\. \((\d+) bytes\)\)/g)].map(
      ([, qos, retain, topic, bytes]) => ({ topic: topic!, qos: Number(qos), retain: retain === '1', bytes: Number(bytes) }),
    );
  return {
    messages,
    publishes,
    async waitFor(count, timeoutMs = 10_000) {
      await until(() => messages().length >= count, `${count} messages`, timeoutMs);
      return messages();
    },
    stop: () => stopProcess(child),
  };
}
