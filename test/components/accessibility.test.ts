/**
 * axe finds nothing wrong on the dashboard and in the settings, at phone and desktop width,
 * in light and dark: with entities on a topic and on a filter, a tree of topics, the entity
 * form open, a refused filter and a storage warning; and a dashboard of devices (switches,
 * a sensor, a button asking before it presses, a number, a select, a device offline) with a
 * device's form.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import { tasmota } from '../../src/devices/presets.js';
import { createEntity } from '../../src/entities/entity.js';
import { storageFailed } from '../../src/store/storage.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { getButton, queryAllDeep, settled, text } from '../support/dom.js';
import { waitUntil } from '../support/wait.js';

/** A Tasmota's relays and sensors, a button, a number and a select; one device offline. */
async function devices() {
  const configs = tasmota('tasmota_1A2B3C', 'Desk', 2, [{ path: 'AM2301.Temperature', unit: '°C' }]);
  const list = [
    ...configs.map((config, i) => ({ ...config, id: `desk-${i}` })),
    createEntity('Restart', '', {}, { kind: 'button', device: { commandTopic: 'cmnd/hall/Restart', pressPayload: '1', confirm: true } }),
    createEntity('Dimmer', 'stat/hall/RESULT', {}, { kind: 'number', device: { commandTopic: 'cmnd/hall/Dimmer', valuePath: 'Dimmer', unit: '%' } }),
    createEntity('Fan', 'stat/hall/RESULT', {}, { kind: 'select', device: { commandTopic: 'cmnd/hall/FanSpeed', valuePath: 'FanSpeed', choices: ['0', '1', '2', '3'] } }),
    createEntity('Porch', 'porch/stat', {}, {
      kind: 'switch',
      device: { commandTopic: 'porch' },
      availability: { topic: 'porch/LWT', path: '', online: 'Online', offline: 'Offline' },
    }),
  ];
  const { app, session } = startFakeApp(list);
  const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
  const json = (topic: string, value: Record<string, unknown>) => topicRecord(topic, JSON.stringify(value), { format: 'json', json: value as never });
  session.deliver([
    json('stat/tasmota_1A2B3C/RESULT', { POWER1: 'ON' }),
    topicRecord('stat/tasmota_1A2B3C/POWER2', 'OFF'),
    json('tele/tasmota_1A2B3C/SENSOR', { Time: '2019-01-01T00:00:00', AM2301: { Temperature: 24.6, Humidity: 58.2 }, TempUnit: 'C' }),
    json('stat/hall/RESULT', { POWER: 'ON', Dimmer: 40, FanSpeed: 2 }),
    topicRecord('porch/LWT', 'Offline', { retained: true }),
  ]);
  await settled(el);
  return { el, app };
}

async function dashboard() {
  const lamp = createEntity('Lamp', 'home/lamp', { savedPayloads: [{ label: 'On', payload: 'ON' }] });
  const { app, session } = startFakeApp([createEntity('hello_mqtt', 'edzna/hello'), createEntity('Rooms', 'home/+/temp'), createEntity('Plant', 'plant/#'), lamp]);
  const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
  session.deliver([
    topicRecord('edzna/hello', 'ThisIsIt', { retained: true }),
    topicRecord('home/lamp', '{"state":"ON","brightness":200}', { format: 'json', json: { state: 'ON', brightness: 200 } }),
    ...Array.from({ length: 5 }, (_, i) => topicRecord(`home/room${i}/temp`, `2${i}.5`)),
    ...Array.from({ length: 80 }, (_, i) => topicRecord(`plant/line${i % 4}/sensor${i}`, 'ok')),
  ]);
  session.reportFilters({ 'plant/#': { state: 'refused', reason: 'Not subscribed to plant/#: not authorized.', via: 'plant/#' } });
  storageFailed(app.stores.storage, 'Cannot save: this browser’s storage for the app is full. Changes are kept until the tab closes.');
  await settled(el);
  return { el, app };
}

for (const width of [390, 1280]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`accessibility at ${width} px, ${colorScheme}`, () => {
      before(async () => {
        await setViewport({ width, height: 900 });
        await emulateMedia({ colorScheme });
      });
      after(async () => {
        await emulateMedia({ colorScheme: 'light' });
      });

      it('the dashboard passes axe', async () => {
        const { el } = await dashboard();
        getButton(el, 'Expand plant').click();
        await settled(el);
        await expect(el).to.be.accessible();
      });

      it('the entity form passes axe', async () => {
        const { el } = await dashboard();
        getButton(el, 'Edit Lamp').click();
        await settled(el);
        await expect(el).to.be.accessible();
      });

      it('a dashboard of devices passes axe', async () => {
        const { el } = await devices();
        getButton(el, 'Press Restart').click();
        await settled(el);
        await expect(el).to.be.accessible();
      });

      it('a device’s form, with its live payload to pick from, passes axe', async () => {
        const { el } = await devices();
        getButton(el, 'Edit Desk temperature').click();
        await settled(el);
        await expect(el).to.be.accessible();
      });

      it('the settings pass axe', async () => {
        const { el, app } = await dashboard();
        app.commands.showView('settings');
        await settled(el);
        await expect(el).to.be.accessible();
      });

      it('the settings with a setup shared, its link and QR code, pass axe', async () => {
        const { el, app } = await dashboard();
        app.commands.showView('settings');
        await settled(el);
        getButton(el, 'Share setup').click();
        await waitUntil(() => queryAllDeep(el, 'img[alt="QR code"]').length, (n) => n === 1, 'the QR code');
        await settled(el);
        await expect(el).to.be.accessible();
      });

      it('a setup offered, and one refused, pass axe', async () => {
        const { el, app } = await dashboard();
        const setup = await app.commands.exportSetup();
        await app.commands.offerSetupFile('setup.json', JSON.stringify(setup));
        await waitUntil(() => queryAllDeep(el, 'dialog[open]').length, (n) => n === 1, 'the offer');
        await settled(el);
        await expect(el).to.be.accessible();
        await app.commands.offerSetupFile('broken.json', '{"format":');
        await settled(el);
        const alerts = queryAllDeep(el, '[role="alert"]').map(text);
        expect(alerts).to.include('This file is not a Hello MQTT setup: it is not JSON, or it was cut short.');
        await expect(el).to.be.accessible();
      });
    });
  }
}
