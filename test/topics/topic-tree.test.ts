import { expect } from '@open-wc/testing';
import { TopicTree } from '../../src/topics/topic-tree.js';
import { topicRecord } from '../support/fake-session.js';

const record = (topic: string, count = 1) => topicRecord(topic, topic, { count });

describe('the topic tree', () => {
  it('groups topics by level, with message and topic counts per branch', () => {
    const tree = new TopicTree();
    tree.update([record('home/kitchen/temp', 5), record('home/kitchen/humidity', 2), record('home/hall/temp', 1), record('garden', 4)]);
    expect(tree.rows(new Set()).map((r) => [r.path, r.count, r.topics, r.branch])).to.deep.equal([
      ['garden', 4, 1, false],
      ['home', 8, 3, true],
    ]);
    const open = tree.rows(new Set(['home', 'home/kitchen']));
    expect(open.map((r) => `${'  '.repeat(r.depth)}${r.name}`)).to.deep.equal([
      'garden',
      'home',
      '  hall',
      '  kitchen',
      '    humidity',
      '    temp',
    ]);
  });

  it('updates counts in place as messages arrive', () => {
    const tree = new TopicTree();
    tree.update([record('a/b', 1)]);
    tree.update([record('a/b', 7), record('a/c', 1)]);
    expect(tree.rows(new Set()).map((r) => [r.path, r.count, r.topics])).to.deep.equal([['a', 8, 2]]);
    expect(tree.size).to.equal(2);
  });

  it('sorts numbers as numbers', () => {
    const tree = new TopicTree();
    tree.update([record('s/10'), record('s/9'), record('s/100')]);
    expect(tree.rows(new Set(['s'])).slice(1).map((r) => r.name)).to.deep.equal(['9', '10', '100']);
  });

  it('searches topic paths and opens the branches on the way', () => {
    const tree = new TopicTree();
    tree.update([record('home/kitchen/temp'), record('home/hall/temp'), record('garden/pond/level')]);
    expect(tree.rows(new Set(), 'KITCHEN').map((r) => r.path)).to.deep.equal(['home', 'home/kitchen', 'home/kitchen/temp']);
  });

  it('keeps a topic that also has topics below it', () => {
    const tree = new TopicTree();
    tree.update([record('a/b'), record('a/b/c')]);
    const [, b] = tree.rows(new Set(['a']));
    expect(b).to.deep.include({ path: 'a/b', branch: true, topics: 2 });
    expect(b?.record?.topic).to.equal('a/b');
  });
});
