/**
 * Simulated devices (test/support/devices/*.ts) as child processes on the test broker: started
 * before a test, told what a person does to the device on stdin, stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { collectOutput, stopProcess } from './processes.js';

export interface SimulatedDevice {
  readonly pid: number;
  /** A line on the device's stdin: `wall`, `drop`, `back`… */
  tell(line: string): void;
  /** The commands it received, in order (`on`, `POWER1 ON`…). */
  commands(): string[];
  /** Resolves when it printed this line (again, after `count` times). */
  waitForLine(line: string, count?: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startDevice(script: 'kmanoz-sonoff' | 'tasmota' | 'zigbee2mqtt', args: readonly string[]): Promise<SimulatedDevice> {
  const path = fileURLToPath(new URL(`../devices/${script}.ts`, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const lines = () => output().split('\n').map((line) => line.trim());
  const device: SimulatedDevice = {
    pid: child.pid!,
    tell: (line) => void child.stdin!.write(`${line}\n`),
    commands: () => lines().filter((line) => line.startsWith('command ')).map((line) => line.slice('command '.length)),
    async waitForLine(line, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (lines().filter((l) => l === line).length < count) {
        if (child.exitCode !== null) throw new Error(`${script} exited: ${output()}`);
        if (Date.now() > deadline) throw new Error(`${script} did not print "${line}" in ${timeoutMs} ms: ${output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () => stopProcess(child),
  };
  await device.waitForLine('ready');
  return device;
}
