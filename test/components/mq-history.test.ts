/**
 * The history as the user sees it, over the real app with a real IndexedDB (the session is a
 * fake, so what the recorder would have written is written by the test): the chart, the JSON
 * field picked, the timeline, the recent texts, the form's history fields, and the Settings
 * card with its budget and Clear all history; axe at phone and desktop width, light and dark.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendMouse, setViewport } from '@web/test-runner-commands';
import { deleteDB } from 'idb';
import '../../src/components/mq-app.js';
import type { MqApp } from '../../src/components/mq-app.js';
import { openAppDb, type AppDB } from '../../src/db/database.js';
import { createEntity, type Entity } from '../../src/entities/entity.js';
import { appendHistory, historyTotals } from '../../src/history/history-db.js';
import { DEFAULT_HISTORY, MIB, type HistoryEntry } from '../../src/history/history.js';
import { decimate, extendView, historyView, type NumberSeries } from '../../src/history/series.js';
import { formatBytes } from '../../src/mqtt/payload.js';
import { startFakeApp } from '../support/fake-app.js';
import { topicRecord } from '../support/fake-session.js';
import { getButton, getByLabel, queryAllDeep, settled, text, type } from '../support/dom.js';
import { waitUntil, waitUntilAsync } from '../support/wait.js';

let seq = 0;
const entry = (topic: string, text: string, at: number): HistoryEntry => ({ topic, at, seq: ++seq, text, hex: false, size: text.length, cut: false, retained: false });

// Tasmota's telemetry of a POW plug, tele/<topic>/SENSOR (Tasmota docs, "Sensors": ENERGY).
const energy = (power: number) => JSON.stringify({ Time: '2021-01-01T00:00:00', ENERGY: { Total: 0.003, Power: power, Voltage: 239 } });

describe('history views', () => {
  let name: string;
  let db: AppDB;
  const now = Date.now();
  const entities: Entity[] = [
    createEntity('Temp', 'home/temp', {}, { id: 'temp' }),
    createEntity('Plug', 'tele/plug/SENSOR', {}, { id: 'plug' }),
    createEntity('Relay', 'stat/plug/POWER', {}, { id: 'relay' }),
    createEntity('Note', 'home/note', {}, { id: 'note' }),
  ];

  beforeEach(async () => {
    name = `test-history-view-${crypto.randomUUID()}`;
    db = await openAppDb(name);
    const limits = () => ({ maxMessages: 10_000, maxBytes: 2 * MIB });
    await appendHistory(
      db,
      [
        ...[20.5, 21, 22.5, 21.5].map((v, i) => entry('home/temp', String(v), now - 60_000 + i * 10_000)),
        ...[12, 26, 31].map((p, i) => entry('tele/plug/SENSOR', energy(p), now - 50_000 + i * 10_000)),
        ...['ON', 'OFF', 'ON'].map((s, i) => entry('stat/plug/POWER', s, now - 40_000 + i * 10_000)),
        ...['door opened', '<b>door</b> closed'].map((t, i) => entry('home/note', t, now - 30_000 + i * 10_000)),
      ],
      new Map(),
      limits,
      Infinity,
    );
  });
  afterEach(async () => {
    db.close();
    await deleteDB(name);
  });

  async function render() {
    const { app, session } = startFakeApp(entities, { db });
    const el = await fixture<MqApp>(html`<mq-app .app=${app}></mq-app>`);
    session.deliver([topicRecord('tele/plug/SENSOR', energy(31), { format: 'json', json: JSON.parse(energy(31)) as never })]);
    await settled(el);
    return { el, app, session };
  }

  const history = (el: Element, entityName: string) => queryAllDeep(el, `section[aria-label="History of ${entityName}"]`)[0];

  async function openHistory(el: Element, entityName: string): Promise<HTMLElement> {
    getButton(el, `History of ${entityName}`).click();
    return waitUntil(() => history(el, entityName), (found) => found !== undefined && !text(found).includes('Reading the history'), `the history of ${entityName}`) as Promise<HTMLElement>;
  }

  it('charts numbers with now, min and max; the History button says it is open', async () => {
    const { el } = await render();
    const section = await openHistory(el, 'Temp');
    expect(getButton(el, 'History of Temp').getAttribute('aria-expanded')).to.equal('true');
    await waitUntil(() => section.querySelector('[role="img"][aria-label="History chart"] canvas'), Boolean, 'the chart');
    expect(text(section)).to.include('now 21.5, min 20.5, max 22.5');
    expect(text(section)).to.include('4 messages kept on this device');
  });

  it('a drag back past the range reads the older messages kept, and charts them', async () => {
    // A day and a half ago: outside the Day range the history opens on.
    await appendHistory(db, [entry('home/temp', '5', now - 36 * 3_600_000)], new Map(), () => ({ maxMessages: 10_000, maxBytes: 2 * MIB }), Infinity);
    const { el } = await render();
    const section = await openHistory(el, 'Temp');
    await waitUntil(() => section.querySelector('[aria-label="History chart"] canvas'), Boolean, 'the chart');
    expect(text(section)).to.include('min 20.5');
    const over = section.querySelector<HTMLElement>('[aria-label="History chart"] .u-over')!;
    over.scrollIntoView({ block: 'center' });
    const box = over.getBoundingClientRect();
    const y = Math.round(box.top + box.height / 2);
    // A mouse drag from the left edge to the right: the window moves a day back.
    await sendMouse({ type: 'move', position: [Math.round(box.left + 2), y] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(box.right - 2), y] });
    await sendMouse({ type: 'up' });
    await waitUntil(() => text(section), (shown) => shown.includes('now 5, min 5, max 5'), 'the older message charted');
    // This test wrote the old message's summary over the others' (one message, said as one).
    expect(text(section)).to.include('1 message kept on this device');
  });

  it('draws the chart again in the colours of a theme chosen while it is open', async () => {
    const { el, app } = await render();
    const section = await openHistory(el, 'Temp');
    const canvas = () => section.querySelector<HTMLCanvasElement>('[aria-label="History chart"] canvas');
    await waitUntil(canvas, Boolean, 'the chart');
    // How many pixels are the theme's grid colour (--mq-border-soft): the grid lines.
    const gridPixels = (rgb: [number, number, number]) => {
      const drawn = canvas()!;
      const { data } = drawn.getContext('2d')!.getImageData(0, 0, drawn.width, drawn.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2] && data[i + 3] === 255) count++;
      return count;
    };
    const light: [number, number, number] = [0xd0, 0xd7, 0xde];
    const dark: [number, number, number] = [0x30, 0x36, 0x3d];
    await waitUntil(() => gridPixels(light), (n) => n > 100, 'the grid in the light theme');
    app.commands.chooseTheme('dark');
    await waitUntil(() => canvas() !== null && gridPixels(dark), (n) => Number(n) > 100, 'the grid in the dark theme');
    expect(gridPixels(light)).to.equal(0);
    app.commands.chooseTheme('light');
    await waitUntil(() => canvas() !== null && gridPixels(light), (n) => Number(n) > 100, 'the grid in the light theme again');
  });

  it('a chart following a stream shows every message the history holds, not only the newest of each frame', async () => {
    const { el, session } = await render();
    const section = await openHistory(el, 'Temp');
    await waitUntil(() => section.querySelector('[aria-label="History chart"] canvas'), Boolean, 'the chart');
    // Three messages in one frame: the recorder writes all three, the page hears of the last.
    const at = Date.now();
    await appendHistory(db, [19, 25, 23].map((v, i) => entry('home/temp', String(v), at + i)), new Map(), () => ({ maxMessages: 10_000, maxBytes: 2 * MIB }), Infinity);
    session.deliver([topicRecord('home/temp', '23', { receivedAt: at + 2 })]);
    await waitUntil(() => text(section), (shown) => shown.includes('now 23, min 19, max 25'), 'every message charted');
  });

  it('charts a JSON field once it is tapped, and keeps the choice on the entity', async () => {
    const { el, app } = await render();
    const section = await openHistory(el, 'Plug');
    expect(section.querySelector('[aria-label="History chart"]')).to.equal(null);
    getButton(section, '"Power": 31 (use ENERGY.Power)').click();
    await waitUntil(() => section.querySelector('[aria-label="History chart"] canvas'), Boolean, 'the chart');
    await settled(el);
    expect(text(section)).to.include('ENERGY.Power: now 31, min 12, max 31');
    expect(app.stores.entities.getState().list.find((e) => e.id === 'plug')?.options.history.fields).to.deep.equal(['ENERGY.Power']);
  });

  it('shows ON and OFF as a timeline, and text as a list of recent values, as text never markup', async () => {
    const { el } = await render();
    const relay = await openHistory(el, 'Relay');
    expect(relay.querySelector('[role="img"][aria-label="State timeline"]')).to.not.equal(null);
    expect(relay.querySelectorAll('.timeline span').length).to.equal(3);
    expect(text(relay)).to.match(/ON since .*, 2 changes\./);
    const note = await openHistory(el, 'Note');
    const items = [...note.querySelectorAll('ol[aria-label="Recent values"] li span')].map(text);
    expect(items).to.deep.equal(['<b>door</b> closed', 'door opened']);
    expect(note.querySelector('b')).to.equal(null);
  });

  it('lists a new text at once, and the retained copy of the last one, sent again on resubscribe, not twice', async () => {
    const { el, session } = await render();
    const note = await openHistory(el, 'Note');
    const items = () => [...note.querySelectorAll('ol[aria-label="Recent values"] li span')].map(text);
    session.deliver([topicRecord('home/note', '<b>door</b> closed', { retained: true, receivedAt: Date.now() })]);
    await settled(el);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(items()).to.deep.equal(['<b>door</b> closed', 'door opened']);
    session.deliver([topicRecord('home/note', 'window opened', { receivedAt: Date.now() + 1 })]);
    await waitUntil(items, (shown) => shown.length === 3, 'the new text listed');
    expect(items()).to.deep.equal(['window opened', '<b>door</b> closed', 'door opened']);
  });

  it('the form switches history off and refuses limits it cannot keep', async () => {
    const { el, app, session } = await render();
    getButton(el, 'Edit Temp').click();
    await settled(el);
    type(getByLabel(el, 'Messages to keep'), '0');
    getButton(el, 'Save').click();
    await waitUntil(() => getByLabel(el, 'Messages to keep').getAttribute('aria-invalid'), (v) => v === 'true', 'the refusal');
    type(getByLabel(el, 'Messages to keep'), '500');
    getByLabel(el, 'Keep a history on this device').click();
    await settled(el);
    getButton(el, 'Save').click();
    await waitUntil(() => app.stores.entities.getState().list.find((e) => e.id === 'temp')?.options.history, (h) => h?.keep === false, `saved (${queryAllDeep(el, '[role="alert"], .problem').map(text).join(' | ')}; ${JSON.stringify(app.stores.drafts.getState().entityForm?.draft.options.history)})`);
    expect(app.stores.entities.getState().list.find((e) => e.id === 'temp')?.options.history).to.deep.equal({ ...DEFAULT_HISTORY, keep: false, maxMessages: 500 });
    await waitUntil(() => session.history.rules.map((r) => r.filter), (filters) => !filters.includes('home/temp'), 'the recorder told');
  });

  it('Settings shows what is kept, sets the budget, and clears all history after asking', async () => {
    const { el, app, session } = await render();
    app.commands.showView('settings');
    await settled(el);
    const card = await waitUntil(() => queryAllDeep(el, 'mq-history-settings')[0]?.shadowRoot, (root) => root !== undefined && text(root as unknown as HTMLElement).includes('12 messages kept'), 'the usage');
    expect(text(card as unknown as HTMLElement)).to.include('of the 50 MiB budget');
    // Beside it, what the browser says of this site (navigator.storage.estimate()).
    const { quota } = await navigator.storage.estimate();
    expect(text(card as unknown as HTMLElement)).to.match(/This site stores \S+ \S+ in all/);
    expect(text(card as unknown as HTMLElement)).to.include(`of ${formatBytes(quota!)} the browser allows it.`);
    type(getByLabel(el, 'History budget for all entities (MiB)'), '5');
    getButton(el, 'Set budget').click();
    await settled(el);
    expect(app.stores.ui.getState().historyBudget).to.equal(5 * MIB);
    await waitUntil(() => session.history.budgetBytes, (b) => b === 5 * MIB, 'the recorder told');
    getButton(el, 'Clear all history…').click();
    await settled(el);
    getButton(el, 'Clear all history').click();
    await waitUntilAsync(() => historyTotals(db), (t) => t.count === 0, 'cleared');
    await waitUntil(() => session.history.cleared, (n) => n === 1, 'the recorder told');
  });

  for (const width of [390, 1280]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`passes axe with histories open at ${width} px, ${colorScheme}`, async () => {
        await setViewport({ width, height: 900 });
        await emulateMedia({ colorScheme });
        const { el } = await render();
        await openHistory(el, 'Temp');
        await openHistory(el, 'Relay');
        await openHistory(el, 'Note');
        await settled(el);
        await expect(el).to.be.accessible();
        await emulateMedia({ colorScheme: 'light' });
      });
    }
  }
});

describe('history series', () => {
  it('thins 100,000 points to about two per pixel, keeping the highest and lowest', () => {
    const count = 100_000;
    const times = Float64Array.from({ length: count }, (_, i) => i);
    const values = Float64Array.from({ length: count }, (_, i) => (i === 54_321 ? 1000 : i === 12_345 ? -1000 : Math.sin(i / 100)));
    const series: NumberSeries = { kind: 'numbers', times, lines: [{ label: '', values }] };
    const thin = decimate(series, 0, count, 500);
    expect(thin.times.length).to.be.at.most(1002);
    expect(Math.max(...thin.lines[0]!.values)).to.equal(1000);
    expect(Math.min(...thin.lines[0]!.values)).to.equal(-1000);
    expect([...thin.times].every((t, i, all) => i === 0 || t > all[i - 1]!)).to.equal(true);
  });

  it('extends a view with new messages as reading all of them would, or says it cannot', () => {
    const at = (i: number) => 1000 * i;
    const list = (texts: string[], from = 0) => texts.map((t, i) => entry('t', t, at(from + i)));
    const numbers = list(['21.5', '22', 'oops', '23']);
    const more = list(['24', '19.5'], 4);
    expect(extendView(historyView(numbers, [], at(9)), more, [], at(9))).to.deep.equal(historyView([...numbers, ...more], [], at(9)));
    const states = list(['ON', 'OFF']);
    const next = list(['OFF', 'ON'], 2);
    expect(extendView(historyView(states, [], at(9)), next, [], at(9))).to.deep.equal(historyView([...states, ...next], [], at(9)));
    expect(extendView(historyView(states, [], at(9)), list(['maybe'], 2), [], at(9))).to.equal(null);
  });

  it('tells numbers from states from text', () => {
    const at = (i: number) => 1000 * i;
    expect(historyView(['21.5', '22'].map((t, i) => entry('t', t, at(i))), [], at(5)).kind).to.equal('numbers');
    expect(historyView(['true', 'false'].map((t, i) => entry('t', t, at(i))), [], at(5)).kind).to.equal('states');
    expect(historyView(['hello', 'world'].map((t, i) => entry('t', t, at(i))), [], at(5)).kind).to.equal('text');
    expect(historyView([energy(1), energy(2)].map((t, i) => entry('t', t, at(i))), ['ENERGY.Power'], at(5)).kind).to.equal('numbers');
  });
});
