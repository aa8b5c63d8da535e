import { expect } from '@open-wc/testing';
import { createEntity } from '../../src/entities/entity.js';
import { connectionChanged, createConnectionStore, defaultConfig, generateClientId } from '../../src/store/connection.js';
import { createDraftsStore, publishDrafted, publishSent } from '../../src/store/drafts.js';
import { entityDraftsDropped } from '../../src/store/entity-form-drafts.js';
import { createEntitiesStore, entitiesReplaced, entityMoved, entityRemoved, removalUndone } from '../../src/store/entities.js';
import { createOutboxStore, publishRefused, type OutboxItem } from '../../src/store/outbox.js';
import { outboxAdded, outboxItemChanged, outboxLoaded, SENT_SHOWN } from '../../src/store/outbox-rules.js';

const item = (id: number, entityId = 'e1', state: OutboxItem['state'] = 'queued'): OutboxItem => ({
  id,
  entityId,
  topic: 't',
  text: `m${id}`,
  qos: 1,
  retain: false,
  createdAt: id,
  state,
});

describe('the connection slice', () => {
  it('starts as hello_mqtt does: keepalive 60, a client ID per install', () => {
    expect(defaultConfig().keepalive).to.equal(60);
    expect(generateClientId()).to.match(/^hello-mqtt-[0-9a-f]{8}$/);
    expect(generateClientId()).to.not.equal(generateClientId());
  });

  it('does not notify when the connection status did not change, nor after unsubscribe', () => {
    const store = createConnectionStore();
    let calls = 0;
    const stop = store.subscribe(() => calls++);
    connectionChanged(store, 'connected', 'ws://x');
    connectionChanged(store, 'connected', 'ws://x');
    stop();
    connectionChanged(store, 'error', 'gone');
    expect(calls).to.equal(1);
  });
});

describe('the entities slice', () => {
  const [a, b, c] = [createEntity('A', 'a'), createEntity('B', 'b'), createEntity('C', 'c')];

  it('moves an entity within the order, clamped to the list', () => {
    const store = createEntitiesStore([a, b, c]);
    entityMoved(store, c.id, 0);
    expect(store.getState().list.map((e) => e.name)).to.deep.equal(['C', 'A', 'B']);
    entityMoved(store, c.id, 99);
    expect(store.getState().list.map((e) => e.name)).to.deep.equal(['A', 'B', 'C']);
  });

  it('puts a removed entity back where it was on Undo', () => {
    const store = createEntitiesStore([a, b, c]);
    entityRemoved(store, b.id);
    expect(store.getState().list.map((e) => e.name)).to.deep.equal(['A', 'C']);
    expect(store.getState().removed?.entity.name).to.equal('B');
    removalUndone(store);
    expect(store.getState().list.map((e) => e.name)).to.deep.equal(['A', 'B', 'C']);
    expect(store.getState().removed).to.equal(null);
  });

  it('takes another tab’s list without notifying when nothing changed', () => {
    const store = createEntitiesStore([a]);
    let calls = 0;
    store.subscribe(() => calls++);
    entitiesReplaced(store, [JSON.parse(JSON.stringify(a))]);
    expect(calls).to.equal(0);
    entitiesReplaced(store, [a, b]);
    expect(calls).to.equal(1);
  });
});

describe('the outbox slice', () => {
  it('keeps pending messages in order, then the newest sent of each entity', () => {
    const store = createOutboxStore();
    for (let id = 1; id <= 5; id++) outboxAdded(store, item(id, 'e1'));
    outboxAdded(store, item(6, 'e2'));
    for (let id = 1; id <= 5; id++) outboxItemChanged(store, id, 'sent');
    outboxItemChanged(store, 6, 'sent');
    outboxAdded(store, item(7, 'e1'));
    const items = store.getState().items;
    expect(items.map((i) => [i.id, i.state])).to.deep.equal([
      [7, 'queued'],
      [3, 'sent'],
      [4, 'sent'],
      [5, 'sent'],
      [6, 'sent'],
    ]);
    expect(items.filter((i) => i.entityId === 'e1' && i.state === 'sent')).to.have.length(SENT_SHOWN);
  });

  it('keeps a message being sent as sending when the stored outbox is read again', () => {
    const store = createOutboxStore();
    outboxAdded(store, item(1));
    outboxItemChanged(store, 1, 'sending');
    outboxLoaded(store, [item(1), item(2)]);
    expect(store.getState().items.map((i) => [i.id, i.state])).to.deep.equal([
      [1, 'sending'],
      [2, 'queued'],
    ]);
  });

  it('clears an entity’s publish problem when it queues a message', () => {
    const store = createOutboxStore();
    publishRefused(store, 'e1', 'Enter the topic');
    outboxAdded(store, item(1, 'e1'));
    expect(store.getState().problems).to.deep.equal({});
  });
});

describe('the drafts slice', () => {
  it('clears a publish draft only if it is still what was sent', () => {
    const store = createDraftsStore();
    publishDrafted(store, 'e1', { text: 'on' });
    publishSent(store, 'e1', 'off');
    expect(store.getState().publish.e1?.text).to.equal('on');
    publishSent(store, 'e1', 'on');
    expect(store.getState().publish.e1?.text).to.equal('');
    entityDraftsDropped(store, 'e1');
    expect(store.getState().publish).to.deep.equal({});
  });
});
