import { expect, fixture, html } from '@open-wc/testing';
import type { App, AppCommands } from '../../src/app/app.js';
import type { ConfigProblem } from '../../src/app/connection-form-check.js';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import {
  connectionChanged,
  connectionDrafted,
  createAppStore,
  defaultConfig,
  initialState,
  deviceChanged,
  messageReceived,
  newStateDrafted,
  outboxAdded,
  outboxItemChanged,
  storageFailed,
  type AppStore,
  type ConnectionConfig,
} from '../../src/store/app-state.js';
import { getButton, getByLabel, getByRole, settled, type } from '../support/dom.js';

/** An app over a real store whose commands only record what the view asked for. */
function viewApp(store: AppStore = createAppStore(initialState({ config: defaultConfig('client-abc') }))) {
  const calls = {
    connect: [] as ConnectionConfig[],
    setState: [] as string[],
    topics: [] as string[],
    disconnects: 0,
    installs: 0,
    updates: 0,
    cancelled: [] as number[],
  };
  let connectAnswer: ConfigProblem | null = null;
  const commands: AppCommands = {
    connect: async (config) => (calls.connect.push(config), connectAnswer),
    disconnect: async () => void calls.disconnects++,
    changeTopic: async (topic) => void calls.topics.push(topic),
    setState: async (text) => void calls.setState.push(text),
    cancelQueued: async (id) => void calls.cancelled.push(id),
    draftNewState: (text) => newStateDrafted(store, text),
    draftConnection: (config) => connectionDrafted(store, config),
    install: async () => void calls.installs++,
    applyUpdate: async () => void calls.updates++,
  };
  const app: App = { store, commands };
  return { app, store, calls, answerConnect: (p: ConfigProblem | null) => (connectAnswer = p) };
}

async function render(app: App): Promise<MqApp> {
  const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
  await settled(el);
  return el;
}

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<mq-app>', () => {
  it('shows No messages before the first message', async () => {
    const el = await render(viewApp().app);
    expect(text(getByLabel(el, 'Last message'))).to.equal('No messages');
  });

  it('shows the last message and when it was received', async () => {
    const { app, store } = viewApp();
    const el = await render(app);
    messageReceived(store, {
      text: 'ThisIsIt',
      format: 'text',
      byteLength: 8,
      truncated: false,
      topic: 'edzna/hello',
      receivedAt: Date.now(),
      retained: false,
    });
    await settled(el);
    expect(text(getByLabel(el, 'Last message'))).to.equal('ThisIsIt');
    expect(text(el.shadowRoot!.querySelector('mq-entity-card')!.shadowRoot!.querySelector('.received')!)).to.match(
      /^just now · 8 B/,
    );
  });

  it('renders HTML in a payload as literal text', async () => {
    const { app, store } = viewApp();
    const el = await render(app);
    const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    messageReceived(store, {
      text: payload,
      format: 'text',
      byteLength: payload.length,
      truncated: false,
      topic: 'edzna/hello',
      receivedAt: Date.now(),
      retained: false,
    });
    await settled(el);
    const shown = getByLabel(el, 'Last message');
    expect(shown.textContent).to.equal(payload);
    expect(shown.querySelector('img, b')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('announces the connection status in a live region', async () => {
    const { app, store } = viewApp();
    const el = await render(app);
    const status = getByRole(el, 'status');
    expect(text(status)).to.equal('Disconnected');
    connectionChanged(store, 'error', 'Cannot reach ws://127.0.0.1:1.');
    await settled(el);
    expect(text(status)).to.equal('Error: Cannot reach ws://127.0.0.1:1.');
    connectionChanged(store, 'connected', 'ws://127.0.0.1:9001');
    await settled(el);
    expect(text(status)).to.equal('Connected: ws://127.0.0.1:9001');
  });

  it('labels every field and button as users and tests expect', async () => {
    const el = await render(viewApp().app);
    for (const label of ['Broker URL', 'Client ID', 'Keepalive', 'Username', 'Password', 'Topic', 'New state']) {
      expect(getByLabel(el, label), label).to.be.instanceOf(HTMLInputElement);
    }
    for (const name of ['Connect', 'Disconnect', 'Set state']) getButton(el, name);
    expect(getByLabel(el, 'Client ID').value).to.equal('client-abc');
    expect(getByLabel(el, 'Keepalive').value).to.equal('60');
    expect(getByLabel(el, 'Topic').value).to.equal('edzna/hello');
    expect(getByLabel(el, 'Password').type).to.equal('password');
  });

  it('connects with what was typed', async () => {
    const { app, calls } = viewApp();
    const el = await render(app);
    type(getByLabel(el, 'Broker URL'), ' ws://127.0.0.1:9001 ');
    type(getByLabel(el, 'Keepalive'), '30');
    type(getByLabel(el, 'Username'), 'alice');
    type(getByLabel(el, 'Password'), 'wonderland');
    getByLabel(el, 'Remember on this device').click();
    getButton(el, 'Connect').click();
    await settled(el);
    expect(calls.connect).to.deep.equal([
      {
        brokerUrl: 'ws://127.0.0.1:9001',
        clientId: 'client-abc',
        keepalive: 30,
        username: 'alice',
        password: 'wonderland',
        rememberPassword: true,
        cleanSession: false,
        protocolVersion: 4,
        will: { topic: '', payload: '', qos: 0, retain: false },
      },
    ]);
  });

  it('points at the wrong field and keeps every value typed', async () => {
    const { app, answerConnect } = viewApp();
    answerConnect({ field: 'brokerUrl', reason: 'The broker URL must start with ws:// or wss://, not http://.' });
    const el = await render(app);
    type(getByLabel(el, 'Broker URL'), 'http://example');
    type(getByLabel(el, 'Username'), 'bob');
    getButton(el, 'Connect').click();
    await new Promise((r) => setTimeout(r));
    await settled(el);
    const url = getByLabel(el, 'Broker URL');
    expect(url.getAttribute('aria-invalid')).to.equal('true');
    const problem = url.getRootNode() as ShadowRoot;
    expect(text(problem.getElementById('brokerUrl-problem')!)).to.match(/must start with ws:\/\//);
    expect(url.value).to.equal('http://example');
    expect(getByLabel(el, 'Username').value).to.equal('bob');
  });

  it('sets the state with the text typed', async () => {
    const { app, calls } = viewApp();
    const el = await render(app);
    type(getByLabel(el, 'New state'), 'ThisIsIt');
    getButton(el, 'Set state').click();
    await settled(el);
    expect(calls.setState).to.deep.equal(['ThisIsIt']);
  });

  it('lists the outbox with each message’s state, and cancels a queued one', async () => {
    const { app, store, calls } = viewApp();
    const el = await render(app);
    const item = { topic: 'edzna/hello', createdAt: Date.now() };
    outboxAdded(store, { ...item, id: 1, text: 'one', state: 'sending' });
    outboxAdded(store, { ...item, id: 2, text: 'two', state: 'queued' });
    await settled(el);
    const form = el.shadowRoot!.querySelector('mq-set-state-form')!.shadowRoot!;
    const rows = () => [...form.querySelectorAll('li')].map(text);
    expect(rows()).to.deep.equal(['“one” → edzna/hello · sending…', '“two” → edzna/hello · queued: sent when connected Cancel']);
    expect(text(form.getElementById('outbox-summary')!)).to.equal('2 messages waiting to be sent.');
    getButton(el, 'Cancel').click();
    expect(calls.cancelled).to.deep.equal([2]);
    outboxItemChanged(store, 1, 'sent');
    await settled(el);
    expect(rows()[1]).to.equal('“one” → edzna/hello · sent');
  });

  it('changes topic when the Topic field is changed', async () => {
    const { app, calls } = viewApp();
    const el = await render(app);
    type(getByLabel(el, 'Topic'), 'home/x');
    expect(calls.topics).to.deep.equal(['home/x']);
  });

  it('says when this browser cannot save', async () => {
    const { app, store } = viewApp();
    const el = await render(app);
    storageFailed(store, 'Cannot save in this browser (gone). Changes are kept until the tab closes.');
    await settled(el);
    expect(text(el.shadowRoot!.querySelector('mq-storage-warning')!.shadowRoot!.querySelector('[role=alert]')!)).to.contain(
      'Cannot save in this browser',
    );
  });

  it('keeps the New state text in the store, so a reload does not lose it', async () => {
    const { app, store } = viewApp();
    const el = await render(app);
    type(getByLabel(el, 'New state'), 'half typed');
    expect(store.getState().drafts.newState).to.equal('half typed');
  });

  it('offers Update available with a Reload button, and reloads only when asked', async () => {
    const { app, store, calls } = viewApp();
    const el = await render(app);
    expect(() => getButton(el, 'Reload')).to.throw();
    deviceChanged(store, { updateAvailable: true });
    await settled(el);
    expect(el.shadowRoot!.querySelector('mq-update-toast')!.shadowRoot!.textContent).to.contain('Update available');
    expect(calls.updates).to.equal(0);
    getButton(el, 'Reload').click();
    expect(calls.updates).to.equal(1);
  });

  it('shows an Install button where the browser offers one, and iOS instructions on iOS', async () => {
    const { app, store, calls } = viewApp();
    const el = await render(app);
    expect(() => getButton(el, 'Install')).to.throw();
    deviceChanged(store, { install: 'available' });
    await settled(el);
    getButton(el, 'Install').click();
    expect(calls.installs).to.equal(1);
    deviceChanged(store, { install: 'ios' });
    await settled(el);
    expect(() => getButton(el, 'Install')).to.throw();
    expect(el.shadowRoot!.querySelector('mq-about')!.shadowRoot!.textContent).to.contain('Add to Home Screen');
  });

  it('says it is offline and that it shows the last saved state', async () => {
    const { app, store } = viewApp();
    const el = await render(app);
    connectionChanged(store, 'error', 'Cannot reach ws://x:1.');
    deviceChanged(store, { online: false });
    store.update((s) => ({ ...s, wantsConnection: true }));
    await settled(el);
    expect(text(getByRole(el, 'status'))).to.match(/^Disconnected: offline\. .*last saved state\. It reconnects when the network returns\.$/);
  });

  it('explains what an insecure page cannot do', async () => {
    const { app, store } = viewApp();
    const el = await render(app);
    deviceChanged(store, { secureContext: false });
    await settled(el);
    expect(el.shadowRoot!.querySelector('mq-about')!.shadowRoot!.textContent).to.contain('not served over https');
  });

  it('passes an axe accessibility check', async () => {
    const el = await render(viewApp().app);
    await expect(el).to.be.accessible();
  });
});
