/**
 * Discovered devices on the dashboard, over the real app and a fake session: grouped with
 * their source, values shown, names from the broker rendered as text, Hide and Show, Copy to
 * my entities, unreadable configs listed; and axe finds nothing wrong at phone and desktop
 * width, in light and dark.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import { createEntity } from '../../src/entities/entity.js';
import { decodePayload } from '../../src/mqtt/payload.js';
import { readShareLink } from '../../src/setup/share-link.js';
import { DEFAULT_DISCOVERY } from '../../src/store/discovery.js';
import { entitiesReplaced } from '../../src/store/entities.js';
import * as ha from '../discovery/fixtures/home-assistant.js';
import * as z2m from '../discovery/fixtures/zigbee2mqtt.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { getButton, queryAllDeep, settled, text } from '../support/dom.js';
import { waitUntil } from '../support/wait.js';

/** What `selector` finds inside the `host` elements (a selector does not cross shadow roots). */
const within = (el: Element, host: string, selector: string) => queryAllDeep(el, host).flatMap((h) => queryAllDeep(h, selector));

const record = (topic: string, payload: string, retained = true) => {
  const decoded = decodePayload(new TextEncoder().encode(payload), 4 * 1024 * 1024);
  return topicRecord(topic, decoded.text, { format: decoded.format, json: decoded.json, retained });
};

async function discovered() {
  const { app, session } = startFakeApp([createEntity('hello_mqtt', 'edzna/hello')], {
    initial: { discovery: { ...DEFAULT_DISCOVERY, homeAssistant: true, zigbee2mqtt: true } },
  });
  const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
  const headings = () => within(el, 'mq-discovered-devices', 'h3').map(text);
  // Discovery follows its sources once its code has come and told the session.
  await waitUntil(() => session.filters, (filters) => filters.includes(z2m.Z2M_BRIDGE_DEVICES_TOPIC), 'the discovery filters');
  session.deliver([
    record(ha.HA_DOCS_SENSOR_BEDROOM_TEMPERATURE.topic, ha.HA_DOCS_SENSOR_BEDROOM_TEMPERATURE.payload),
    record(ha.HA_DOCS_SENSOR_BEDROOM_HUMIDITY.topic, ha.HA_DOCS_SENSOR_BEDROOM_HUMIDITY.payload),
    record(ha.Z2M_WEATHER_SENSOR_LINKQUALITY.topic, ha.Z2M_WEATHER_SENSOR_LINKQUALITY.payload),
    record(ha.Z2M_COVER_SMART_VENT.topic, ha.Z2M_COVER_SMART_VENT.payload),
    // Untrusted: a device named with markup.
    record('homeassistant/sensor/evil/config', '{"name":"<img src=x onerror=alert(1)>","stat_t":"evil/state","dev":{"ids":"evil","name":"<b>Evil</b>"}}'),
    record('homeassistant/sensor/broken/config', '{"name": "Broken", "stat_t": '),
    record(z2m.Z2M_BRIDGE_DEVICES_TOPIC, z2m.Z2M_BRIDGE_DEVICES_PAYLOAD),
  ]);
  await waitUntil(headings, (list) => list.includes('Bedroom') && list.includes('power_plug'), 'the devices');
  session.deliver([
    record(ha.HA_DOCS_SENSOR_BEDROOM_STATE.topic, ha.HA_DOCS_SENSOR_BEDROOM_STATE.payload),
    record(z2m.Z2M_PLUG_STATE_ON.topic, z2m.Z2M_PLUG_STATE_ON.payload, false),
  ]);
  await settled(el);
  return { el, app, session, headings };
}

describe('discovered devices', () => {
  it('are grouped by device, marked with their source, with their values', async () => {
    const { el, headings } = await discovered();
    expect(headings()).to.include.members(['<b>Evil</b>', 'Bedroom', 'Küche Deckenlampe', 'power_plug', 'smart vent', 'weather_sensor']);
    const bedroom = within(el, 'mq-discovered-devices', 'section').find((s) => text(s.querySelector('h3')!) === 'Bedroom')!;
    expect(text(bedroom)).to.contain('Example sensors Ltd. · Example Sensor · software 2024.1.0 · Home Assistant discovery');
    await waitUntil(() => queryAllDeep(el, '[aria-label="Bedroom temperature value"]').map(text), (v) => v[0] === '23.2 °C', 'the temperature');
    const summary = within(el, 'mq-discovered-devices', '[role="status"]').map(text)[0];
    expect(summary).to.match(/^\d+ devices, \d+ entities, from Home Assistant discovery, Zigbee2MQTT devices\.$/);
    expect(within(el, 'mq-discovered-devices', 'li').map(text)).to.include.members([
      'cover: smart vent',
      'homeassistant/sensor/broken/config: The config is not a JSON object.',
    ]);
  });

  it('render names from the broker as text, never as markup', async () => {
    const { el } = await discovered();
    expect([...within(el, 'mq-discovered-devices', 'img, b'), ...within(el, 'mq-discovered-entity', 'img, b')]).to.have.length(0);
    expect(within(el, 'mq-discovered-entity', 'h4').map(text)).to.include('<b>Evil</b> <img src=x onerror=alert(1)>');
  });

  it('hide an entity, show one hidden by default, and copy one into the form', async () => {
    const { el, app } = await discovered();
    getButton(el, 'More for Bedroom humidity').click();
    await settled(el);
    getButton(el, 'Hide Bedroom humidity').click();
    await waitUntil(() => within(el, 'mq-discovered-entity', 'h4').map(text), (names) => !names.includes('Bedroom humidity'), 'hidden');
    expect(app.stores.discovery.getState().settings.shown).to.deep.include({ 'ha:hum01ae': false });
    getButton(el, 'Show weather_sensor Linkquality').click();
    await waitUntil(() => within(el, 'mq-discovered-entity', 'h4').map(text), (names) => names.includes('weather_sensor Linkquality'), 'shown');
    getButton(el, 'More for Bedroom temperature').click();
    await settled(el);
    getButton(el, 'Copy to my entities: Bedroom temperature').click();
    await waitUntil(() => app.stores.drafts.getState().entityForm, (form) => form !== null, 'the form');
    const form = app.stores.drafts.getState().entityForm!;
    expect(form.entityId).to.equal(null);
    expect(form.draft).to.deep.include({ name: 'Bedroom temperature', kind: 'sensor', topic: 'homeassistant/sensor/sensorBedroom/state' });
    expect(form.draft.device).to.deep.include({ valuePath: 'temperature', unit: '°C' });
  });

  it('are what a setup’s QR code leaves out first when it is too long: the other phone discovers them again', async () => {
    const { el, app } = await discovered();
    // The user's own entity, and 120 copies of discovered ones under names of their own: far
    // more than one QR code holds.
    const found = app.stores.discovery.getState().catalog!.groups.flatMap((group) => group.entities.map(({ entity }) => entity));
    const copies = Array.from({ length: 120 }, (_, i) => {
      const { id: _id, ...config } = found[i % found.length]!;
      return { ...config, id: `copy-${i}`, name: `Copy ${i} ${crypto.randomUUID()}` };
    });
    entitiesReplaced(app.stores.entities, [...app.stores.entities.getState().list, ...copies]);
    app.commands.showView('settings');
    await settled(el);
    getButton(el, 'Share setup').click();
    const note = () => within(el, 'mq-setup-transfer', '.share .note').map(text).at(-1) ?? '';
    await waitUntil(note, (said) => said.includes('leaves out'), 'what the QR code leaves out');
    expect(note()).to.match(/^Scan it with the other phone’s camera\. The QR code leaves out 120 entities: “Copy 0 .*”, which discovery finds again on the other device, to fit; the link and Export setup carry everything\.$/);
    const { qr, link } = await app.commands.shareSetup('http://127.0.0.1/');
    expect(qr.link.length).to.be.below(link.length);
    const read = await readShareLink(new URL(qr.link).hash);
    expect(read?.ok && read.setup.entities.map((entity) => entity.name)).to.deep.equal(['hello_mqtt']);
    expect(read?.ok && read.setup.discovery).to.deep.include({ homeAssistant: true, zigbee2mqtt: true });
  });
});

for (const width of [390, 1280]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    describe(`discovered devices at ${width} px, ${colorScheme}`, () => {
      before(async () => {
        await setViewport({ width, height: 900 });
        await emulateMedia({ colorScheme });
      });
      after(async () => emulateMedia({ colorScheme: 'light' }));

      it('pass axe', async () => {
        const { el } = await discovered();
        getButton(el, 'More for Bedroom temperature').click();
        await settled(el);
        await expect(el).to.be.accessible();
      });
    });
  }
}
