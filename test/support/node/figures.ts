/** Fault-test figures (messages lost, duplicates, reconnects), collected for the README table. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const FILE = 'test-results/fault-figures.json';

export interface FaultFigure {
  readonly test: string;
  readonly sent: number;
  readonly received: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly connections: number;
}

/** Adds one row to test-results/fault-figures.json and prints it. */
export function recordFigure(figure: FaultFigure): void {
  mkdirSync('test-results', { recursive: true });
  let rows: FaultFigure[] = [];
  try {
    rows = JSON.parse(readFileSync(FILE, 'utf8')) as FaultFigure[];
  } catch {
    // First row of this run.
  }
  rows = [...rows.filter((row) => row.test !== figure.test), figure];
  writeFileSync(FILE, `${JSON.stringify(rows, null, 2)}\n`);
  console.log(`figures: ${JSON.stringify(figure)}`);
}

/** Messages lost and duplicated, comparing what arrived with what was sent. */
export function countLossAndDuplicates(sent: readonly string[], received: readonly string[]) {
  const seen = new Map<string, number>();
  for (const message of received) seen.set(message, (seen.get(message) ?? 0) + 1);
  const lost = sent.filter((message) => !seen.has(message)).length;
  const duplicates = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
  return { lost, duplicates };
}
