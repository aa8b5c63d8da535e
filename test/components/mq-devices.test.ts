import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import { sonoffKmanOz, tasmota } from '../../src/devices/presets.js';
import { createEntity, type Entity } from '../../src/entities/entity.js';
import { decodePayload } from '../../src/mqtt/payload.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { getButton, getByLabel, queryAllDeep, settled, text, type } from '../support/dom.js';

async function renderApp(entities: Entity[]) {
  const { app, session } = startFakeApp(entities);
  const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
  await settled(el);
  return { el, app, session };
}

const pause = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
async function idle(el: Element, ms = 30) {
  await pause(ms);
  await settled(el);
}

/** A message as the worker hands it over: decoded once, JSON parsed. */
function message(topic: string, payload: string, extra = {}) {
  const decoded = decodePayload(new TextEncoder().encode(payload));
  return topicRecord(topic, decoded.text, { format: decoded.format, json: decoded.json, ...extra });
}

const switchNamed = (el: Element, name: string) =>
  queryAllDeep(el, '[role="switch"]').find((s) => s.getAttribute('aria-label') === name) as HTMLButtonElement;
/** The words beside a control: what it says is going on. */
const wordsOf = (el: Element, name: string) => {
  const control = queryAllDeep(el, '[aria-describedby="words"]').find((c) => c.getAttribute('aria-label')?.endsWith(name));
  return text((control!.getRootNode() as ShadowRoot).getElementById('words')!);
};

const lamp = (device = {}) =>
  createEntity('Lamp', 'home/sonoff/lamp/stat', {}, {
    kind: 'switch',
    device: { commandTopic: 'home/sonoff/lamp', payloadOn: 'on', payloadOff: 'off', ...device },
  });

describe('device controls on the dashboard', () => {
  it('adds a Sonoff (KmanOz) TH through the preset: a switch and two sensors, asked for its state', async () => {
    const { el, app, session } = await renderApp([]);
    session.goOnline();
    getButton(el, 'Add entity').click();
    await settled(el);
    const preset = getByLabel<HTMLSelectElement>(el, 'Preset');
    preset.value = 'kmanoz';
    preset.dispatchEvent(new Event('change'));
    await settled(el);
    type(getByLabel(el, 'Name'), 'Living room');
    type(getByLabel(el, 'Device topic'), 'home/sonoff/living_room/1');
    const build = getByLabel<HTMLSelectElement>(el, 'Build');
    build.value = 'th';
    build.dispatchEvent(new Event('change'));
    await idle(el);
    expect(text(queryAllDeep(el, '[aria-label="Entities the preset adds"]')[0]!)).to.contain('Living room humidity');
    expect(text(queryAllDeep(el, '.note')[0]!)).to.contain('no last will');
    getButton(el, 'Save').click();
    await idle(el, 60);
    expect(app.stores.entities.getState().list.map((e) => e.name)).to.deep.equal(['Living room', 'Living room temperature', 'Living room humidity']);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([['home/sonoff/living_room/1', 'stat']]);
    // KmanOz TH build (ESPsonoff_TH-v1.01t.ino, getTemp()): {"Temp": 23.40, "Humidity": 45.60} on <topic>/temp.
    session.deliver([message('home/sonoff/living_room/1/temp', '{"Temp": 23.40, "Humidity": 45.60}')]);
    await idle(el);
    const values = queryAllDeep(el, '.reading').map(text);
    expect(values).to.deep.equal(['23.4 °C', '46 %']);
  });

  it('switches on: Pending… until the device reports on, then On', async () => {
    const { el, session } = await renderApp([lamp()]);
    session.goOnline();
    session.deliver([message('home/sonoff/lamp/stat', 'off', { retained: true, qos: 1 })]);
    await idle(el);
    const control = switchNamed(el, 'Lamp');
    expect(control.getAttribute('aria-checked')).to.equal('false');
    control.click();
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([['home/sonoff/lamp', 'on']]);
    expect(wordsOf(el, 'Lamp')).to.equal('Pending… turning on.');
    expect(control.getAttribute('aria-busy')).to.equal('true');
    session.deliver([message('home/sonoff/lamp/stat', 'on', { retained: true, qos: 1 })]);
    await idle(el);
    expect(control.getAttribute('aria-checked')).to.equal('true');
    expect(wordsOf(el, 'Lamp')).to.equal('On');
  });

  it('says No answer when the device stays silent, and shows the last reported state', async () => {
    const { el, session } = await renderApp([lamp({ timeoutSeconds: 0.3 })]);
    session.goOnline();
    session.deliver([message('home/sonoff/lamp/stat', 'off')]);
    await idle(el);
    switchNamed(el, 'Lamp').click();
    await idle(el, 60);
    expect(wordsOf(el, 'Lamp')).to.equal('Pending… turning on.');
    await idle(el, 400);
    expect(wordsOf(el, 'Lamp')).to.equal('No answer: the device did not confirm within 0.3 s. Last reported: Off.');
    expect(switchNamed(el, 'Lamp').getAttribute('aria-checked')).to.equal('false');
  });

  it('queues a tap while offline and says so; sends it once connected', async () => {
    const { el, session } = await renderApp([lamp()]);
    switchNamed(el, 'Lamp').click();
    await idle(el, 60);
    expect(wordsOf(el, 'Lamp')).to.equal('Queued: turning on once connected.');
    expect(session.published).to.deep.equal([]);
    session.goOnline();
    await idle(el, 60);
    expect(session.published.map((p) => p.text)).to.deep.equal(['on']);
    expect(wordsOf(el, 'Lamp')).to.equal('Pending… turning on.');
  });

  it('disables a Tasmota relay while its last will says Offline, and says why', async () => {
    const entities = tasmota('tasmota_1A2B3C', 'Desk', 1, []).map((config, i) => ({ ...config, id: `t${i}` }));
    const { el, session } = await renderApp(entities);
    // Tasmota's last will (Tasmota docs, MQTT: LWT): Online, and Offline when it drops off.
    session.deliver([message('tele/tasmota_1A2B3C/LWT', 'Offline', { retained: true })]);
    await idle(el);
    expect(switchNamed(el, 'Desk').disabled).to.equal(true);
    expect(wordsOf(el, 'Desk')).to.match(/^Unavailable: tele\/tasmota_1A2B3C\/LWT says “Offline”\./);
    session.deliver([message('tele/tasmota_1A2B3C/LWT', 'Online', { retained: true })]);
    await idle(el);
    expect(switchNamed(el, 'Desk').disabled).to.equal(false);
  });

  it('asks the devices for their state every time it connects: a Tasmota’s STATE and Status 10, a Sonoff’s stat', async () => {
    const withIds = (configs: ReturnType<typeof tasmota>, prefix: string) => configs.map((config, i) => ({ ...config, id: `${prefix}${i}` }));
    const { el, session } = await renderApp([
      ...withIds(tasmota('tasmota_1A2B3C', 'Desk', 8, [{ path: 'AM2301.Temperature', unit: '°C' }]), 't'),
      ...withIds(sonoffKmanOz('home/sonoff/lamp', 'Lamp', 'basic'), 's'),
    ]);
    const asked = [
      ['cmnd/tasmota_1A2B3C/STATE', ''],
      ['cmnd/tasmota_1A2B3C/STATUS', '10'],
      ['home/sonoff/lamp', 'stat'],
    ];
    session.goOnline();
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.have.deep.members(asked);
    session.goOffline();
    session.goOnline();
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.have.deep.members([...asked, ...asked]);
    // Eight relays, each its own switch on POWER1 … POWER8.
    const relays = queryAllDeep(el, '[role="switch"]').map((s) => s.getAttribute('aria-label'));
    expect(relays).to.deep.equal(['Desk 1', 'Desk 2', 'Desk 3', 'Desk 4', 'Desk 5', 'Desk 6', 'Desk 7', 'Desk 8', 'Lamp']);
    switchNamed(el, 'Desk 8').click();
    await idle(el, 60);
    expect(session.published.at(-1)).to.deep.include({ topic: 'cmnd/tasmota_1A2B3C/POWER8', text: 'ON' });
  });

  it('an optimistic switch (no state topic) shows what it sent, and says so', async () => {
    const porch = createEntity('Porch', '', {}, { kind: 'switch', device: { commandTopic: 'porch/set', payloadOn: 'ON', payloadOff: 'OFF' } });
    const { el, session } = await renderApp([porch]);
    session.goOnline();
    await idle(el);
    const control = switchNamed(el, 'Porch');
    control.click();
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([['porch/set', 'ON']]);
    expect(control.getAttribute('aria-checked')).to.equal('true');
    expect(wordsOf(el, 'Porch')).to.equal('On (optimistic: no state topic, so it shows what was last sent)');
    control.click();
    await idle(el, 60);
    expect(session.published.at(-1)).to.deep.include({ topic: 'porch/set', text: 'OFF' });
    expect(control.getAttribute('aria-checked')).to.equal('false');
  });

  it('reads state values that differ from the command payloads', async () => {
    // Commands 1 and 0, states reported as ON and OFF.
    const hall = createEntity('Hall', 'hall/state', {}, {
      kind: 'switch',
      device: { commandTopic: 'hall/set', payloadOn: '1', payloadOff: '0', stateOn: 'ON', stateOff: 'OFF' },
    });
    const { el, session } = await renderApp([hall]);
    session.goOnline();
    session.deliver([message('hall/state', 'ON')]);
    await idle(el);
    const control = switchNamed(el, 'Hall');
    expect(control.getAttribute('aria-checked')).to.equal('true');
    control.click();
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([['hall/set', '0']]);
    expect(wordsOf(el, 'Hall')).to.equal('Pending… turning off.');
    session.deliver([message('hall/state', 'OFF')]);
    await idle(el);
    expect(control.getAttribute('aria-checked')).to.equal('false');
    expect(wordsOf(el, 'Hall')).to.equal('Off');
  });

  it('disables every control of a device while its availability says offline', async () => {
    const availability = { topic: 'hall/LWT', path: '', online: 'Online', offline: 'Offline' };
    const entities = [
      createEntity('Hall light', 'stat/hall/POWER', {}, { kind: 'switch', device: { commandTopic: 'cmnd/hall/POWER', payloadOn: 'ON', payloadOff: 'OFF' }, availability }),
      createEntity('Hall restart', '', {}, { kind: 'button', device: { commandTopic: 'cmnd/hall/Restart', pressPayload: '1' }, availability }),
      createEntity('Hall dimmer', 'stat/hall/RESULT', {}, { kind: 'number', device: { commandTopic: 'cmnd/hall/Dimmer', valuePath: 'Dimmer' }, availability }),
      createEntity('Hall fan', 'stat/hall/RESULT', {}, { kind: 'select', device: { commandTopic: 'cmnd/hall/FanSpeed', valuePath: 'FanSpeed', choices: ['0', '1', '2'] }, availability }),
    ];
    const { el, session } = await renderApp(entities);
    session.goOnline();
    session.deliver([message('hall/LWT', 'Offline', { retained: true }), message('stat/hall/RESULT', '{"POWER":"ON","Dimmer":40,"FanSpeed":2}')]);
    await idle(el);
    const controls = () => queryAllDeep(el, 'mq-device-control').flatMap((c) => queryAllDeep(c, 'button, input, select')) as (HTMLInputElement | HTMLButtonElement | HTMLSelectElement)[];
    expect(controls().length).to.be.at.least(4);
    expect(controls().filter((c) => !c.disabled).map((c) => c.getAttribute('aria-label') ?? c.id)).to.deep.equal([]);
    for (const name of ['Hall light', 'Hall restart', 'Hall dimmer', 'Hall fan']) expect(wordsOf(el, name)).to.match(/^Unavailable: hall\/LWT says “Offline”\./);
    session.deliver([message('hall/LWT', 'Online', { retained: true })]);
    await idle(el);
    expect(controls().every((c) => !c.disabled)).to.equal(true);
  });

  it('shows in the form only the fields the kind needs', async () => {
    const { el } = await renderApp([]);
    getButton(el, 'Add entity').click();
    await settled(el);
    const kind = getByLabel<HTMLSelectElement>(el, 'Kind');
    const labels = () => queryAllDeep(el, 'mq-entity-form').flatMap((form) => queryAllDeep(form, 'label')).map(text);
    const fieldsOf = async (value: string) => {
      kind.value = value;
      kind.dispatchEvent(new Event('change'));
      await idle(el);
      return labels();
    };
    const text_ = await fieldsOf('text');
    expect(text_).to.include('Topic');
    expect(text_).not.to.include('Command topic');
    const sw = await fieldsOf('switch');
    expect(sw).to.include.members(['Command topic', 'State topic', 'Payload on', 'Payload off', 'State on', 'State off', 'Wait for the device (seconds)']);
    expect(['Unit', 'Ask before pressing'].filter((label) => sw.includes(label))).to.deep.equal([]);
    const button = await fieldsOf('button');
    expect(button).to.include.members(['Command topic', 'Payload', 'Ask before pressing']);
    expect(['State topic', 'Payload on', 'Unit'].filter((label) => button.includes(label))).to.deep.equal([]);
    const sensor = await fieldsOf('sensor');
    expect(sensor).to.include.members(['State topic', 'Unit', 'Decimals']);
    expect(['Command topic', 'Payload on', 'Ask before pressing'].filter((label) => sensor.includes(label))).to.deep.equal([]);
    const select = await fieldsOf('select');
    expect(select).to.include.members(['Command topic', 'State topic']);
    expect(['Payload on', 'Ask before pressing', 'Unit'].filter((label) => select.includes(label))).to.deep.equal([]);
  });

  it('shows a state that is neither on nor off as it is, with a note', async () => {
    const { el, session } = await renderApp([lamp()]);
    session.deliver([message('home/sonoff/lamp/stat', 'toggling')]);
    await idle(el);
    expect(wordsOf(el, 'Lamp')).to.equal('The device reported “toggling”, which is neither on (on) nor off (off).');
  });

  it('finds a Tasmota device’s relays and sensors by asking it, and adds them', async () => {
    const { el, app, session } = await renderApp([]);
    session.goOnline();
    getButton(el, 'Add entity').click();
    await settled(el);
    const preset = getByLabel<HTMLSelectElement>(el, 'Preset');
    preset.value = 'tasmota';
    preset.dispatchEvent(new Event('change'));
    await settled(el);
    type(getByLabel(el, 'Name'), 'Desk');
    type(getByLabel(el, 'Device topic'), 'tasmota_1A2B3C');
    await idle(el);
    getButton(el, 'Find relays and sensors').click();
    await idle(el);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([
      ['cmnd/tasmota_1A2B3C/STATUS', '11'],
      ['cmnd/tasmota_1A2B3C/STATUS', '10'],
    ]);
    // The answers (Tasmota docs, Commands: Status 11 and Status 10, AM2301).
    session.deliver([
      message('stat/tasmota_1A2B3C/STATUS11', '{"StatusSTS":{"Time":"2025-02-19T10:30:57","UptimeSec":448,"POWER1":"OFF","POWER2":"ON"}}'),
      message('stat/tasmota_1A2B3C/STATUS10', '{"StatusSNS":{"Time":"2019-01-01T00:00:00","AM2301":{"Temperature":24.6,"Humidity":58.2},"TempUnit":"C"}}'),
    ]);
    await idle(el, 60);
    expect(getByLabel(el, 'Relays').value).to.equal('2');
    getButton(el, 'Save').click();
    await idle(el, 60);
    expect(app.stores.entities.getState().list.map((e) => e.name)).to.deep.equal(['Desk 1', 'Desk 2', 'Desk temperature', 'Desk humidity']);
    session.deliver([message('tele/tasmota_1A2B3C/SENSOR', '{"Time":"2019-01-01T00:00:00","AM2301":{"Temperature":24.6,"Humidity":58.2},"TempUnit":"C"}')]);
    await idle(el);
    expect(queryAllDeep(el, '.reading').map(text)).to.deep.equal(['24.6 °C', '58.2 %']);
  });

  it('picks a sensor’s value by tapping it in the live payload, with a preview', async () => {
    const { el, app, session } = await renderApp([]);
    getButton(el, 'Add entity').click();
    await settled(el);
    const kind = getByLabel<HTMLSelectElement>(el, 'Kind');
    kind.value = 'sensor';
    kind.dispatchEvent(new Event('change'));
    await settled(el);
    type(getByLabel(el, 'Name'), 'Meter');
    type(getByLabel(el, 'State topic'), 'tele/plug/SENSOR');
    await idle(el);
    // A Tasmota plug with energy monitoring (Tasmota docs, Power Monitoring), trimmed.
    session.deliver([message('tele/plug/SENSOR', '{"Time":"2021-01-01T00:00:00","ENERGY":{"Total":0.003,"Power":26,"Voltage":239}}')]);
    await idle(el);
    getButton(el, '"Power": 26 (use ENERGY.Power)').click();
    await idle(el);
    expect(getByLabel(el, 'JSON path of the value').value).to.equal('ENERGY.Power');
    type(getByLabel(el, 'Unit'), 'W');
    await idle(el);
    expect(text(queryAllDeep(el, 'output')[0]!)).to.equal('26 W');
    getButton(el, 'Save').click();
    await idle(el, 60);
    expect(app.stores.entities.getState().list[0]).to.deep.include({ kind: 'sensor', topic: 'tele/plug/SENSOR' });
    expect(queryAllDeep(el, '.reading').map(text)).to.deep.equal(['26 W']);
  });

  it('sends a number and a choice, and shows what the device reports', async () => {
    const dimmer = createEntity('Dimmer', 'light/state', {}, { kind: 'number', device: { commandTopic: 'light/set', mode: 'box', max: 255 } });
    const mode = createEntity('Mode', 'fan/mode', {}, { kind: 'select', device: { commandTopic: 'fan/mode/set', choices: ['low', 'high'] } });
    const { el, session } = await renderApp([dimmer, mode]);
    session.goOnline();
    session.deliver([message('light/state', '10'), message('fan/mode', 'low')]);
    await idle(el);
    const box = queryAllDeep<HTMLInputElement>(el, 'input[aria-label="Dimmer"]')[0]!;
    type(box, '128');
    getButton(el, 'Set Dimmer').click();
    const select = queryAllDeep<HTMLSelectElement>(el, 'select[aria-label="Mode"]')[0]!;
    select.value = 'high';
    select.dispatchEvent(new Event('change'));
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([
      ['light/set', '128'],
      ['fan/mode/set', 'high'],
    ]);
    expect(wordsOf(el, 'Mode')).to.equal('Pending… setting high.');
    // The device clamps and answers otherwise: what it reports wins.
    session.deliver([message('light/state', '100'), message('fan/mode', 'low')]);
    await idle(el);
    expect(box.value).to.equal('100');
    expect(wordsOf(el, 'Dimmer')).to.equal('Reported: 100.');
    expect(select.value).to.equal('low');
  });

  it('presses a button after asking, when it should ask; says it is queued while offline', async () => {
    const restart = createEntity('Restart', '', {}, {
      kind: 'button',
      device: { commandTopic: 'cmnd/tasmota_1A2B3C/Restart', pressPayload: '1', confirm: true },
    });
    const { el, session } = await renderApp([restart]);
    getButton(el, 'Press Restart').click();
    await idle(el);
    expect(session.published).to.deep.equal([]);
    getButton(el, 'Yes, press Restart').click();
    await idle(el, 60);
    expect(wordsOf(el, 'Restart')).to.equal('Queued: 1 goes to cmnd/tasmota_1A2B3C/Restart once connected.');
    session.goOnline();
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([['cmnd/tasmota_1A2B3C/Restart', '1']]);
    expect(wordsOf(el, 'Restart')).to.equal('Publishes 1 to cmnd/tasmota_1A2B3C/Restart.');
  });

  it('sends a slider’s value when it is let go, and shows the reported value with its unit', async () => {
    const dimmer = createEntity('Dimmer', 'stat/light/RESULT', {}, {
      kind: 'number',
      device: { commandTopic: 'cmnd/light/Dimmer', valuePath: 'Dimmer', unit: '%' },
    });
    const { el, session } = await renderApp([dimmer]);
    session.goOnline();
    // Tasmota's answer to Dimmer (Tasmota docs, Commands: Dimmer): {"POWER":"ON","Dimmer":40}.
    session.deliver([message('stat/light/RESULT', '{"POWER":"ON","Dimmer":40}')]);
    await idle(el);
    const slider = queryAllDeep<HTMLInputElement>(el, 'input[type="range"][aria-label="Dimmer"]')[0]!;
    expect(slider.value).to.equal('40');
    expect(slider.getAttribute('aria-valuetext')).to.equal('40 %');
    type(slider, '70');
    await idle(el, 60);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([['cmnd/light/Dimmer', '70']]);
    expect(wordsOf(el, 'Dimmer')).to.equal('Pending… setting 70 %.');
    session.deliver([message('stat/light/RESULT', '{"POWER":"ON","Dimmer":70}')]);
    await idle(el);
    expect(wordsOf(el, 'Dimmer')).to.equal('Reported: 70 %.');
  });
});
