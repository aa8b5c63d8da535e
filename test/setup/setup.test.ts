/**
 * Setups as files and share links: what travels (never the password, never the client ID),
 * what is read back, what is refused and why. In Chromium, with its real CompressionStream.
 */
import { expect } from '@open-wc/testing';
import { createEntity, type Entity } from '../../src/entities/entity.js';
import { readSetup, readSetupText, setupFileName, setupOf, SETUP_FORMAT } from '../../src/setup/setup-file.js';
import { linkForQr, QR_LINK_LIMIT, readShareLink, shareLink, SHARE_PREFIX } from '../../src/setup/share-link.js';
import { defaultConfig, type ConnectionConfig } from '../../src/store/connection.js';
import { DEFAULT_DISCOVERY } from '../../src/store/discovery.js';

const config: ConnectionConfig = {
  ...defaultConfig('desk-client'),
  brokerUrl: 'ws://192.168.1.10:9001',
  username: 'alice',
  password: 'wonderland-secret',
  rememberPassword: true,
  keepalive: 30,
};

function entities(): Entity[] {
  return [
    createEntity('hello_mqtt', 'edzna/hello'),
    createEntity('All sensors', 'home/+/temp', { payloadView: 'json', savedPayloads: [{ label: 'Ping', payload: 'ping' }] }),
    createEntity('Living room', 'home/sonoff/living_room/1/stat', {}, {
      kind: 'switch',
      device: { commandTopic: 'home/sonoff/living_room/1', payloadOn: 'on', payloadOff: 'off' },
    }),
    createEntity('Temp', 'home/sonoff/living_room/1/temp', {}, { kind: 'sensor', device: { valuePath: 'Temp', unit: '°C', decimals: 1 } }),
    createEntity('Dimmer', 'home/dimmer/state', {}, { kind: 'number', device: { commandTopic: 'home/dimmer/set', min: 0, max: 255, step: 5 } }),
  ];
}

describe('setup files', () => {
  it('carry the broker settings and the entities in order, never the password or the client ID', () => {
    const setup = setupOf(config, entities());
    const text = JSON.stringify(setup);
    expect(text).not.to.contain('wonderland-secret');
    expect(text).not.to.contain('desk-client');
    expect(text).not.to.contain('rememberPassword');
    expect(setup.connection).to.deep.include({ brokerUrl: 'ws://192.168.1.10:9001', username: 'alice', keepalive: 30 });
    expect(setup.entities.map((e) => e.name)).to.deep.equal(['hello_mqtt', 'All sensors', 'Living room', 'Temp', 'Dimmer']);
  });

  it('read back exactly as written', () => {
    const setup = setupOf(config, entities());
    const read = readSetupText(JSON.stringify(setup, null, 2));
    expect(read).to.deep.equal({ ok: true, setup });
  });

  it('upgrade a file that lacks what later versions added: kinds, device options, availability', () => {
    // Entities as the app wrote them before devices existed: a name, a topic and options.
    const old = { format: SETUP_FORMAT, version: 1, connection: { brokerUrl: 'ws://broker:9001' }, entities: [{ name: 'hello_mqtt', topic: 'edzna/hello', options: { payloadView: 'text' } }] };
    const read = readSetup(old);
    expect(read.ok).to.equal(true);
    if (!read.ok) return;
    const [{ id: _id, ...expected }] = [createEntity('hello_mqtt', 'edzna/hello', { payloadView: 'text' })];
    expect(read.setup.entities).to.deep.equal([expected]);
    expect(read.setup.connection).to.deep.equal({ ...setupOf(defaultConfig(), []).connection, brokerUrl: 'ws://broker:9001' });
  });

  it('carry which discovery sources are read, not what this device hid, and refuse damaged discovery settings', () => {
    const discovery = { ...DEFAULT_DISCOVERY, homeAssistant: true, homeAssistantPrefix: 'ha/discovery', zigbee2mqtt: true, shown: { 'ha:x': false } };
    const setup = setupOf(config, entities(), discovery);
    expect(setup.discovery).to.deep.equal({ homeAssistant: true, homeAssistantPrefix: 'ha/discovery', tasmota: false, zigbee2mqtt: true, zigbee2mqttBase: 'zigbee2mqtt' });
    expect(JSON.stringify(setup)).not.to.contain('ha:x');
    const read = readSetupText(JSON.stringify(setup));
    expect(read.ok && read.setup.discovery).to.deep.equal(setup.discovery);
    // A file from before discovery has none, and leaves the receiving device's as they are.
    const before = readSetup({ format: SETUP_FORMAT, version: 1, connection: { brokerUrl: 'ws://broker:9001' }, entities: [] });
    expect(before.ok && before.setup.discovery).to.equal(undefined);
    const damaged = readSetup({ ...setup, discovery: { homeAssistant: 'yes' } });
    expect(damaged).to.deep.equal({ ok: false, reason: 'This setup is damaged. The discovery settings: “homeAssistant” should be a boolean.' });
  });

  it('ignore a password written into a file by hand', () => {
    const setup = setupOf(config, entities());
    const read = readSetup({ ...setup, connection: { ...setup.connection, password: 'typed-in' } });
    expect(JSON.stringify(read)).not.to.contain('typed-in');
  });

  it('refuse what is not a setup, or is damaged, with the reason', () => {
    const good = setupOf(config, entities());
    const cases: [string, string][] = [
      ['{"format": "hello-mqtt-setup", "version": 1, "entities": [', 'This file is not a Hello MQTT setup: it is not JSON, or it was cut short.'],
      ['{"name": "a dashboard of another app"}', 'This is not a Hello MQTT setup: it has no “format”: “hello-mqtt-setup”.'],
      [JSON.stringify({ ...good, version: 7 }), 'This setup was made by a newer version of the app (format 7). Update this app, then try again.'],
      [
        JSON.stringify({ ...good, entities: [{ name: 'Lamp', kind: 'lamp', topic: 'x' }] }),
        'This setup is damaged. Entity 1 (“Lamp”): the kind “lamp” is not one this app knows.',
      ],
      [
        JSON.stringify({ ...good, entities: [{ name: 'Bad', topic: 'home/#/x' }] }),
        'This setup is damaged. Bad: The wildcard # must be the last level of the topic, on its own (as in home/#).',
      ],
      [JSON.stringify({ ...good, entities: [{ name: 'A', topic: 'a' }, { name: 'a', topic: 'b' }] }), 'This setup is damaged. a: Another entity is already called “a”. Choose another name.'],
      [JSON.stringify({ ...good, connection: { brokerUrl: 5 } }), 'This setup is damaged. The connection: “brokerUrl” should be a string.'],
    ];
    for (const [text, reason] of cases) expect(readSetupText(text), text.slice(0, 60)).to.deep.equal({ ok: false, reason });
  });

  it('are named after the day', () => {
    expect(setupFileName(new Date('2026-12-02T18:00:00Z'))).to.equal('hello-mqtt-setup-2026-12-02.json');
  });
});

describe('share links', () => {
  const app = 'http://127.0.0.1:4173/';

  it('hold the setup after #, compressed, and give it back', async () => {
    const setup = setupOf(config, entities());
    const link = await shareLink(app, setup);
    expect(link.startsWith(`${app}${SHARE_PREFIX}`)).to.equal(true);
    expect(link).not.to.contain('wonderland');
    expect(link.length).to.be.below(JSON.stringify(setup).length / 2);
    expect(await readShareLink(new URL(link).hash)).to.deep.equal({ ok: true, setup });
  });

  it('carry which discovery sources are on, without what this device hid', async () => {
    const discovery = { ...DEFAULT_DISCOVERY, homeAssistant: true, zigbee2mqtt: true, zigbee2mqttBase: 'z2m', shown: { 'ha:sensor.x': false } };
    const setup = setupOf(config, entities(), discovery);
    const read = await readShareLink(new URL(await shareLink(app, setup)).hash);
    expect(read).to.deep.equal({ ok: true, setup });
    expect(read?.ok && read.setup.discovery).to.deep.equal({
      homeAssistant: true,
      homeAssistantPrefix: 'homeassistant',
      tasmota: false,
      zigbee2mqtt: true,
      zigbee2mqttBase: 'z2m',
    });
    // All off is said too: the other device turns its sources off, as a file would.
    const off = setupOf(config, entities(), DEFAULT_DISCOVERY);
    expect(await readShareLink(new URL(await shareLink(app, off)).hash)).to.deep.equal({ ok: true, setup: off });
  });

  it('are not read when the fragment is something else', async () => {
    expect(await readShareLink('')).to.equal(null);
    expect(await readShareLink('#dashboard')).to.equal(null);
  });

  it('refuse a damaged or too long link, with the reason', async () => {
    const link = await shareLink(app, setupOf(config, entities()));
    const hash = new URL(link).hash;
    const damaged = 'This share link is damaged: it was cut short or changed on the way. Ask for a new one.';
    expect(await readShareLink(hash.slice(0, hash.length - 12))).to.deep.equal({ ok: false, reason: damaged });
    expect(await readShareLink(`${SHARE_PREFIX}not*base64`)).to.deep.equal({ ok: false, reason: damaged });
    // Whole and inflatable, but what it holds is not JSON.
    const packed = new Uint8Array(await new Response(new Blob(['not a setup']).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    const notJson = `${SHARE_PREFIX}${btoa(String.fromCharCode(...packed)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
    expect(await readShareLink(notJson)).to.deep.equal({
      ok: false,
      reason: 'This share link is damaged: what it holds is not a setup. Ask for a new one.',
    });
    const long = `${SHARE_PREFIX}${'A'.repeat(40_000)}`;
    expect(await readShareLink(long)).to.deep.equal({ ok: false, reason: 'This share link is too long (40000 characters) to be a setup from this app.' });
  });

  it('fit in a QR code when small, whole', async () => {
    const setup = setupOf(config, entities());
    const qr = await linkForQr(app, setup);
    expect(qr.leftOut).to.deep.equal([]);
    expect(qr.link).to.equal(await shareLink(app, setup));
  });

  it('are trimmed for a QR code when too long, saying what is left out', async () => {
    // 120 entities with their own names and topics: far beyond one QR code.
    const many = Array.from({ length: 120 }, (_, i) =>
      createEntity(`Sensor ${i} ${crypto.randomUUID()}`, `home/${crypto.randomUUID()}/temp`, { savedPayloads: [{ label: 'Ask', payload: `ask ${i}` }] }),
    );
    const setup = setupOf(config, many);
    expect((await shareLink(app, setup)).length).to.be.above(QR_LINK_LIMIT);
    const qr = await linkForQr(app, setup);
    expect(qr.link.length).to.be.at.most(QR_LINK_LIMIT);
    const read = await readShareLink(new URL(qr.link).hash);
    expect(read?.ok).to.equal(true);
    if (!read?.ok) return;
    const kept = read.setup.entities.length;
    expect(kept).to.be.above(0).and.below(120);
    expect(read.setup.entities.map((e) => e.name)).to.deep.equal(many.slice(0, kept).map((e) => e.name));
    expect(read.setup.entities.every((e) => e.options.savedPayloads.length === 0)).to.equal(true);
    expect(qr.leftOut[0]).to.equal('the entities’ saved payloads and view options');
    expect(qr.leftOut[1]).to.match(new RegExp(`^${120 - kept} entities: “Sensor ${kept} `));
  });

  it('for a QR code leave out first what discovery finds again on the other device', async () => {
    // 100 copies of discovered sensors, and the user's own three entities with a saved payload.
    const copies = Array.from({ length: 100 }, (_, i) =>
      createEntity(`Bedroom ${i} ${crypto.randomUUID()}`, `zigbee2mqtt/${crypto.randomUUID()}`, {}, { kind: 'sensor', device: { valuePath: 'temperature', unit: '°C' } }),
    );
    const own = entities().slice(0, 3);
    const setup = setupOf(config, [...own, ...copies], { ...DEFAULT_DISCOVERY, zigbee2mqtt: true });
    expect((await shareLink(app, setup)).length).to.be.above(QR_LINK_LIMIT);
    const rediscoverable = (entity: { topic: string }) => entity.topic.startsWith('zigbee2mqtt/');
    const qr = await linkForQr(app, setup, rediscoverable);
    expect(qr.link.length).to.be.at.most(QR_LINK_LIMIT);
    expect(qr.leftOut).to.have.length(1);
    expect(qr.leftOut[0]).to.match(/^100 entities: “Bedroom 0 .*, which discovery finds again on the other device$/);
    const read = await readShareLink(new URL(qr.link).hash);
    expect(read?.ok && read.setup.entities).to.deep.equal(own.map(({ id: _id, ...config }) => config));
    expect(read?.ok && read.setup.discovery?.zigbee2mqtt).to.equal(true);
  });
});
