/**
 * A real ejabberd (Debian's package) with its MQTT 5 broker, mod_mqtt, for the interop tests:
 * the one broker packaged for Debian that sends MQTT 5 reason strings (Mosquitto 2.0.11 sends
 * none). Its own folder, node name and free loopback ports, no epmd; stopped by PID.
 *
 * mod_mqtt wants a user name; anonymous login takes any `name@localhost` with any password.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPorts } from './ports.js';
import { collectOutput, shareWithUser, stopPid } from './processes.js';

const CTL = '/usr/sbin/ejabberdctl';

export interface Ejabberd {
  /** mod_mqtt over WebSocket, at the path /mqtt. */
  readonly wsUrl: string;
  readonly tcpPort: number;
  readonly pid: number;
  log(): string;
  dispose(): Promise<void>;
}

/** Why ejabberd cannot run here, or null when it can. */
export function ejabberdUnavailable(): string | null {
  return existsSync(CTL) ? null : `${CTL} is missing (Debian package ejabberd)`;
}

export async function startEjabberd(): Promise<Ejabberd> {
  const dir = mkdtempSync(join(tmpdir(), 'ejabberd-test-'));
  const [tcpPort, wsPort, distPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const configFile = join(dir, 'ejabberd.yml');
  writeFileSync(
    configFile,
    [
      'hosts: [localhost]',
      'loglevel: info',
      'auth_method: anonymous',
      'anonymous_protocol: login_anon',
      'listen:',
      `  - { port: ${tcpPort}, ip: "127.0.0.1", module: mod_mqtt }`,
      `  - { port: ${wsPort}, ip: "127.0.0.1", module: ejabberd_http, request_handlers: { /mqtt: mod_mqtt } }`,
      'modules:',
      '  mod_mqtt: {}',
      '',
    ].join('\n'),
  );
  // ejabberdctl reads these from its own config file, which overrides the command line.
  const ctlConfig = join(dir, 'ejabberdctl.cfg');
  const pidFile = join(dir, 'spool', 'ejabberd.pid');
  writeFileSync(
    ctlConfig,
    [
      `EJABBERD_CONFIG_PATH=${configFile}`,
      `ERLANG_NODE=test-${wsPort}@localhost`,
      // A fixed distribution port: no epmd is started, so nothing outlives the broker.
      `ERL_DIST_PORT=${distPort}`,
      'INET_DIST_INTERFACE=127.0.0.1',
      // The Erlang VM runs under su in a process group of its own: stopped by this PID.
      `EJABBERD_PID_PATH=${pidFile}`,
      '',
    ].join('\n'),
  );
  const logs = join(dir, 'logs');
  const spool = join(dir, 'spool');
  mkdirSync(logs);
  mkdirSync(spool);
  for (const path of [dir, logs, spool]) shareWithUser('ejabberd', path, 0o755);
  for (const path of [configFile, ctlConfig]) shareWithUser('ejabberd', path, 0o644);

  const child: ChildProcess = spawn(CTL, ['--ctl-config', ctlConfig, '--logs', logs, '--spool', spool, 'foreground'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  await waitForPorts([tcpPort, wsPort], 60_000, () => child.exitCode === null).catch((error: Error) => {
    throw new Error(`${error.message}\n${output()}`);
  });

  const vmPid = Number(readFileSync(pidFile, 'utf8').trim());

  return {
    wsUrl: `ws://127.0.0.1:${wsPort}/mqtt`,
    tcpPort,
    pid: vmPid,
    log: output,
    async dispose() {
      const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      await stopPid(vmPid);
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
