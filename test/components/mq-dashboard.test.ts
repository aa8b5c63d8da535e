import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import { createEntity, type Entity } from '../../src/entities/entity.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { getButton, getByLabel, queryAllDeep, settled, text, type } from '../support/dom.js';

async function renderApp(entities: Entity[], undoMs?: number) {
  const { app, session } = startFakeApp(entities, { undoMs });
  const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
  await settled(el);
  return { el, app, session };
}

const headings = (el: Element) => queryAllDeep(el, 'mq-entity-card').map((card) => text(card.shadowRoot!.querySelector('h2')!));
const dialog = (el: Element) => queryAllDeep<HTMLDialogElement>(el, 'dialog')[0]!;
/** Text as laid out: what is on separate lines or in separate boxes stays apart. */
const shownText = (el: HTMLElement) => el.innerText.replace(/\s+/g, ' ').trim();
const pause = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Waits for what a command shows. The entity changes' code loads on the first change (a
 * dynamic import, which the test server may take longer than a short pause to serve).
 */
async function shown(el: Element, what: string, condition: () => boolean): Promise<void> {
  await waitUntil(condition, what, { timeout: 5000 });
  await settled(el);
}

describe('the dashboard', () => {
  it('shows a half-typed New state restored from the drafts, though the publish form loads after the first paint', async () => {
    const kitchen = createEntity('Kitchen', 'home/kitchen', {}, { id: 'kitchen' });
    const { app } = startFakeApp([kitchen], {
      initial: { drafts: { connection: null, entityForm: null, publish: { kitchen: { text: 'half typed', topic: '' } } } },
    });
    const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
    await settled(el);
    expect(getByLabel(el, 'New state Kitchen').value).to.equal('half typed');
  });

  it('adds an entity with Add entity, Name, Topic and Save', async () => {
    const { el, app } = await renderApp([createEntity('hello_mqtt', 'edzna/hello')]);
    getButton(el, 'Add entity').click();
    await settled(el);
    expect(dialog(el).open).to.equal(true);
    type(getByLabel(el, 'Name'), 'Kitchen');
    type(getByLabel(el, 'Topic'), 'home/kitchen/#');
    getButton(el, 'Save').click();
    await shown(el, 'the form closes', () => !dialog(el).open);
    expect(headings(el)).to.deep.equal(['hello_mqtt', 'Kitchen']);
    expect(app.stores.entities.getState().list[1]).to.deep.include({ name: 'Kitchen', topic: 'home/kitchen/#' });
  });

  it('refuses a duplicate name and an invalid filter in words, on their fields, keeping what was typed', async () => {
    const { el } = await renderApp([createEntity('Kitchen', 'home/kitchen')]);
    getButton(el, 'Add entity').click();
    await settled(el);
    type(getByLabel(el, 'Name'), 'kitchen');
    type(getByLabel(el, 'Topic'), 'home/#/oops');
    getButton(el, 'Save').click();
    await shown(el, 'the name is refused', () => getByLabel(el, 'Name').getAttribute('aria-invalid') === 'true');
    const name = getByLabel(el, 'Name');
    const root = name.getRootNode() as ShadowRoot;
    expect(text(root.getElementById('name-problem')!)).to.equal('Another entity is already called “kitchen”. Choose another name.');
    expect(root.activeElement).to.equal(name);
    type(name, 'Hall');
    getButton(el, 'Save').click();
    await shown(el, 'the topic is refused', () => root.getElementById('topic-problem') !== null);
    expect(text(root.getElementById('topic-problem')!)).to.match(/# must be the last level/);
    expect(getByLabel(el, 'Topic').value).to.equal('home/#/oops');
    expect(headings(el)).to.deep.equal(['Kitchen']);
  });

  it('edits an entity: its name, topic and options', async () => {
    const { el } = await renderApp([createEntity('Kitchen', 'home/kitchen')]);
    getButton(el, 'Edit Kitchen').click();
    await settled(el);
    expect(text(dialog(el).querySelector('h2')!)).to.equal('Edit Kitchen');
    expect(getByLabel(el, 'Topic').value).to.equal('home/kitchen');
    type(getByLabel(el, 'Name'), 'Kitchen light');
    getButton(el, 'Add a payload button').click();
    await settled(el);
    type(getByLabel(el, 'Button label'), 'On');
    type(getByLabel(el, 'Payload to send'), 'ON');
    getButton(el, 'Save').click();
    await shown(el, 'the entity is renamed', () => headings(el)[0] === 'Kitchen light');
    getButton(el, 'Publish On, from Kitchen light');
  });

  it('closes the form on Cancel without changing anything', async () => {
    const { el } = await renderApp([createEntity('Kitchen', 'home/kitchen')]);
    getButton(el, 'Edit Kitchen').click();
    await settled(el);
    type(getByLabel(el, 'Name'), 'Changed');
    getButton(el, 'Cancel').click();
    await settled(el);
    expect(dialog(el).open).to.equal(false);
    expect(headings(el)).to.deep.equal(['Kitchen']);
  });

  it('removes an entity with an Undo that puts it back where it was', async () => {
    const { el } = await renderApp(['A', 'B', 'C'].map((n) => createEntity(n, n.toLowerCase())));
    getButton(el, 'Remove B').click();
    await shown(el, 'B is removed', () => headings(el).length === 2);
    expect(headings(el)).to.deep.equal(['A', 'C']);
    const toast = queryAllDeep(el, 'mq-undo-toast')[0]!.shadowRoot!;
    expect(text(toast.querySelector('p')!)).to.equal('Removed B.');
    getButton(el, 'Undo').click();
    await pause();
    await settled(el);
    expect(headings(el)).to.deep.equal(['A', 'B', 'C']);
    expect(toast.querySelector('p')).to.equal(null);
  });

  it('reorders by keyboard with Move up and Move down, keeping the focus on the moved entity', async () => {
    const { el } = await renderApp(['A', 'B', 'C'].map((n) => createEntity(n, n.toLowerCase())));
    const down = getButton(el, 'Move down A');
    down.focus();
    await sendKeys({ press: 'Enter' });
    await shown(el, 'A moves down', () => headings(el)[0] === 'B');
    expect(headings(el)).to.deep.equal(['B', 'A', 'C']);
    await sendKeys({ press: 'Enter' });
    await pause();
    await settled(el);
    expect(headings(el)).to.deep.equal(['B', 'C', 'A']);
    // At the bottom Move down has nothing to do: the focus is on Move up of the same entity.
    const focused = queryAllDeep(el, 'mq-entity-card')[2]!.shadowRoot!.activeElement;
    expect(focused?.getAttribute('aria-label')).to.equal('Move up A');
    await sendKeys({ press: 'Enter' });
    await pause();
    await settled(el);
    expect(headings(el)).to.deep.equal(['B', 'A', 'C']);
  });

  it('reorders with the arrow keys on the drag handle', async () => {
    const { el } = await renderApp(['A', 'B'].map((n) => createEntity(n, n.toLowerCase())));
    getButton(el, 'Drag to reorder B; or use the arrow keys').focus();
    await sendKeys({ press: 'ArrowUp' });
    await shown(el, 'B moves up', () => headings(el)[0] === 'B');
    expect(headings(el)).to.deep.equal(['B', 'A']);
  });

  it('lists each topic of an entity on a filter with its last message, age, retained flag and QoS', async () => {
    const { el, session } = await renderApp([createEntity('Rooms', 'home/+/temp')]);
    session.deliver(
      Array.from({ length: 20 }, (_, i) => topicRecord(`home/room${i}/temp`, `${20 + i / 10}`, { retained: i % 2 === 0, qos: 1 })),
    );
    await settled(el);
    const rows = queryAllDeep(el, 'ul[aria-label="Topics of Rooms"] li');
    expect(rows).to.have.length(20);
    expect(text(rows[0]!)).to.equal('home/room0/temp 20 just now · retained · QoS 1');
    expect(text(rows[19]!)).to.equal('home/room19/temp 21.9 just now · QoS 1');
  });

  it('picks a topic of the list: its message is shown, and publishing goes to it', async () => {
    const { el, app, session } = await renderApp([createEntity('Rooms', 'home/+/light')]);
    session.deliver([topicRecord('home/hall/light', 'OFF'), topicRecord('home/attic/light', 'ON')]);
    await settled(el);
    getButton(el, 'home/hall/light OFF just now · QoS 0').click();
    await settled(el);
    expect(text(getByLabel(el, 'Last message Rooms'))).to.equal('OFF');
    expect(getByLabel(el, 'Publish to').value).to.equal('home/hall/light');
    session.goOnline();
    type(getByLabel(el, 'New state Rooms'), 'ON');
    getButton(el, 'Set state Rooms').click();
    await shown(el, 'the message is published', () => session.published.length > 0);
    expect(session.published.map((p) => [p.topic, p.text])).to.deep.equal([['home/hall/light', 'ON']]);
    expect(app.stores.outbox.getState().items[0]?.topic).to.equal('home/hall/light');
  });

  it('shows the message that came last on a filter, also when several came in one millisecond', async () => {
    const { el, session } = await renderApp([createEntity('All', 'bench/#')]);
    const at = Date.now();
    // One batch, ordered by topic as the worker's table keeps it; the last message came on
    // bench/0, though its record stands first.
    session.deliver([
      topicRecord('bench/0', 'the last', { receivedAt: at, seq: 100 }),
      topicRecord('bench/1', 'earlier', { receivedAt: at, seq: 98 }),
      topicRecord('bench/2', 'earlier still', { receivedAt: at, seq: 97 }),
    ]);
    await settled(el);
    expect(text(getByLabel(el, 'Last message All'))).to.equal('the last');
  });

  it('renders HTML in a topic name as text', async () => {
    const { el, session } = await renderApp([createEntity('All', '#')]);
    session.deliver([topicRecord('<img src=x onerror="window.__pwnedTopic=1">', 'x')]);
    await settled(el);
    expect(queryAllDeep(el, 'mq-topic-list')[0]!.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __pwnedTopic?: number }).__pwnedTopic).to.equal(undefined);
  });

  it('shows a 1 MiB payload shortened on its row, with its size', async () => {
    const { el, session } = await renderApp([createEntity('Big', 'big/#')]);
    const text16k = 'x'.repeat(16 * 1024);
    session.deliver([topicRecord('big/blob', text16k, { byteLength: 1024 * 1024, truncated: true })]);
    await settled(el);
    const preview = queryAllDeep(el, 'mq-topic-list')[0]!.shadowRoot!.querySelector('.preview')!;
    expect(preview.textContent!.length).to.be.at.most(200);
    expect(text(queryAllDeep(el, 'mq-entity-card')[0]!.shadowRoot!.querySelector('.meta')!)).to.contain('1 MiB · shortened for display');
  });

  it('turns more than 50 topics into a tree with counts per branch and a search field', async () => {
    const { el, session } = await renderApp([createEntity('Plant', 'plant/#')]);
    session.deliver(Array.from({ length: 60 }, (_, i) => topicRecord(`plant/line${i % 3}/sensor${i}`, 'ok', { count: 2 })));
    await settled(el);
    const list = queryAllDeep(el, 'mq-topic-list')[0]!.shadowRoot!;
    expect(list.querySelector('.flat')).to.equal(null);
    const rows = () => [...list.querySelectorAll<HTMLElement>('.tree li')].map((row) => shownText(row).replace(/^[▸▾] /, ''));
    expect(rows()).to.deep.equal(['plant 120 messages · 60 topics']);
    getButton(el, 'Expand plant').click();
    await settled(el);
    expect(rows()).to.deep.equal([
      'plant 120 messages · 60 topics',
      'line0 40 messages · 20 topics',
      'line1 40 messages · 20 topics',
      'line2 40 messages · 20 topics',
    ]);
    type(getByLabel(el, 'Search topics of Plant'), 'sensor59');
    await settled(el);
    // Branches keep their whole counts; only the matching topics are listed.
    expect(rows()).to.deep.equal(['plant 120 messages · 60 topics', 'line2 40 messages · 20 topics', 'sensor59 ok just now · QoS 0']);
  });

  it('never builds 10,000 rows for 10,000 topics, and scrolls through them', async () => {
    const { el, session } = await renderApp([createEntity('Fleet', 'fleet/#')]);
    session.deliver(Array.from({ length: 10_000 }, (_, i) => topicRecord(`fleet/${i}`, `v${i}`)));
    await settled(el);
    getButton(el, 'Expand fleet').click();
    await settled(el);
    const list = queryAllDeep(el, 'mq-topic-list')[0]!.shadowRoot!;
    expect(list.querySelectorAll('li').length).to.be.below(40);
    const viewport = list.querySelector<HTMLElement>('.viewport')!;
    viewport.scrollTop = 44 * 5000;
    viewport.dispatchEvent(new Event('scroll'));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await pause();
    await settled(el);
    const names = [...list.querySelectorAll('.tree li .name')].map(text);
    expect(names).to.include('4999');
    expect(list.querySelectorAll('li').length).to.be.below(40);
  });

  it('updates one topic’s row in a stream without redrawing the other entities', async () => {
    const { el, session } = await renderApp([createEntity('A', 'a'), createEntity('B', 'b')]);
    const [cardA, cardB] = queryAllDeep<HTMLElement & { updateComplete: Promise<boolean> }>(el, 'mq-entity-card');
    let renders = 0;
    const original = (cardB as unknown as { render: () => unknown }).render.bind(cardB);
    (cardB as unknown as { render: () => unknown }).render = () => (renders++, original());
    for (let i = 0; i < 20; i++) {
      session.deliver([topicRecord('a', `${i}`)]);
      await cardA!.updateComplete;
    }
    expect(text(getByLabel(el, 'Last message A'))).to.equal('19');
    expect(renders).to.equal(0);
  });

  it('typing in one entity’s form, or publishing from it, does not redraw the other entities’ forms', async () => {
    const { el, session } = await renderApp([createEntity('A', 'a'), createEntity('B', 'b')]);
    session.goOnline();
    const [, formB] = queryAllDeep<HTMLElement>(el, 'mq-publish-form');
    let renders = 0;
    const original = (formB as unknown as { render: () => unknown }).render.bind(formB);
    (formB as unknown as { render: () => unknown }).render = () => (renders++, original());
    for (const letter of 'hello') type(getByLabel(el, 'New state A'), letter);
    getButton(el, 'Set state A').click();
    await shown(el, 'the message is published', () => session.published.length > 0);
    expect(session.published.map((p) => p.topic)).to.deep.equal(['a']);
    expect(renders).to.equal(0);
  });

  it('switches the payload view to JSON, hex or text, and keeps the choice', async () => {
    const { el, app, session } = await renderApp([createEntity('Sensor', 'zigbee2mqtt/sensor')]);
    // Zigbee2MQTT's state of an Aqara temperature sensor (its docs' WSDCGQ11LM exposes).
    const payload = '{"battery":97,"humidity":48.2,"temperature":22.1}';
    session.deliver([topicRecord('zigbee2mqtt/sensor', payload, { format: 'json', json: JSON.parse(payload) })]);
    await settled(el);
    const value = () => getByLabel(el, 'Last message Sensor');
    expect(value().querySelector('details')).to.not.equal(null);
    expect(shownText(value())).to.equal('{3} "battery": 97 "humidity": 48.2 "temperature": 22.1');
    const radio = (label: string) =>
      queryAllDeep<HTMLInputElement>(el, 'input[type=radio]').find((input) => text(input.parentElement!) === label)!;
    radio('Text').click();
    await shown(el, 'the payload is shown as text', () => text(value()) === payload);
    expect(text(value())).to.equal(payload);
    radio('Hex').click();
    await shown(el, 'the payload is shown as hex', () => text(value()).startsWith('7b 22'));
    expect(text(value()).startsWith('7b 22 62 61')).to.equal(true);
    expect(app.stores.entities.getState().list[0]?.options.payloadView).to.equal('hex');
  });
  it('paints first the cards that fill the screen, and adds the others below them after that paint', async () => {
    const entities = Array.from({ length: 16 }, (_, i) => createEntity(`Sensor ${i}`, `home/sensor${i}`));
    const { app } = startFakeApp(entities);
    const el = document.createElement('mq-app');
    // Registered first, this runs first in the frame that paints the dashboard.
    const firstPaint = new Promise<{ cards: number; lastTop: number }>((resolve) =>
      requestAnimationFrame(() => {
        const cards = queryAllDeep(el, 'mq-entity-card');
        resolve({ cards: cards.length, lastTop: cards.at(-1)?.getBoundingClientRect().top ?? 0 });
      }),
    );
    el.app = app;
    document.body.append(el);
    try {
      const painted = await firstPaint;
      expect(painted.cards).to.be.within(1, 15);
      // The screen is full: the last card starts below the window's bottom edge.
      expect(painted.lastTop).to.be.at.least(innerHeight);
      await waitUntil(() => queryAllDeep(el, 'mq-entity-card').length === 16, 'every card comes after the first paint');
      expect(headings(el)).to.deep.equal(entities.map((entity) => entity.name));
    } finally {
      el.remove();
    }
  });
});
