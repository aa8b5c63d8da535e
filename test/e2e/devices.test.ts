/**
 * Devices in the built app, in Debian's Chromium, against a real Mosquitto and simulated
 * devices (test/support/devices): a Sonoff with KmanOz's firmware added through its preset,
 * switched on and off and confirmed, its wall switch, a reload; a silent device; a tap while
 * the broker is down; a Tasmota device with two relays, an AM2301, its last will; Number and
 * Select; and payloads a device should not send.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { addDevice, entityCard } from '../support/node/app-page.js';
import { startDevice, type SimulatedDevice } from '../support/node/devices.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPubAsync, mosquittoSub } from '../support/node/mosquitto.js';

const SONOFF = 'e2e/sonoff/living_room/1';
const TASMOTA = 'tasmota_E2E';

/** The words beside a control, announced as they change. */
const words = (card: Locator) => card.getByRole('status');

describe('devices', { timeout: 180_000 }, () => {
  // Persistent, as Debian's Mosquitto is: retained states and commands survive a restart.
  const env = setUpApp({ broker: { persistence: true } });
  let page: Page;
  let sonoff: SimulatedDevice;
  let tasmota: SimulatedDevice;

  before(async () => {
    sonoff = await startDevice('kmanoz-sonoff', ['--port', String(env.broker.tcpPort), '--topic', SONOFF, '--th']);
    tasmota = await startDevice('tasmota', ['--port', String(env.broker.tcpPort), '--topic', TASMOTA, '--relays', '2']);
    page = await env.browser.context.newPage();
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
  });
  after(async () => {
    await sonoff?.stop();
    await tasmota?.stop();
  });

  it('adds a Sonoff (KmanOz) through its preset: a tap confirms on, another off; sensors with units', async () => {
    await addDevice(page, 'Sonoff (KmanOz firmware)', 'Living room', SONOFF, async () => {
      await page.getByLabel('Build').selectOption('th');
      await page.getByText('This firmware has no last will').waitFor();
    });
    const card = entityCard(page, 'Living room');
    const control = card.getByRole('switch', { name: 'Living room' });
    // Asked for its state (stat) once added: the firmware keeps none retained until it is switched.
    await words(card).getByText('Off', { exact: true }).waitFor();
    assert.equal(await control.getAttribute('aria-checked'), 'false');
    await control.click();
    await words(card).getByText('On', { exact: true }).waitFor();
    assert.equal(await control.getAttribute('aria-checked'), 'true');
    await control.click();
    await words(card).getByText('Off', { exact: true }).waitFor();
    assert.equal(await control.getAttribute('aria-checked'), 'false');
    assert.deepEqual(sonoff.commands(), ['stat', 'on', 'off']);
    await entityCard(page, 'Living room temperature').getByText('23.4 °C').waitFor();
    await entityCard(page, 'Living room humidity').getByText('46 %').waitFor();
  });

  it('shows the state after a reload, and moves when the wall switch is pressed', async () => {
    await page.reload();
    const card = entityCard(page, 'Living room');
    const control = card.getByRole('switch', { name: 'Living room' });
    await words(card).getByText('Off', { exact: true }).waitFor();
    sonoff.tell('wall');
    await words(card).getByText('On', { exact: true }).waitFor();
    assert.equal(await control.getAttribute('aria-checked'), 'true');
  });

  it('a silent device: Pending…, then No answer, and the last reported state', async () => {
    // A Sonoff whose relay no longer answers: its last state is retained on the broker, it takes
    // the commands and says nothing.
    await mosquittoPubAsync(env.broker.tcpPort, 'e2e/sonoff/attic/1/stat', 'off', ['-r', '-q', '1']);
    const silent = await startDevice('kmanoz-sonoff', ['--port', String(env.broker.tcpPort), '--topic', 'e2e/sonoff/attic/1', '--silent']);
    try {
      await addDevice(page, 'Sonoff (KmanOz firmware)', 'Attic', 'e2e/sonoff/attic/1');
      const card = entityCard(page, 'Attic');
      await words(card).getByText('Off', { exact: true }).waitFor();
      await card.getByRole('switch', { name: 'Attic' }).click();
      await words(card).getByText('Pending… turning on.').waitFor();
      await words(card).getByText('No answer: the device did not confirm within 5 s. Last reported: Off.').waitFor({ timeout: 10_000 });
      assert.equal(await card.getByRole('switch', { name: 'Attic' }).getAttribute('aria-checked'), 'false');
      assert.ok(silent.commands().includes('on'), 'the device got the command');
    } finally {
      await silent.stop();
    }
  });

  it('offline: a tap while the broker is down is queued, delivered once when it returns, then confirmed', async () => {
    const card = entityCard(page, 'Living room');
    const control = card.getByRole('switch', { name: 'Living room' });
    await words(card).getByText('On', { exact: true }).waitFor();
    // What reaches the device's topic, seen by a session the broker keeps across its restart.
    // -R: the retained command replayed to a new subscription is not a new one.
    const witness = await mosquittoSub(env.broker.tcpPort, SONOFF, { persistentId: 'e2e-sonoff-witness', extra: ['-R'] });
    try {
      await env.broker.stop();
      await page.getByRole('status').getByText(/Error|Reconnecting/).first().waitFor();
      await control.click();
      await words(card).getByText('Queued: turning off once connected.').waitFor();
      await env.broker.restart();
      await words(card).getByText('Off', { exact: true }).waitFor({ timeout: 30_000 });
      assert.equal(await control.getAttribute('aria-checked'), 'false');
      // Once: the app sent the command one time (it also asks for the state, stat, on reconnect).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual(witness.messages().filter((c) => c === 'off'), ['off']);
    } finally {
      await witness.stop();
    }
    // The device, which keeps no session, got it too: sent retained, it waited for the Sonoff.
    assert.ok(sonoff.commands().includes('off'));
  });

  it('a Tasmota with two relays and an AM2301: found by asking it, both relays confirm, sensors with units', async () => {
    await addDevice(page, 'Tasmota', 'Desk', TASMOTA, async () => {
      await page.getByText(/Tasmota listens for commands on cmnd/).waitFor();
      await page.getByRole('button', { name: 'Find relays and sensors' }).click();
      await page.getByText('Sensors: AM2301.Temperature (°C), AM2301.Humidity (%).').waitFor();
      assert.equal(await page.getByLabel('Relays').inputValue(), '2');
    });
    for (const name of ['Desk 1', 'Desk 2']) {
      const card = entityCard(page, name);
      await words(card).getByText('Off', { exact: true }).waitFor();
      await card.getByRole('switch', { name }).click();
      await words(card).getByText('On', { exact: true }).waitFor();
    }
    assert.ok(tasmota.commands().includes('POWER1 ON') && tasmota.commands().includes('POWER2 ON'));
    await entityCard(page, 'Desk temperature').getByText('24.6 °C').waitFor();
    await entityCard(page, 'Desk humidity').getByText('58.2 %').waitFor();
  });

  it('disables a Tasmota’s controls while its last will says Offline, and says why', async () => {
    tasmota.tell('drop');
    const card = entityCard(page, 'Desk 1');
    await words(card).getByText(`Unavailable: tele/${TASMOTA}/LWT says “Offline”.`, { exact: false }).waitFor({ timeout: 30_000 });
    assert.equal(await card.getByRole('switch', { name: 'Desk 1' }).isDisabled(), true);
    tasmota.tell('back');
    await tasmota.waitForLine('ready', 2);
    await words(card).getByText('On', { exact: true }).waitFor();
    assert.equal(await card.getByRole('switch', { name: 'Desk 1' }).isDisabled(), false);
  });

  it('Number and Select publish their values; the reported value wins', async () => {
    await page.getByRole('button', { name: 'Add entity' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Desk dimmer');
    await page.getByLabel('Kind').selectOption('number');
    await page.getByLabel('Command topic').fill(`cmnd/${TASMOTA}/Dimmer`);
    await page.getByLabel('State topic').fill(`stat/${TASMOTA}/RESULT`);
    await page.getByLabel('JSON path of the value').fill('Dimmer');
    await page.getByLabel('Maximum').fill('255');
    await page.getByLabel('Show as').selectOption('box');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dimmer = entityCard(page, 'Desk dimmer');
    // Tasmota's Dimmer is 0 to 100: asked for 150, it sets and reports 100.
    await dimmer.getByLabel('Desk dimmer', { exact: true }).fill('150');
    await dimmer.getByRole('button', { name: 'Set Desk dimmer' }).click();
    await words(dimmer).getByText('Reported: 100.').waitFor();
    assert.equal(await dimmer.getByLabel('Desk dimmer', { exact: true }).inputValue(), '100');
    assert.ok(tasmota.commands().includes('DIMMER 150'));

    await page.getByRole('button', { name: 'Add entity' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Desk fan');
    await page.getByLabel('Kind').selectOption('select');
    await page.getByLabel('Command topic').fill(`cmnd/${TASMOTA}/FanSpeed`);
    await page.getByLabel('State topic').fill(`stat/${TASMOTA}/RESULT`);
    await page.getByLabel('JSON path of the value').fill('FanSpeed');
    await page.getByLabel('Options').fill('0\n1\n2\n3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const fan = entityCard(page, 'Desk fan');
    await fan.getByLabel('Desk fan', { exact: true }).selectOption('3');
    await words(fan).getByText('Reported: 3.').waitFor();
    assert.ok(tasmota.commands().includes('FANSPEED 3'));
    // Someone else sets it (the remote): the reported value shows.
    await mosquittoPubAsync(env.broker.tcpPort, `cmnd/${TASMOTA}/FanSpeed`, '0');
    await words(fan).getByText('Reported: 0.').waitFor();
    assert.equal(await fan.getByLabel('Desk fan', { exact: true }).inputValue(), '0');
  });

  it('bad input: a state that is neither on nor off is shown with a note; a non-numeric reading as text', async () => {
    await mosquittoPubAsync(env.broker.tcpPort, 'e2e/sonoff/attic/1/stat', 'broken', ['-r']);
    await words(entityCard(page, 'Attic')).getByText('The device reported “broken”, which is neither on (on) nor off (off).').waitFor();
    // The firmware's own error text, had it gone to the reading's topic (it uses <topic>/debug).
    await mosquittoPubAsync(env.broker.tcpPort, `${SONOFF}/temp`, 'DHT Read Error', ['-r']);
    const temperature = entityCard(page, 'Living room temperature');
    await temperature.getByText('DHT Read Error').waitFor();
    await temperature.getByText('The payload has no Temp: shown as it came.').waitFor();
  });

  it('paints a dashboard of devices at its final layout on a reload: cumulative layout shift under 0.02', async () => {
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.reload();
    await page.getByRole('status').getByText('Connected').first().waitFor();
    await entityCard(page, 'Desk humidity').getByText('58.2 %').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
    const cls = shifts.reduce((sum, value) => sum + value, 0);
    assert.ok(cls <= 0.02, `cumulative layout shift ${cls.toFixed(4)} (${shifts.length} shifts)`);
  });
});
