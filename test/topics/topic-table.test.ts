import { expect } from '@open-wc/testing';
import { TopicTable } from '../../src/topics/topic-table.js';
import type { TopicRecord } from '../../src/topics/topic-record.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('the live topic table', () => {
  it('coalesces many messages on a topic into one record that counts them', () => {
    const table = new TopicTable();
    table.setFilters(['home/#']);
    for (let i = 0; i < 1000; i++) table.add('home/a', bytes(`v${i}`), false, 0, i);
    table.add('home/b', bytes('{"on":true}'), true, 1, 5);
    const changed = table.flush();
    expect(changed.map((r) => [r.topic, r.text, r.count, r.receivedAt])).to.deep.equal([
      ['home/a', 'v999', 1000, 999],
      ['home/b', '{"on":true}', 1, 5],
    ]);
    expect(changed[1]).to.deep.include({ format: 'json', json: { on: true }, retained: true, qos: 1 });
    expect(table.flush()).to.deep.equal([]);
  });

  it('numbers arrivals, so that messages of one millisecond keep their order', () => {
    const table = new TopicTable();
    table.setFilters(['#']);
    table.add('a', bytes('1'), false, 0, 5);
    table.add('b', bytes('2'), false, 0, 5);
    table.add('a', bytes('3'), false, 0, 5);
    const [a, b] = table.flush();
    expect(a!.seq).to.be.greaterThan(b!.seq);
  });

  it('keeps counting across flushes', () => {
    const table = new TopicTable();
    table.setFilters(['x']);
    table.add('x', bytes('1'), false, 0, 1);
    table.flush();
    table.add('x', bytes('2'), false, 0, 2);
    expect(table.flush()[0]?.count).to.equal(2);
  });

  it('ignores topics no wanted filter matches, and drops those that stop being wanted', () => {
    const table = new TopicTable();
    table.setFilters(['home/#', 'garden/pond']);
    table.add('home/a', bytes('1'), false, 0, 1);
    table.add('garden/pond', bytes('2'), false, 0, 1);
    table.add('street/lamp', bytes('3'), false, 0, 1);
    expect(table.flush().map((r) => r.topic)).to.deep.equal(['home/a', 'garden/pond']);
    table.setFilters(['garden/pond']);
    expect(table.size).to.equal(1);
  });

  it('adds a saved record’s count once, keeping the newer message', () => {
    const table = new TopicTable();
    table.setFilters(['x']);
    table.add('x', bytes('live'), false, 0, 200);
    table.flush();
    const saved: TopicRecord = { topic: 'x', text: 'saved', format: 'text', byteLength: 5, truncated: false, receivedAt: 100, retained: false, qos: 0, count: 10, seq: 0 };
    table.hydrate([saved]);
    table.hydrate([saved]);
    table.add('x', bytes('again'), false, 0, 300);
    expect(table.flush()[0]).to.deep.include({ text: 'again', count: 12 });
  });
});
