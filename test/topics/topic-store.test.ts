import { expect } from '@open-wc/testing';
import { TopicStore } from '../../src/topics/topic-store.js';
import { topicRecord } from '../support/fake-session.js';

const record = (topic: string, text = 'x', count = 1) => topicRecord(topic, text, { count });

describe('the topic store', () => {
  it('tells an observer of a filter only about its own topics, once per batch', () => {
    const store = new TopicStore();
    const heard: string[][] = [];
    store.observe('home/+/temp', (_view, changed) => heard.push(changed.map((r) => r.topic)));
    store.apply([record('home/kitchen/temp'), record('garden/pond'), record('home/hall/temp')]);
    store.apply([record('garden/pond')]);
    expect(heard).to.deep.equal([['home/kitchen/temp', 'home/hall/temp']]);
  });

  it('gives a new observer what is already there, and a topic observer its one record', () => {
    const store = new TopicStore();
    store.apply([record('edzna/hello', 'ThisIsIt'), record('edzna/other')]);
    const view = store.view('edzna/hello');
    expect([...view.records.values()].map((r) => r.text)).to.deep.equal(['ThisIsIt']);
    let version = 0;
    store.observe('edzna/#', (v) => (version = v.version));
    store.apply([record('edzna/hello', 'again')]);
    expect(version).to.equal(1);
    expect(store.view('edzna/#').records.size).to.equal(2);
  });

  it('shares one view among observers of one filter and forgets it when the last leaves', () => {
    const store = new TopicStore();
    let a = 0;
    let b = 0;
    const stopA = store.observe('x/#', () => a++);
    const stopB = store.observe('x/#', () => b++);
    store.apply([record('x/1')]);
    stopA();
    store.apply([record('x/2')]);
    stopB();
    store.apply([record('x/3')]);
    expect([a, b]).to.deep.equal([1, 2]);
  });

  it('drops topics no one follows any more and tells their observers', () => {
    const store = new TopicStore();
    const sizes: number[] = [];
    store.observe('#', (view) => sizes.push(view.records.size));
    store.apply([record('a'), record('b')]);
    store.retain((topic) => topic === 'a');
    expect(store.size).to.equal(1);
    expect(sizes).to.deep.equal([2, 1]);
  });

  it('costs per message what it costs with few topics: 10,000 topics, 20 observers', () => {
    const store = new TopicStore();
    const heard = new Map<string, number>();
    for (let i = 0; i < 20; i++) store.observe(`site/${i}/#`, (_v, changed) => heard.set(`site/${i}`, (heard.get(`site/${i}`) ?? 0) + changed.length));
    store.apply(Array.from({ length: 10_000 }, (_, i) => record(`site/${i % 20}/sensor/${i}`)));
    // The matching observers of each topic are worked out once and kept: a second batch of the
    // same topics reaches the same observers, and each hears only of its 500 topics.
    store.apply(Array.from({ length: 10_000 }, (_, i) => record(`site/${i % 20}/sensor/${i}`, 'again', 2)));
    expect([...heard.values()]).to.deep.equal(Array.from({ length: 20 }, () => 1000));
  });
});
