import { expect } from '@open-wc/testing';
import { TopicWriter } from '../../src/topics/topic-writer.js';
import { topicRecord } from '../support/fake-session.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('saving topic records', () => {
  it('writes a record at once when no write is running, so closing the app right after loses nothing', async () => {
    const writes: string[][] = [];
    const writer = new TopicWriter(async (records) => void writes.push(records.map((r) => r.text)), () => undefined);
    writer.save([topicRecord('a', 'seen')]);
    await tick();
    expect(writes).to.deep.equal([['seen']]);
  });

  it('writes each of a few quick changes at once, so a close right after loses none', async () => {
    const writes: string[][] = [];
    const writer = new TopicWriter(async (records) => void writes.push(records.map((r) => r.text)), () => undefined);
    writer.save([topicRecord('hall', '21.5')]);
    await tick();
    writer.save([topicRecord('attic', '18')]);
    await tick();
    await tick();
    expect(writes).to.deep.equal([['21.5'], ['18']]);
  });

  it('under a flood writes at most once an interval, the newest record per topic', async () => {
    const writes: string[][] = [];
    let finish: () => void = () => undefined;
    const writer = new TopicWriter(
      (records) => {
        writes.push(records.map((r) => `${r.topic}=${r.text}`));
        return new Promise<void>((resolve) => (finish = resolve));
      },
      () => undefined,
      50,
    );
    // A flood: 300 topics changed at once, then the same again and again.
    writer.save(Array.from({ length: 300 }, (_, i) => topicRecord(`t${i}`, '0')));
    await tick();
    finish();
    await tick();
    await tick();
    writer.save([topicRecord('a', '1')]);
    await tick();
    for (let i = 2; i <= 100; i++) writer.save([topicRecord('a', String(i)), topicRecord('b', String(i))]);
    finish();
    await tick();
    await tick();
    // Not yet: the interval since the last write has not passed.
    expect(writes.slice(1)).to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(writes.slice(1)).to.deep.equal([['a=100', 'b=100']]);
  });

  it('tells when saving fails, and when it works again', async () => {
    const outcomes: (string | null)[] = [];
    let fail = true;
    const writer = new TopicWriter(
      async () => {
        if (fail) throw new DOMException('full', 'QuotaExceededError');
      },
      (error) => outcomes.push(error === null ? null : (error as Error).name),
      0,
    );
    writer.save([topicRecord('a', '1')]);
    await tick();
    await tick();
    fail = false;
    writer.save([topicRecord('a', '2')]);
    await tick();
    await tick();
    expect(outcomes).to.deep.equal(['QuotaExceededError', null]);
  });
});
