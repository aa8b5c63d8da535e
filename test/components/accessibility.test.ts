/**
 * axe finds nothing wrong on the dashboard and in the settings, at phone and desktop width,
 * in light and dark: with entities on a topic and on a filter, a tree of topics, the entity
 * form open, a refused filter and a storage warning.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import { createEntity } from '../../src/entities/entity.js';
import { storageFailed } from '../../src/store/storage.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { getButton, settled } from '../support/dom.js';

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

      it('the settings pass axe', async () => {
        const { el, app } = await dashboard();
        app.commands.showView('settings');
        await settled(el);
        await expect(el).to.be.accessible();
      });
    });
  }
}
