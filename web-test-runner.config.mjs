// Unit and component tests in Debian's Chromium. Load with `node --import tsx` (see package.json):
// the plugins below are TypeScript.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from './test/support/node/chromium.ts';
import { brokerPlugin } from './test/support/node/wtr-broker-plugin.ts';
import { inlineCssPlugin } from './test/support/node/wtr-inline-css-plugin.ts';
import { summaryReporter } from './test/support/node/wtr-summary-reporter.ts';

const chromiumArgs = [...CHROMIUM_ARGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), 'wtr-chromium-'))}`];

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  nodeResolve: { exportConditions: ['browser'] },
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  testsFinishTimeout: 180000,
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    }),
  ],
  plugins: [inlineCssPlugin(), esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' }), brokerPlugin()],
  reporters: [defaultReporter(), summaryReporter('test-results/wtr-summary.json')],
};
