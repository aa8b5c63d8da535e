/**
 * Many tabs, one connection: two tabs of the app share one MQTT connection (the broker would
 * otherwise drop each in turn, as they use one client ID), route their publishes through it,
 * and hand it over when the tab that holds it closes; on a secure page (Web Locks), and on a
 * plain-http page of a home server (no Web Locks: the tabs elect over a BroadcastChannel).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { addDevice, addEntity, entityCard } from '../support/node/app-page.js';
import { startDevice } from '../support/node/devices.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { recordFigure } from '../support/node/figures.js';
import { mosquittoPub, mosquittoSub } from '../support/node/mosquitto.js';

interface TwoTabsCase {
  readonly title: string;
  readonly clientId: string;
  readonly steadySeconds: number;
  /** The app's address, from the one it is served at. */
  readonly address: (served: string) => string;
  readonly browserArgs?: string[];
  readonly secureContext: boolean;
}

const CASES: TwoTabsCase[] = [
  { title: 'two tabs', clientId: 'two-tabs', steadySeconds: 30, address: (served) => served, secureContext: true },
  {
    title: 'two tabs of a plain-http page, without Web Locks',
    clientId: 'two-plain-tabs',
    steadySeconds: 15,
    // A plain-http origin that is not localhost, as a home server's address would be.
    address: (served) => served.replace('127.0.0.1', 'hello.test'),
    browserArgs: ['--host-resolver-rules=MAP hello.test 127.0.0.1'],
    secureContext: false,
  },
];

function describeTwoTabs({ title, clientId: CLIENT_ID, steadySeconds: STEADY_SECONDS, address, browserArgs, secureContext }: TwoTabsCase): void {
  describe(title, { timeout: 120_000 }, () => {
    const env = setUpApp({ browserArgs });
    let first: Page;
    let second: Page;
    let third: Page;

    const connections = () => env.broker.log().split('\n').filter((line) => line.includes(` as ${CLIENT_ID} `)).length;

    it(`hold one steady connection for ${STEADY_SECONDS} s, and both show its state`, async () => {
      first = await env.browser.context.newPage();
      await first.goto(`${address(env.app.url)}?broker=${env.broker.wsUrl}&client_id=${CLIENT_ID}`);
      assert.equal(await first.evaluate(() => isSecureContext && navigator.locks !== undefined), secureContext);
      await first.getByText('Subscribed to edzna/hello.').waitFor();
      second = await env.browser.context.newPage();
      await second.goto(address(env.app.url));
      await second.getByRole('status').getByText('Connected').waitFor();
      await second.getByText('Subscribed to edzna/hello.').waitFor();

      await new Promise((resolve) => setTimeout(resolve, STEADY_SECONDS * 1000));
      recordFigure({ test: `${title} open for ${STEADY_SECONDS} s`, sent: 0, received: 0, lost: 0, duplicates: 0, connections: connections() });
      assert.equal(connections(), 1, `one connection in the broker log:\n${env.broker.log()}`);
      assert.ok(!env.broker.log().includes(`Client ${CLIENT_ID} disconnected`), 'and it never dropped');

      mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'seen by both');
      await first.getByLabel('Last message hello_mqtt').getByText('seen by both', { exact: true }).waitFor();
      await second.getByLabel('Last message hello_mqtt').getByText('seen by both', { exact: true }).waitFor();
    });

    it('an entity on a filter added in one tab shows the same rows in the other, still over one connection', async () => {
      await addEntity(first, 'Rooms', 'tabs/rooms/+');
      await entityCard(second, 'Rooms').waitFor();
      await second.getByText('Subscribed to tabs/rooms/+.').waitFor();
      for (const room of ['hall', 'attic', 'cellar']) mosquittoPub(env.broker.tcpPort, `tabs/rooms/${room}`, `${room} is fine`);
      for (const page of [first, second]) {
        const rows = page.getByRole('list', { name: 'Topics of Rooms' }).getByRole('listitem');
        await rows.filter({ hasText: 'cellar is fine' }).waitFor();
        assert.equal(await rows.count(), 3);
      }
      // A tab that joins now gets every topic at once from the tab that holds the connection.
      third = await env.browser.context.newPage();
      await third.goto(address(env.app.url));
      await third.getByRole('list', { name: 'Topics of Rooms' }).getByText('attic is fine').waitFor();
      assert.equal(connections(), 1);
    });

    it('a Set state in the second tab goes out through the shared connection', async () => {
      const subscriber = await mosquittoSub(env.broker.tcpPort, 'edzna/hello');
      try {
        await second.getByLabel('New state hello_mqtt').fill('from the second tab');
        await second.getByRole('button', { name: 'Set state hello_mqtt' }).click();
        assert.deepEqual(await subscriber.waitFor(1), ['from the second tab']);
        await second.getByText('Sent “from the second tab” to edzna/hello.').waitFor();
      } finally {
        await subscriber.stop();
      }
      assert.equal(connections(), 1);
    });

    it('a device added and switched in the second tab: asked, sent and confirmed through the shared connection', async () => {
      const topic = `tabs/${CLIENT_ID}/sonoff`;
      const sonoff = await startDevice('kmanoz-sonoff', ['--port', String(env.broker.tcpPort), '--topic', topic]);
      try {
        await addDevice(second, 'Sonoff (KmanOz firmware)', 'Hall light', topic);
        for (const page of [first, second]) await entityCard(page, 'Hall light').getByRole('status').getByText('Off', { exact: true }).waitFor();
        await entityCard(second, 'Hall light').getByRole('switch', { name: 'Hall light' }).click();
        for (const page of [first, second]) {
          const control = entityCard(page, 'Hall light').getByRole('switch', { name: 'Hall light' });
          await entityCard(page, 'Hall light').getByRole('status').getByText('On', { exact: true }).waitFor();
          assert.equal(await control.getAttribute('aria-checked'), 'true');
        }
        assert.deepEqual(sonoff.commands(), ['stat', 'on']);
      } finally {
        await sonoff.stop();
      }
      assert.equal(connections(), 1);
    });

    it('when the tab holding the connection closes, another takes it over, and the third follows the new one', async () => {
      await first.close();
      // The second tab shows "Connected" all along (mirrored): the broker's log tells the handover.
      const deadline = Date.now() + 15_000;
      while (connections() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(connections(), 2, 'one of the two tabs left connected once itself');
      await second.getByRole('status').getByText('Connected').waitFor();
      await second.getByText('Subscribed to edzna/hello.').waitFor();
      mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'after the handover');
      await second.getByLabel('Last message hello_mqtt').getByText('after the handover', { exact: true }).waitFor();
      // Whichever of the two leads now, the other hears the topics from it.
      await third.getByLabel('Last message hello_mqtt').getByText('after the handover', { exact: true }).waitFor();
      await third.close();
    });
  });
}

for (const twoTabs of CASES) describeTwoTabs(twoTabs);
