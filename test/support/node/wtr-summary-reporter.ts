/**
 * Writes the totals of a web-test-runner run to a JSON file, so the test script can add them
 * up with the other runners' into one closing line.
 */
import type { Reporter, TestSuiteResult } from '@web/test-runner';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  /** "file › suite › test: first line of the error", so a CI log's tail names what failed. */
  failures: string[];
}

function count(suite: TestSuiteResult | undefined, path: string[], totals: Totals): void {
  if (suite === undefined) return;
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else {
      totals.failed++;
      const reason = (test.error?.message ?? 'failed').split('\n')[0];
      totals.failures.push(`${[...here, test.name].join(' › ')}: ${reason}`);
    }
  }
  for (const child of suite.suites) count(child, here, totals);
}

export function summaryReporter(file: string): Reporter {
  return {
    onTestRunFinished({ sessions }) {
      const totals: Totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
      for (const session of sessions) {
        count(session.testResults, [session.testFile.replace(process.cwd() + '/', '')], totals);
        // A file that failed to load or threw outside a test counts as one failure.
        if (session.errors.length > 0 || (session.passed === false && session.testResults === undefined)) {
          totals.failed++;
          const reason = session.errors[0]?.message?.split('\n')[0] ?? 'did not finish';
          totals.failures.push(`${session.testFile}: ${reason}`);
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals));
    },
  };
}
