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
}

function count(suite: TestSuiteResult | undefined, totals: Totals): void {
  if (suite === undefined) return;
  for (const test of suite.tests) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite.suites) count(child, totals);
}

export function summaryReporter(file: string): Reporter {
  return {
    onTestRunFinished({ sessions }) {
      const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // A file that failed to load or threw outside a test counts as one failure.
        if (session.errors.length > 0 || (session.passed === false && session.testResults === undefined)) {
          totals.failed++;
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals));
    },
  };
}
