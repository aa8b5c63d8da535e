/**
 * The main user paths in the two other engines, WebKitGTK (Safari's) and Firefox, against a
 * real Mosquitto and the built app: open the app from a link, see what mosquitto_pub sends,
 * set the state, add an entity on a filter and see its rows, find it all after a reload, see a
 * topic's history charted (kept on the device, so after a reload too), switch a (simulated)
 * Sonoff added through its preset, confirmed by the device, switch on Home Assistant discovery
 * and switch a discovered device, and carry the setup away and back by share link.
 * A browser this machine lacks is reported as skipped, with the reason.
 */
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import * as ha from '../discovery/fixtures/home-assistant.js';
import { startDevice, type SimulatedDevice } from '../support/node/devices.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPub, mosquittoPubAsync, mosquittoSub } from '../support/node/mosquitto.js';
import {
  firefoxUnavailable,
  launchFirefox,
  launchWebKit,
  webkitUnavailable,
  type OtherBrowser,
} from '../support/node/other-browsers.js';

/**
 * Installed in the page at each step: finds controls as a user would, by their accessible
 * name, across open shadow roots. Plain JavaScript text, evaluated by the driver: the page's
 * Content-Security-Policy allows no eval of its own.
 */
const PAGE_HELPERS = `(() => {
  const roots = (root) => [root, ...[...root.querySelectorAll('*')].filter((e) => e.shadowRoot).flatMap((e) => roots(e.shadowRoot))];
  const all = (selector) => roots(document).flatMap((root) => [...root.querySelectorAll(selector)]);
  const clean = (text) => (text || '').replace(/\\s+/g, ' ').trim();
  const nameOf = (el) => el.getAttribute('aria-label') || clean(el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent);
  const one = (selector, name) => {
    const found = all(selector).filter((el) => nameOf(el) === name);
    if (found.length !== 1) throw new Error('expected one ' + selector + ' named "' + name + '", found ' + found.length);
    return found[0];
  };
  return {
    text: (name) => clean(one('[role][aria-label], input, select', name).textContent),
    value: (name) => one('input', name).value,
    fill: (name, value) => {
      const input = one('input', name);
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    },
    click: (name) => one('button', name).click(),
    check: (name) => {
      const box = one('input[type="checkbox"]', name);
      if (!box.checked) box.click();
    },
    choose: (name, value) => {
      const select = one('select', name);
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    },
    checked: (name) => one('[role="switch"]', name).getAttribute('aria-checked'),
    words: (name) => clean(one('[role="switch"]', name).getRootNode().getElementById('words').textContent),
    drawn: (name) => one('[role="img"]', name).querySelector('canvas') !== null,
    pageText: () => roots(document).map((root) => root.textContent || '').join(' '),
    rows: (name) => all('ul[aria-label]').filter((ul) => ul.getAttribute('aria-label') === name).flatMap((ul) => [...ul.querySelectorAll('li')]).map((li) => clean(li.textContent)),
  };
})()`;

type Step = [string, unknown?, unknown?];

/** One helper call, its arguments as JSON; a throw comes back as { __error }. */
async function step<T>(browser: OtherBrowser, [name, ...args]: Step): Promise<T> {
  const call = `(() => { try { return ${PAGE_HELPERS}[${JSON.stringify(name)}](...${JSON.stringify(args)}); } catch (e) { return { __error: String(e) }; } })()`;
  return browser.evaluate<T>(call);
}

/** Polls a step until `accept` holds of its result (or it stops throwing). */
async function until<T>(browser: OtherBrowser, call: Step, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await step<T>(browser, call);
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${browser.name}: timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ENGINES = [
  { name: 'WebKitGTK (Safari’s engine)', unavailable: webkitUnavailable, launch: launchWebKit },
  { name: 'Firefox', unavailable: firefoxUnavailable, launch: launchFirefox },
];

for (const engine of ENGINES) {
  const reason = engine.unavailable();
  describe(`the main user paths in ${engine.name}`, { timeout: 180_000, skip: reason ?? false }, () => {
    const env = setUpApp({ browser: false });
    let browser: OtherBrowser;
    const topic = `engines/${engine.name.split(' ')[0]!.toLowerCase()}`;

    before(async () => {
      browser = await engine.launch();
    });
    after(async () => {
      await browser?.close();
      await sonoff?.stop();
    });
    let sonoff: SimulatedDevice | undefined;

    it('opens from a link, connects, and shows what mosquitto_pub sends, as text', async () => {
      await browser.goto(`${env.app.url}?broker=${env.broker.wsUrl}&topic=${topic}`);
      await until<string>(browser, ['pageText'], (text) => text.includes(`Subscribed to ${topic}.`), 'the subscription');
      mosquittoPub(env.broker.tcpPort, topic, '<b>ThisIsIt</b>');
      await until<string>(browser, ['text', 'Last message hello_mqtt'], (text) => text === '<b>ThisIsIt</b>', 'the message');
    });

    it('sets the state, and mosquitto_sub receives it', async () => {
      const sub = await mosquittoSub(env.broker.tcpPort, topic);
      try {
        await step(browser, ['fill', 'New state hello_mqtt', `from ${engine.name}`]);
        await step(browser, ['click', 'Set state hello_mqtt']);
        assert.deepEqual(await sub.waitFor(1), [`from ${engine.name}`]);
      } finally {
        await sub.stop();
      }
    });

    it('adds an entity on a filter and lists its topics', async () => {
      await step(browser, ['click', 'Add entity']);
      await until(browser, ['value', 'Name'], () => true, 'the entity form');
      await step(browser, ['fill', 'Name', 'Rooms']);
      await step(browser, ['fill', 'Topic', `${topic}/rooms/+`]);
      await step(browser, ['click', 'Save']);
      await until<string>(browser, ['pageText'], (text) => text.includes(`Subscribed to ${topic}/rooms/+.`), 'the new subscription');
      mosquittoPub(env.broker.tcpPort, `${topic}/rooms/hall`, '21.5');
      mosquittoPub(env.broker.tcpPort, `${topic}/rooms/attic`, '18');
      const rows = await until<string[]>(browser, ['rows', 'Topics of Rooms'], (r) => r.length === 2, 'two rows');
      assert.ok(rows.some((row) => row.startsWith(`${topic}/rooms/hall 21.5`)), rows.join(' | '));
    });

    it('after a reload shows the entities and the last messages it saved', async () => {
      await browser.goto(env.app.url);
      await until<string>(browser, ['text', 'Last message hello_mqtt'], (text) => text === `from ${engine.name}`, 'the saved message');
      await until<string[]>(browser, ['rows', 'Topics of Rooms'], (r) => r.length === 2, 'the saved rows');
    });

    it('keeps the history of a topic on the device and charts it, also after a reload', async () => {
      await until<string>(browser, ['pageText'], (text) => text.includes(`Subscribed to ${topic}.`), 'the subscription again');
      for (const value of ['20.5', '22.25', '21']) {
        await mosquittoPubAsync(env.broker.tcpPort, topic, value);
        await until<string>(browser, ['text', 'Last message hello_mqtt'], (text) => text === value, `the message ${value}`);
      }
      const summary = 'now 21, min 20.5, max 22.25';
      for (const when of ['as they arrive', 'after a reload']) {
        if (when === 'after a reload') {
          await browser.goto(env.app.url);
          await until<string>(browser, ['text', 'Last message hello_mqtt'], (text) => text === '21', 'the saved message');
        }
        await step(browser, ['click', 'History of hello_mqtt']);
        await until<boolean>(browser, ['drawn', 'History chart'], (drawn) => drawn === true, `the chart, ${when}`);
        await until<string>(browser, ['pageText'], (text) => text.includes(summary), `the chart's now, min and max, ${when}`);
        await step(browser, ['click', 'History of hello_mqtt']);
      }
    });

    it('adds a Sonoff (KmanOz) through its preset and switches it on and off, confirmed by the device', async () => {
      const device = `${topic}/sonoff/1`;
      sonoff = await startDevice('kmanoz-sonoff', ['--port', String(env.broker.tcpPort), '--topic', device]);
      await step(browser, ['click', 'Add entity']);
      await until(browser, ['value', 'Name'], () => true, 'the entity form');
      await step(browser, ['choose', 'Preset', 'kmanoz']);
      await until(browser, ['value', 'Device topic'], () => true, 'the preset fields');
      await step(browser, ['fill', 'Name', 'Lamp']);
      await step(browser, ['fill', 'Device topic', device]);
      await step(browser, ['click', 'Save']);
      await until<string>(browser, ['words', 'Lamp'], (words) => words === 'Off', 'the state the device was asked for');
      await step(browser, ['click', 'Lamp']);
      await until<string>(browser, ['checked', 'Lamp'], (state) => state === 'true', 'the switch on, confirmed');
      await step(browser, ['click', 'Lamp']);
      await until<string>(browser, ['checked', 'Lamp'], (state) => state === 'false', 'the switch off, confirmed');
      assert.deepEqual(sonoff.commands(), ['stat', 'on', 'off']);
    });

    it('switches on Home Assistant discovery, and switches a discovered device, confirmed by it', async () => {
      // Home Assistant's documented switch config (test/discovery/fixtures), retained, and its state.
      mosquittoPub(env.broker.tcpPort, ha.HA_DOCS_SWITCH_IRRIGATION.topic, ha.HA_DOCS_SWITCH_IRRIGATION.payload, ['-r']);
      mosquittoPub(env.broker.tcpPort, 'homeassistant/switch/irrigation/state', 'OFF', ['-r']);
      await step(browser, ['click', 'Settings']);
      await until(browser, ['value', 'Broker URL'], () => true, 'the settings');
      await step(browser, ['check', 'Home Assistant discovery']);
      await step(browser, ['click', 'Dashboard']);
      await until<string>(browser, ['words', 'Garden Irrigation'], (words) => words === 'Off', 'the discovered switch');
      const commands = await mosquittoSub(env.broker.tcpPort, 'homeassistant/switch/irrigation/set');
      try {
        await step(browser, ['click', 'Garden Irrigation']);
        assert.deepEqual(await commands.waitFor(1), ['ON']);
        mosquittoPub(env.broker.tcpPort, 'homeassistant/switch/irrigation/state', 'ON', ['-r']);
        await until<string>(browser, ['checked', 'Garden Irrigation'], (state) => state === 'true', 'the switch on, confirmed');
      } finally {
        await commands.stop();
      }
    });

    it('shares its setup as a link, and takes a share link’s setup when asked', async () => {
      await step(browser, ['click', 'Settings']);
      await until(browser, ['value', 'Broker URL'], () => true, 'the settings');
      await step(browser, ['click', 'Share setup']);
      const link = await until<string>(browser, ['value', 'Share link'], (value) => typeof value === 'string' && value.includes('#setup='), 'the share link');
      // Read here with Node's own inflate: the engine's CompressionStream wrote a real deflate stream.
      const shared = JSON.parse(inflateRawSync(Buffer.from(link.split('#setup=')[1]!, 'base64url')).toString()) as { entities: { name: string }[] };
      assert.deepEqual(shared.entities.map((e) => e.name), ['hello_mqtt', 'Rooms', 'Lamp']);

      // And the other way: a link made here, opened in the engine.
      const setup = {
        format: 'hello-mqtt-setup',
        version: 1,
        connection: { brokerUrl: env.broker.wsUrl },
        entities: [{ name: 'hello_mqtt', topic }, { name: 'Shared', topic: `${topic}/shared` }],
      };
      await browser.goto(`${env.app.url}#setup=${deflateRawSync(JSON.stringify(setup)).toString('base64url')}`);
      await until<string>(browser, ['pageText'], (text) => text.includes('Use this setup?') && text.includes('2 entities: “hello_mqtt”, “Shared”'), 'the offer');
      await step(browser, ['click', 'Replace']);
      await until<string>(browser, ['pageText'], (text) => text.includes('Took the broker settings and 2 entities from the share link.'), 'the setup taken');
      await step(browser, ['click', 'Dashboard']);
      await until<string>(browser, ['pageText'], (text) => text.includes(`${topic}/shared`) && !text.includes('Rooms'), 'the shared entities');
    });
  });
}
