/**
 * The usual cast of an end-to-end test: a real Mosquitto, the built app served by
 * `vite preview`, and Debian's Chromium, started before the tests of the surrounding
 * `describe` and stopped (by PID) after them.
 */
import { after, before } from 'node:test';
import { launchChromium, type Browser } from './chromium.js';
import { startMosquitto, type Mosquitto, type MosquittoOptions } from './mosquitto.js';
import { startPreview, type Preview, type PreviewOptions } from './preview.js';

export interface AppSetup {
  readonly broker: Mosquitto;
  readonly app: Preview;
  readonly browser: Browser;
}

export interface AppSetupOptions {
  /** Options of the Mosquitto to start, or false for none. */
  readonly broker?: MosquittoOptions | false;
  readonly preview?: PreviewOptions;
  /** More Chromium flags. */
  readonly browserArgs?: string[];
  /** False: the test starts its own browser. */
  readonly browser?: false;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what} in this setup (or it has not started yet)`);
  return value;
}

/** Registers the before and after hooks in the current describe; read the parts in tests. */
export function setUpApp(options: AppSetupOptions = {}): AppSetup {
  let broker: Mosquitto | undefined;
  let app: Preview | undefined;
  let browser: Browser | undefined;
  before(async () => {
    if (options.broker !== false) broker = await startMosquitto(options.broker ?? {});
    app = await startPreview(options.preview);
    if (options.browser !== false) browser = await launchChromium(undefined, options.browserArgs);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await broker?.dispose();
  });
  return {
    get broker() {
      return started(broker, 'broker');
    },
    get app() {
      return started(app, 'app server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
