/**
 * The dashboard of many entities in the built app, in Debian's Chromium, against a real
 * Mosquitto: a wildcard entity's rows, a tree of 2,000 topics, entities added, edited,
 * removed and reordered across reloads, a database of the previous version upgraded, a
 * refused filter, publishing with QoS 2, retain and saved payloads, and a page that does not
 * move while it loads.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { addEntity, entityCard } from '../support/node/app-page.js';
import { setUpApp } from '../support/node/e2e-setup.js';
import { mosquittoPub, mosquittoSub, UNBOUNDED_QUEUES } from '../support/node/mosquitto.js';

/** Publishes many messages fast, over one MQTT connection (a process per message is slow). */
async function publishMany(tcpPort: number, messages: { topic: string; payload: string; retain?: boolean }[]): Promise<void> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${tcpPort}`);
  for (const { topic, payload, retain } of messages) await client.publishAsync(topic, payload, { qos: 1, retain: retain ?? false });
  await client.endAsync();
}

const headings = async (page: Page) => page.getByRole('article').getByRole('heading', { level: 2 }).allTextContents();

/** The entities' names in the order the app has saved them, read from IndexedDB as the page sees it. */
async function savedOrder(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('hello-mqtt');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('entities').objectStore('entities').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            const stored = all.result as { name: string; position: number }[];
            resolve(stored.sort((a, b) => a.position - b.position).map((entity) => entity.name));
          };
        };
      }),
  );
}

/**
 * Waits until the app has saved the entities in this order. The browser may end a save still
 * open when the page reloads, and the change with it: in CI a reload made right after a
 * keyboard move came back with the order from before the move.
 */
async function waitForSavedOrder(page: Page, names: string[]): Promise<void> {
  for (const started = Date.now(); ; ) {
    const order = await savedOrder(page);
    if (JSON.stringify(order) === JSON.stringify(names)) return;
    if (Date.now() - started > 10_000) assert.fail(`saved order ${JSON.stringify(order)}, not ${JSON.stringify(names)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A node of the page as the DevTools protocol gives it, shadow roots (closed ones too) included. */
interface DomNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function* allNodes(node: DomNode): Generator<DomNode> {
  yield node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) yield* allNodes(child);
}

const attribute = (node: DomNode, name: string) => {
  const at = node.attributes?.indexOf(name) ?? -1;
  return at === -1 || at % 2 === 1 ? undefined : node.attributes![at + 1];
};

/**
 * Opens the app with no script of the page's running (the service worker's still do): what is
 * painted is what the service worker answered, as before the app's code has come. Returns the
 * copy of the last screen in it, its text, and where its Edit buttons are.
 */
async function lastScreenWithoutScripts(
  page: Page,
  url: string,
): Promise<{ found: boolean; text: string; elements: string[]; editTops: Record<string, number>; spoken: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  await page.goto(url);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: DomNode };
  const copy = [...allNodes(root)].find((node) => attribute(node, 'id') === 'mq-last-screen');
  const editTops: Record<string, number> = {};
  const elements: string[] = [];
  let text = '';
  if (copy !== undefined) {
    for (const node of allNodes(copy)) {
      if (node.nodeType === 3) text += node.nodeValue;
      if (node.nodeType === 1) elements.push(node.nodeName);
      const label = attribute(node, 'aria-label') ?? '';
      if (node.nodeName === 'BUTTON' && label.startsWith('Edit ')) {
        const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId })) as { model: { border: number[] } };
        editTops[label] = model.border[1]!;
      }
    }
  }
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { name?: { value?: string } }[] };
  const spoken = nodes.map((node) => node.name?.value ?? '').filter((name) => name !== '');
  await cdp.detach();
  return { found: copy !== undefined, text, elements, editTops, spoken };
}

describe('the dashboard', { timeout: 120_000 }, () => {
  // Mosquitto drops what is beyond 1,000 queued messages for a client that reads more slowly
  // than the flood comes: here every one must arrive.
  const env = setUpApp({ broker: { extra: UNBOUNDED_QUEUES } });
  let page: Page;

  before(async () => {
    page = await env.browser.context.newPage();
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
  });

  it('lists each of the 20 topics of a wildcard entity with its last message', async () => {
    await addEntity(page, 'Rooms', 'e2e/rooms/+/temp');
    await page.getByText('Subscribed to e2e/rooms/+/temp.').waitFor();
    await publishMany(
      env.broker.tcpPort,
      Array.from({ length: 20 }, (_, i) => ({ topic: `e2e/rooms/room${i}/temp`, payload: `${18 + i / 2} °C` })),
    );
    const rows = page.getByRole('list', { name: 'Topics of Rooms' }).getByRole('listitem');
    await rows.nth(19).waitFor();
    assert.equal(await rows.count(), 20);
    await rows.filter({ hasText: 'e2e/rooms/room7/temp' }).getByText('21.5 °C').waitFor();
  });

  it('shows 2,000 topics as a tree and keeps answering the user meanwhile', async () => {
    await addEntity(page, 'Fleet', 'e2e/fleet/#');
    await page.getByText('Subscribed to e2e/fleet/#.').waitFor();
    const flood = publishMany(
      env.broker.tcpPort,
      Array.from({ length: 2000 }, (_, i) => ({ topic: `e2e/fleet/site${i % 10}/device${i}`, payload: `${i}` })),
    );
    // Typing goes on while the topics pour in.
    const field = entityCard(page, 'Fleet').getByLabel('New state Fleet');
    await field.pressSequentially('still typing', { delay: 20 });
    await flood;
    assert.equal(await field.inputValue(), 'still typing');
    await entityCard(page, 'Fleet').getByText('2,000 topics, as a tree.').waitFor();
    await page.getByRole('button', { name: 'Expand e2e', exact: true }).click();
    await page.getByRole('button', { name: 'Expand e2e/fleet', exact: true }).click();
    await page.getByRole('button', { name: 'Expand e2e/fleet/site3', exact: true }).click();
    await page.getByRole('list', { name: 'Topic tree of Fleet' }).getByText('device3', { exact: true }).waitFor();
    // Virtualised: a few dozen rows in the DOM, not 2,000.
    const rows = await page.getByRole('list', { name: 'Topic tree of Fleet' }).getByRole('listitem').count();
    assert.ok(rows < 40, `${rows} rows in the DOM`);
    await page.getByLabel('Search topics of Fleet').fill('device1999');
    await page.getByRole('list', { name: 'Topic tree of Fleet' }).getByText('1999', { exact: true }).waitFor();
  });

  it('adds, edits, removes with Undo and reorders by keyboard; all of it survives a reload', async () => {
    await addEntity(page, 'Kitchen', 'e2e/kitchen');
    await entityCard(page, 'Kitchen').getByRole('button', { name: 'Edit Kitchen' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Kitchen light');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await entityCard(page, 'Kitchen light').waitFor();

    await entityCard(page, 'Fleet').getByRole('button', { name: 'Remove Fleet' }).click();
    await page.getByText('Removed Fleet.').waitFor();
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await entityCard(page, 'Fleet').waitFor();
    await entityCard(page, 'Rooms').getByRole('button', { name: 'Remove Rooms' }).click();
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    assert.deepEqual(await headings(page), ['hello_mqtt', 'Fleet', 'Kitchen light']);

    await entityCard(page, 'Kitchen light').getByRole('button', { name: 'Move up Kitchen light' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    assert.deepEqual(await headings(page), ['Kitchen light', 'hello_mqtt', 'Fleet']);

    await waitForSavedOrder(page, ['Kitchen light', 'hello_mqtt', 'Fleet']);
    await page.reload();
    await entityCard(page, 'Kitchen light').waitFor();
    assert.deepEqual(await headings(page), ['Kitchen light', 'hello_mqtt', 'Fleet']);
    await entityCard(page, 'Kitchen light').getByText('e2e/kitchen', { exact: true }).waitFor();
  });

  it('publishes with the QoS, retain flag and saved payloads the entity was given, once per tap', async () => {
    await entityCard(page, 'Kitchen light').getByRole('button', { name: 'Edit Kitchen light' }).click();
    await page.getByLabel('Publish with QoS').selectOption('2');
    await page.getByLabel('Publish retained').check();
    await page.getByRole('button', { name: 'Add a payload button' }).click();
    await page.getByLabel('Button label').fill('On');
    await page.getByLabel('Payload to send').fill('ON');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const live = await mosquittoSub(env.broker.tcpPort, 'e2e/kitchen', { extra: ['-q', '2'] });
    try {
      const on = entityCard(page, 'Kitchen light').getByRole('button', { name: 'Publish On, from Kitchen light' });
      await on.click();
      await on.click();
      assert.deepEqual(await live.waitFor(2), ['ON', 'ON']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(live.messages(), ['ON', 'ON'], 'once per tap');
      assert.deepEqual(new Set(live.publishes().map((p) => p.qos)), new Set([2]));
    } finally {
      await live.stop();
    }
    // Retained: a subscriber that comes later gets it, flagged so.
    const later = await mosquittoSub(env.broker.tcpPort, 'e2e/kitchen', { extra: ['-q', '2'] });
    try {
      await later.waitFor(1);
      assert.deepEqual(later.publishes(), [{ topic: 'e2e/kitchen', qos: 2, retain: true, bytes: 2 }]);
    } finally {
      await later.stop();
    }
  });

  it('renders HTML in a topic name and a payload as text', async () => {
    await addEntity(page, 'Strange', 'e2e/strange/#');
    await page.getByText('Subscribed to e2e/strange/#.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'e2e/strange/<img src=x onerror="document.title=1">', '<b onmouseover=alert(1)>bold</b>');
    await page.getByRole('list', { name: 'Topics of Strange' }).getByText('e2e/strange/<img src=x onerror="document.title=1">').waitFor();
    assert.equal(await entityCard(page, 'Strange').locator('img, b').count(), 0);
    assert.notEqual(await page.title(), '1');
  });

  it('shows a JSON payload as a tree that reads as JSON, its keys and values apart', async () => {
    // The build strips the templates' white space: a space that ends a template (here the one
    // after a key's colon) must stay. A Xiaomi MiJia sensor's message, from Zigbee2MQTT's docs
    // ("MQTT Topics and Messages", zigbee2mqtt/FRIENDLY_NAME).
    await addEntity(page, 'Bedroom sensor', 'zigbee2mqtt/bedroom_sensor');
    await page.getByText('Subscribed to zigbee2mqtt/bedroom_sensor.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'zigbee2mqtt/bedroom_sensor', '{"temperature":27.34,"humidity":44.72}');
    const value = entityCard(page, 'Bedroom sensor').getByRole('group', { name: 'Last message Bedroom sensor' });
    await value.getByText('44.72').waitFor();
    assert.deepEqual((await value.innerText()).split('\n'), ['{2}', '"temperature": 27.34', '"humidity": 44.72']);
  });
});

describe('a database of the previous version', { timeout: 60_000 }, () => {
  const env = setUpApp();

  it('becomes the first entity, with its topic, last message and a half-typed Set state', async () => {
    const page = await env.browser.context.newPage();
    // A blank page at the app's origin writes the database exactly as version 2 of the app did.
    await page.route('**/seed.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
    await page.goto(`${env.app.url}seed.html`);
    await page.evaluate(
      ({ brokerUrl }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('hello-mqtt', 2);
          open.onupgradeneeded = () => {
            const db = open.result;
            db.createObjectStore('settings', { keyPath: 'id' });
            db.createObjectStore('lastMessages', { keyPath: 'filter' });
            db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
            const tx = open.transaction!;
            tx.objectStore('settings').put({
              id: 'app',
              config: { brokerUrl, clientId: 'upgraded-phone', keepalive: 60, username: '', password: '', rememberPassword: false, cleanSession: false, protocolVersion: 4, will: { topic: '', payload: '', qos: 0, retain: false } },
              topic: 'e2e/upgraded',
              wantsConnection: false,
              drafts: { newState: 'half typed', connection: null },
            });
            tx.objectStore('lastMessages').put({
              filter: 'e2e/upgraded',
              message: { text: 'kept from version 2', format: 'text', byteLength: 19, truncated: false, topic: 'e2e/upgraded', receivedAt: Date.now() - 3_600_000, retained: true },
            });
          };
          open.onsuccess = () => {
            open.result.close();
            resolve();
          };
          open.onerror = () => reject(open.error);
        }),
      { brokerUrl: env.broker.wsUrl },
    );
    await page.goto(env.app.url);
    const card = entityCard(page, 'hello_mqtt');
    await card.getByText('e2e/upgraded', { exact: true }).waitFor();
    await card.getByLabel('Last message hello_mqtt').getByText('kept from version 2').waitFor();
    await card.getByText('1 h ago · 19 B · retained').waitFor();
    assert.equal(await card.getByLabel('New state hello_mqtt').inputValue(), 'half typed');
  });
});

describe('a filter the broker refuses', { timeout: 60_000 }, () => {
  const env = setUpApp({ broker: { refusedSubscriptions: { matching: ['secret/#'] } } });

  it('is reported on its entity with the reason, while the others receive, also after a reconnect', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    await addEntity(page, 'Secrets', 'secret/#');
    const refusal = 'Not subscribed to secret/#: the broker refused it (often its access control does not allow this filter).';
    await entityCard(page, 'Secrets').getByText(refusal).waitFor();
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'others still receive');
    await page.getByLabel('Last message hello_mqtt').getByText('others still receive').waitFor();

    await env.broker.stop();
    await env.broker.restart();
    await page.getByRole('status').getByText('Connected').waitFor({ timeout: 15_000 });
    await entityCard(page, 'Secrets').getByText(refusal).waitFor();
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', 'after the reconnect');
    await page.getByLabel('Last message hello_mqtt').getByText('after the reconnect').waitFor();
  });
});

describe('a dashboard of 20 entities, reloaded', { timeout: 90_000 }, () => {
  const env = setUpApp();

  it('paints at its final layout: cumulative layout shift under 0.02 while it loads and the retained messages come', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.app.url}?broker=${env.broker.wsUrl}`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    for (let i = 1; i < 20; i++) await addEntity(page, `Sensor ${i}`, i % 5 === 0 ? `e2e/cls/${i}/+` : `e2e/cls/${i}`);
    await publishMany(env.broker.tcpPort, [
      ...Array.from({ length: 20 }, (_, i) => ({ topic: `e2e/cls/${i}`, payload: `${20 + i}.5`, retain: true })),
      ...[5, 10, 15].flatMap((i) => ['a', 'b', 'c'].map((leaf) => ({ topic: `e2e/cls/${i}/${leaf}`, payload: `${leaf} ok`, retain: true }))),
    ]);
    await entityCard(page, 'Sensor 19').getByText('39.5').waitFor();
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
    await page.getByRole('status').getByText('Connected').waitFor();
    await page.getByText('Subscribed to e2e/cls/19.').waitFor();
    // The retained messages of all 20 arrive again on subscribe: rows and values repaint.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
    const cls = shifts.reduce((sum, value) => sum + value, 0);
    assert.ok(cls <= 0.02, `cumulative layout shift ${cls.toFixed(4)} (${shifts.length} shifts)`);
  });

  it('keeps each card’s controls where the first paint put them on a phone, as the publish forms come after it', async () => {
    // The room kept for a publish form until its code came was 44 px taller than a text
    // entity's form, and 86 px shorter than a filter entity's (with Publish to): the buttons
    // below it moved as it came.
    const page = await env.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(env.app.url);
    await entityCard(page, 'Sensor 19').getByText('39.5').waitFor();
    // Where each Edit button is in the page, the first frame it is there (plain script: the
    // page knows nothing of this file's compiler).
    await page.addInitScript({
      content: `(() => {
        const first = (window.firstEditTops = {});
        const buttons = (root) => [...root.querySelectorAll('*')].flatMap((e) => [
          ...(e.localName === 'button' && (e.getAttribute('aria-label') ?? '').startsWith('Edit ') ? [e] : []),
          ...(e.shadowRoot ? buttons(e.shadowRoot) : []),
        ]);
        const started = performance.now();
        const frame = () => {
          for (const b of buttons(document)) first[b.getAttribute('aria-label')] ??= b.getBoundingClientRect().top + scrollY;
          if (performance.now() - started < 3000) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      })()`,
    });
    await page.reload();
    await page.getByRole('status').getByText('Connected').waitFor();
    await page.waitForFunction(() => 'Edit Sensor 5' in ((window as unknown as { firstEditTops: object }).firstEditTops ?? {}));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const first = await page.evaluate(() => (window as unknown as { firstEditTops: Record<string, number> }).firstEditTops);
    for (const name of ['hello_mqtt', 'Sensor 5']) {
      const box = await page.getByRole('button', { name: `Edit ${name}`, exact: true }).boundingBox();
      const now = box!.y + (await page.evaluate(() => scrollY));
      assert.equal(now, first[`Edit ${name}`], `Edit ${name} moved from ${first[`Edit ${name}`]} to ${now} px`);
    }
    await page.close();
  });

  it('paints the last screen at once from the copy its service worker kept, then the app draws it in the same place', async () => {
    // The entities of the tests above. A copy is made as the page goes (and every 15 s).
    const page = await env.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(env.app.url);
    await entityCard(page, 'Sensor 1').getByText('21.5').waitFor();
    // What the service worker puts in the page around the copy must not read it as a pattern
    // (`$&` is the matched text to String.replace), and markup in it stays text.
    const payload = "$& $' <b>bold</b>";
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    mosquittoPub(env.broker.tcpPort, 'edzna/hello', payload);
    await entityCard(page, 'hello_mqtt').getByText(payload).waitFor();
    await page.goto('about:blank');
    const picture = await lastScreenWithoutScripts(page, env.app.url);
    assert.ok(picture.found, 'the service worker answered with no copy of the last screen');
    for (const shown of ['hello_mqtt', payload, 'Sensor 1', '21.5', 'Set state']) assert.ok(picture.text.includes(shown), `the copy lacks ${shown}`);
    assert.equal(picture.elements.filter((name) => name === 'B' || name === 'MQ-APP').length, 0, 'markup of the payload became elements');
    // A picture: nothing of it reaches a screen reader, or a tap (inert).
    assert.ok(!picture.spoken.some((name) => name.includes('Sensor 1')), `a screen reader is told ${picture.spoken.join(', ')}`);
    assert.ok(picture.editTops['Edit hello_mqtt'] !== undefined);

    // With the app's code: it paints first from the copy, then takes it away as it draws its own.
    const live = await env.browser.context.newPage();
    await live.setViewportSize({ width: 390, height: 844 });
    live.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await live.goto(env.app.url);
    await entityCard(live, 'Sensor 1').getByText('21.5').waitFor();
    const marks = await live.evaluate(() => ({
      painted: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
      rendered: performance.getEntriesByName('hello-mqtt:last-state-rendered')[0]?.startTime ?? -1,
      replaced: performance.getEntriesByName('hello-mqtt:last-screen-replaced').length,
      left: document.getElementById('mq-last-screen') !== null,
    }));
    assert.equal(marks.replaced, 1, 'the app found no copy to replace');
    assert.equal(marks.left, false, 'the copy is still in the page');
    assert.ok(marks.painted >= 0 && marks.painted < marks.rendered, `first paint at ${marks.painted} ms, the app's own at ${marks.rendered} ms`);
    for (const [label, top] of Object.entries(picture.editTops)) {
      const box = await live.getByRole('button', { name: label, exact: true }).boundingBox();
      assert.equal(box?.y, top, `${label} is at ${box?.y} px in the app, ${top} px in the copy`);
    }
    // The copy's styles come inline, allowed by a nonce: the policy refused none of them.
    assert.deepEqual(errors, []);
    await page.close();
    await live.close();
  });

  it('comes back where the user was on a phone after a reload, once the cards up to there are in', async () => {
    // The entities of the test above. The browser's own restoring ran before the cards were
    // rendered from IndexedDB, and left every reload at the top.
    const page = await env.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(env.app.url);
    await entityCard(page, 'Sensor 19').getByText('39.5').waitFor();
    const cardTop = async (name: string) => (await entityCard(page, name).boundingBox())?.y;
    const backAt = async (name: string, top: number | undefined) => {
      for (const started = Date.now(); ; ) {
        if ((await cardTop(name)) === top) return;
        if (Date.now() - started > 5000) assert.fail(`${name} at ${await cardTop(name)} px after the reload, not ${top}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    await page.mouse.wheel(0, 5000);
    await page.waitForFunction(() => scrollY >= 5000);
    const nine = await cardTop('Sensor 9');
    // The position is saved once the scrolling pauses.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.reload();
    await backAt('Sensor 9', nine);

    await page.close();
  });
});
