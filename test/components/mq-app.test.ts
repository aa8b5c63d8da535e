import { expect, fixture, html } from '@open-wc/testing';
import type { App } from '../../src/app/app.js';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import { createEntity, type Entity } from '../../src/entities/entity.js';
import type { InitialState } from '../../src/store/app-stores.js';
import { connectionChanged, defaultConfig } from '../../src/store/connection.js';
import { deviceChanged } from '../../src/store/device.js';
import { setViewport } from '@web/test-runner-commands';
import { outboxAdded } from '../../src/store/outbox-rules.js';
import { storageFailed } from '../../src/store/storage.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { getButton, getByLabel, getByRole, queryAllDeep, settled, text, type } from '../support/dom.js';
import { waitUntil } from '../support/wait.js';

async function render(app: App): Promise<MqApp> {
  const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
  await settled(el);
  return el;
}

const hello = () => createEntity('hello_mqtt', 'edzna/hello');

/** The app over a fake session, on its dashboard (or `view`), rendered. */
async function renderApp(entities: Entity[] = [hello()], initial: InitialState = {}) {
  const { app, session } = startFakeApp(entities, {
    initial: { connection: { config: defaultConfig('client-abc') }, ...initial },
  });
  const el = await render(app);
  return { el, app, session, stores: app.stores };
}

describe('<mq-app>', () => {
  it('shows No messages before the first message', async () => {
    const { el } = await renderApp();
    expect(text(getByLabel(el, 'Last message'))).to.equal('No messages');
  });

  it('shows the last message, when it was received, its size, retained flag and QoS', async () => {
    const { el, session } = await renderApp();
    session.deliver([topicRecord('edzna/hello', 'ThisIsIt', { retained: true, qos: 1 })]);
    await settled(el);
    expect(text(getByLabel(el, 'Last message hello_mqtt'))).to.equal('ThisIsIt');
    const card = queryAllDeep(el, 'mq-entity-card')[0]!;
    expect(text(card.shadowRoot!.querySelector('.meta')!)).to.equal('just now · 8 B · retained · QoS 1');
  });

  it('renders HTML in a payload as literal text', async () => {
    const { el, session } = await renderApp();
    const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    session.deliver([topicRecord('edzna/hello', payload)]);
    await settled(el);
    const shown = getByLabel(el, 'Last message');
    expect(shown.textContent).to.equal(payload);
    expect(shown.querySelector('img, b')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('announces the connection status in a live region', async () => {
    const { el, stores } = await renderApp();
    const status = getByRole(el, 'status');
    expect(text(status)).to.equal('Disconnected');
    connectionChanged(stores.connection, 'error', 'Cannot reach ws://127.0.0.1:1.');
    await settled(el);
    expect(text(status)).to.equal('Error: Cannot reach ws://127.0.0.1:1.');
    connectionChanged(stores.connection, 'connected', 'ws://127.0.0.1:9001');
    await settled(el);
    expect(text(status)).to.equal('Connected: ws://127.0.0.1:9001');
  });

  it('names every control of an entity after the entity', async () => {
    const { el } = await renderApp([hello(), createEntity('Kitchen', 'home/kitchen')]);
    for (const name of ['hello_mqtt', 'Kitchen']) {
      expect(getByLabel(el, `New state ${name}`)).to.be.instanceOf(HTMLInputElement);
      expect(getByLabel(el, `Last message ${name}`)).to.be.instanceOf(HTMLElement);
      for (const button of ['Set state', 'Edit', 'Remove', 'Move up', 'Move down']) getButton(el, `${button} ${name}`);
    }
  });

  it('says whether the entity’s topic is subscribed, and why not', async () => {
    const { el, session } = await renderApp();
    const card = () => text(queryAllDeep(el, 'mq-entity-card')[0]!.shadowRoot!.querySelector('.status')!);
    expect(card()).to.equal('Not subscribed: connect to receive messages.');
    session.reportFilters({ 'edzna/hello': { state: 'subscribed', reason: '', via: 'edzna/hello' } });
    await settled(el);
    expect(card()).to.equal('Subscribed to edzna/hello.');
    session.reportFilters({ 'edzna/hello': { state: 'refused', reason: 'Not subscribed to edzna/hello: not authorized.', via: 'edzna/hello' } });
    await settled(el);
    expect(card()).to.equal('Not subscribed to edzna/hello: not authorized.');
  });

  it('shows in full what the user should know of a subscription: at QoS 0 for now, closed at the subscribe', async () => {
    const { el, session } = await renderApp();
    const status = () => queryAllDeep(el, 'mq-entity-card')[0]!.shadowRoot!.querySelector<HTMLElement>('.status')!;
    const atQos0 = 'At QoS 0 for now: ws://node2:15675/ws closed the connection at the QoS 1 subscription (on RabbitMQ, this session’s queue is on a cluster node that is down), so messages published while the app is away are not kept.';
    session.reportFilters({ 'edzna/hello': { state: 'subscribed', reason: atQos0, via: 'edzna/hello' } });
    await settled(el);
    expect(text(status())).to.equal(`Subscribed to edzna/hello. ${atQos0}`);
    // Wrapped, not cut off at one line with an ellipsis.
    expect(getComputedStyle(status()).whiteSpace).to.equal('normal');
    const closed = 'ws://node2:15675/ws closed the connection when asked to subscribe to edzna/hello; subscribing again.';
    session.goOnline();
    session.reportFilters({ 'edzna/hello': { state: 'waiting', reason: closed, via: 'edzna/hello' } });
    await settled(el);
    expect(text(status())).to.equal(`Waiting to subscribe to edzna/hello. ${closed}`);
  });

  it('sets the state with the text typed, and keeps a draft across reloads', async () => {
    const { el, app, session } = await renderApp();
    session.goOnline();
    type(getByLabel(el, 'New state'), 'ThisIsIt');
    const [entity] = app.stores.entities.getState().list;
    expect(app.stores.drafts.getState().publish[entity!.id]?.text).to.equal('ThisIsIt');
    getButton(el, 'Set state hello_mqtt').click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.published.map((p) => [p.topic, p.text, p.options.qos])).to.deep.equal([['edzna/hello', 'ThisIsIt', 1]]);
    await settled(el);
    expect(getByLabel(el, 'New state').value).to.equal('');
  });

  it('publishes a saved payload once per tap', async () => {
    const lamp = createEntity('Lamp', 'home/lamp', { savedPayloads: [{ label: 'On', payload: 'ON' }, { label: 'Off', payload: 'OFF' }] });
    const { el, session } = await renderApp([lamp]);
    session.goOnline();
    getButton(el, 'Publish On, from Lamp').click();
    getButton(el, 'Publish Off, from Lamp').click();
    getButton(el, 'Publish On, from Lamp').click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(session.published.map((p) => p.text)).to.deep.equal(['ON', 'OFF', 'ON']);
  });

  it('changes the QoS and retain flag an entity publishes with', async () => {
    const { el, app } = await renderApp();
    const qos = getByLabel<HTMLSelectElement>(el, 'QoS of what hello_mqtt publishes');
    qos.value = '2';
    qos.dispatchEvent(new Event('change'));
    getByLabel(el, 'Retain what hello_mqtt publishes').click();
    // The code that changes entities comes with the first change.
    await waitUntil(() => app.stores.entities.getState().list[0]?.options, (o) => o?.publishRetain === true, 'the options changed');
    expect(app.stores.entities.getState().list[0]?.options).to.deep.include({ publishQos: 2, publishRetain: true });
  });

  it('lists the entity’s outbox with each message’s state, and cancels a queued one', async () => {
    const { el, app } = await renderApp();
    const [entity] = app.stores.entities.getState().list;
    const item = { entityId: entity!.id, topic: 'edzna/hello', createdAt: Date.now(), qos: 1 as const, retain: false };
    outboxAdded(app.stores.outbox, { ...item, id: -1, text: 'one', state: 'sending' });
    outboxAdded(app.stores.outbox, { ...item, id: -2, text: 'two', state: 'queued' });
    await settled(el);
    const form = queryAllDeep(el, 'mq-publish-form')[0]!.shadowRoot!;
    const rows = () => [...form.querySelectorAll('li')].map(text);
    expect(rows()).to.deep.equal([
      '“one” → edzna/hello · sending… · QoS 1',
      '“two” → edzna/hello · queued: sent when connected · QoS 1 Cancel',
    ]);
    expect(text(form.getElementById('outbox-summary')!)).to.equal('2 messages waiting to be sent.');
    getButton(el, 'Cancel “two”').click();
    // The outbox's code comes after the first paint: the cancel may wait for it.
    await waitUntil(() => rows().length, (n) => n === 1, 'the cancelled message gone');
  });

  it('marks a value stale after the entity’s time, and always shows its age', async () => {
    const entity = createEntity('Sensor', 'home/sensor', { staleAfterSeconds: 60 });
    const { el, session } = await renderApp([entity]);
    session.deliver([topicRecord('home/sensor', '21.5', { receivedAt: Date.now() - 5 * 60_000 })]);
    await settled(el);
    const meta = text(queryAllDeep(el, 'mq-entity-card')[0]!.shadowRoot!.querySelector('.meta')!);
    expect(meta).to.match(/^5 min ago · 4 B · QoS 0 · stale: nothing new for 5 min$/);
  });

  it('says when this browser cannot save', async () => {
    const { el, stores } = await renderApp();
    storageFailed(stores.storage, 'Cannot save in this browser (gone). Changes are kept until the tab closes.');
    await settled(el);
    expect(text(queryAllDeep(el, 'mq-storage-warning')[0]!.shadowRoot!.querySelector('[role=alert]')!)).to.contain(
      'Cannot save in this browser',
    );
  });

  it('offers Update available with a Reload button, and reloads only when asked', async () => {
    const { el, stores } = await renderApp();
    expect(() => getButton(el, 'Reload')).to.throw();
    deviceChanged(stores.device, { updateAvailable: true });
    await settled(el);
    expect(queryAllDeep(el, 'mq-update-toast')[0]!.shadowRoot!.textContent).to.contain('Update available');
    getButton(el, 'Reload');
  });

  it('says it is offline and that it shows the last saved state', async () => {
    const { el, stores } = await renderApp([hello()], { connection: { wantsConnection: true } });
    connectionChanged(stores.connection, 'error', 'Cannot reach ws://x:1.');
    deviceChanged(stores.device, { online: false });
    await settled(el);
    expect(text(getByRole(el, 'status'))).to.match(/^Disconnected: offline\. .*last saved state\. It reconnects when the network returns\.$/);
  });

  it('keeps the status to one line and shows all of it on request', async () => {
    const { el, stores } = await renderApp();
    connectionChanged(stores.connection, 'error', 'Cannot reach ws://x:1: '.padEnd(400, 'a long explanation '));
    await settled(el);
    const line = queryAllDeep(el, 'mq-connection-status')[0]!.shadowRoot!.querySelector<HTMLElement>('.text')!;
    const oneLine = line.getBoundingClientRect().height;
    getButton(el, 'Details').click();
    await settled(el);
    expect(line.getBoundingClientRect().height).to.be.greaterThan(oneLine * 2);
    expect(getButton(el, 'Details').getAttribute('aria-expanded')).to.equal('true');
  });

  it('keeps the title and the views on one line of a phone’s header while there is one connection', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const { el } = await renderApp();
      const title = el.shadowRoot!.querySelector('h1')!.getBoundingClientRect();
      const views = getButton(el, 'Settings').getBoundingClientRect();
      expect(views.top, 'the Settings button starts below the title').to.be.lessThan(title.bottom);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});

describe('<mq-app> settings', () => {
  async function renderSettings(initial: InitialState = {}) {
    const rendered = await renderApp([hello()], { ui: { view: 'settings' }, ...initial });
    return rendered;
  }

  it('is reached from the header, and goes back to the dashboard', async () => {
    const { el } = await renderApp();
    getButton(el, 'Settings').click();
    await settled(el);
    expect(getByLabel(el, 'Broker URL')).to.be.instanceOf(HTMLInputElement);
    expect(getButton(el, 'Settings').getAttribute('aria-current')).to.equal('page');
    getButton(el, 'Dashboard').click();
    await settled(el);
    expect(() => getByLabel(el, 'Broker URL')).to.throw();
    expect(text(getByLabel(el, 'Last message'))).to.equal('No messages');
  });

  it('labels every field as users and tests expect', async () => {
    const { el } = await renderSettings();
    for (const label of ['Broker URL', 'Client ID', 'Keepalive', 'Username', 'Password', 'Theme']) {
      expect(getByLabel(el, label), label).to.be.instanceOf(HTMLElement);
    }
    for (const name of ['Connect', 'Disconnect']) getButton(el, name);
    expect(getByLabel(el, 'Client ID').value).to.equal('client-abc');
    expect(getByLabel(el, 'Keepalive').value).to.equal('60');
    expect(getByLabel(el, 'Password').type).to.equal('password');
  });

  it('connects with what was typed', async () => {
    const { el, session } = await renderSettings();
    type(getByLabel(el, 'Broker URL'), ' ws://127.0.0.1:9001 ');
    type(getByLabel(el, 'Keepalive'), '30');
    type(getByLabel(el, 'Username'), 'alice');
    type(getByLabel(el, 'Password'), 'wonderland');
    getByLabel(el, 'Remember on this device').click();
    getButton(el, 'Connect').click();
    // The checks of a configuration come with the first connect (a lazy part).
    await waitUntil(() => session.connects.length, (n) => n > 0, 'a connect');
    expect(session.connects).to.deep.equal([
      {
        url: 'ws://127.0.0.1:9001',
        clientId: 'client-abc',
        keepalive: 30,
        username: 'alice',
        password: 'wonderland',
        cleanSession: false,
        protocolVersion: 4,
        will: { topic: '', payload: '', qos: 0, retain: false },
      },
    ]);
  });

  it('points at the wrong field and keeps every value typed', async () => {
    const { el } = await renderSettings();
    type(getByLabel(el, 'Broker URL'), 'http://example');
    type(getByLabel(el, 'Username'), 'bob');
    getButton(el, 'Connect').click();
    await new Promise((r) => setTimeout(r, 50));
    await settled(el);
    const url = getByLabel(el, 'Broker URL');
    expect(url.getAttribute('aria-invalid')).to.equal('true');
    const root = url.getRootNode() as ShadowRoot;
    expect(text(root.getElementById('brokerUrl-problem')!)).to.match(/must start with ws:\/\//);
    expect(url.value).to.equal('http://example');
    expect(getByLabel(el, 'Username').value).to.equal('bob');
  });

  it('switches to the dark theme and back to the device’s', async () => {
    const { el } = await renderSettings();
    const theme = getByLabel<HTMLSelectElement>(el, 'Theme');
    theme.value = 'dark';
    theme.dispatchEvent(new Event('change'));
    await settled(el);
    expect(el.getAttribute('data-theme')).to.equal('dark');
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(13, 17, 23)');
    theme.value = 'system';
    theme.dispatchEvent(new Event('change'));
    await settled(el);
    expect(el.hasAttribute('data-theme')).to.equal(false);
  });

  it('shows an Install button where the browser offers one, and iOS instructions on iOS', async () => {
    const { el, stores } = await renderSettings();
    expect(() => getButton(el, 'Install')).to.throw();
    deviceChanged(stores.device, { install: 'available' });
    await settled(el);
    getButton(el, 'Install');
    deviceChanged(stores.device, { install: 'ios' });
    await settled(el);
    expect(() => getButton(el, 'Install')).to.throw();
    expect(queryAllDeep(el, 'mq-about')[0]!.shadowRoot!.textContent).to.contain('Add to Home Screen');
  });

  it('explains what an insecure page cannot do', async () => {
    const { el, stores } = await renderSettings();
    deviceChanged(stores.device, { secureContext: false });
    await settled(el);
    expect(queryAllDeep(el, 'mq-about')[0]!.shadowRoot!.textContent).to.contain('not served over https');
  });

  it('offers the system share sheet for a setup where the browser has one, with the share link', async () => {
    // Debian's Chromium has no navigator.share on Linux: one that records what it is given
    // stands in for the phone's sheet.
    const shared: ShareData[] = [];
    Object.defineProperty(navigator, 'share', { configurable: true, value: async (data: ShareData) => void shared.push(data) });
    try {
      const { el, app } = await renderApp();
      app.commands.showView('settings');
      await settled(el);
      getButton(el, 'Share setup').click();
      await waitUntil(() => queryAllDeep(el, 'img[alt="QR code"]').length, (n) => n === 1, 'the QR code');
      await settled(el);
      const link = getByLabel(el, 'Share link').value;
      getButton(el, 'Share…').click();
      await waitUntil(() => shared.length, (n) => n === 1, 'the share sheet');
      expect(shared[0]).to.deep.equal({ title: 'Hello MQTT setup', url: link });
      expect(link).to.match(/#setup=/);
    } finally {
      delete (navigator as { share?: unknown }).share;
    }
  });
});
