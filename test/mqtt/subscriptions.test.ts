import { expect } from '@open-wc/testing';
import { coveringSet, Subscriptions, type FilterStatuses, type SubscribeResult, type SubscriptionTransport } from '../../src/mqtt/subscriptions.js';

/** A connection whose SUBACKs the test decides: codes per filter, or a failure. */
function fakeTransport(answer: (filters: readonly string[]) => SubscribeResult | Error = (f) => ({ codes: f.map(() => 1), reasonString: '' })) {
  const subscribed: string[][] = [];
  const unsubscribed: string[][] = [];
  const qosAsked: (0 | 1)[] = [];
  const pending: (() => void)[] = [];
  const transport: SubscriptionTransport = {
    subscribe: (filters, qos) => {
      subscribed.push([...filters]);
      qosAsked.push(qos);
      return new Promise((resolve, reject) =>
        pending.push(() => {
          const result = answer(filters);
          if (result instanceof Error) reject(result);
          else resolve(result);
        }),
      );
    },
    unsubscribe: async (filters) => void unsubscribed.push([...filters]),
  };
  /** Answers every SUBSCRIBE sent so far, and those that answering causes. */
  const answerAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((resolve) => setTimeout(resolve));
    }
  };
  return { transport, subscribed, unsubscribed, qosAsked, answerAll };
}

function subscriptions(chunk?: number) {
  let statuses: FilterStatuses = {};
  const subs = new Subscriptions((s) => (statuses = s), chunk);
  return { subs, statuses: () => statuses };
}

describe('declarative subscriptions', () => {
  it('subscribes only filters that no other wanted filter covers', () => {
    expect(coveringSet(['home/#', 'home/kitchen', 'garden/+', 'garden/pond', 'garden/pond/level'])).to.deep.equal([
      'home/#',
      'garden/+',
      'garden/pond/level',
    ]);
    expect(coveringSet(['a', 'a', 'b'])).to.deep.equal(['a', 'b']);
  });

  it('waits while offline, then subscribes everything on connect, and reports each filter', async () => {
    const { subs, statuses } = subscriptions();
    subs.want(['home/#', 'home/kitchen']);
    expect(statuses()).to.deep.equal({
      'home/#': { state: 'waiting', reason: '', via: 'home/#' },
      'home/kitchen': { state: 'waiting', reason: '', via: 'home/#' },
    });
    const fake = fakeTransport();
    subs.attach(fake.transport);
    expect(fake.subscribed).to.deep.equal([['home/#']]);
    expect(statuses()['home/kitchen']?.state).to.equal('subscribing');
    await fake.answerAll();
    expect(statuses()['home/kitchen']).to.deep.equal({ state: 'subscribed', reason: '', via: 'home/#' });
  });

  it('sends SUBSCRIBE in chunks', () => {
    const { subs } = subscriptions(50);
    subs.want(Array.from({ length: 120 }, (_, i) => `t/${i}`));
    const fake = fakeTransport();
    subs.attach(fake.transport);
    expect(fake.subscribed.map((chunk) => chunk.length)).to.deep.equal([50, 50, 20]);
  });

  it('works out the difference when the wanted filters change', async () => {
    const { subs } = subscriptions();
    const fake = fakeTransport();
    subs.want(['a', 'b']);
    subs.attach(fake.transport);
    await fake.answerAll();
    subs.want(['b', 'c']);
    expect(fake.unsubscribed).to.deep.equal([['a']]);
    expect(fake.subscribed).to.deep.equal([['a', 'b'], ['c']]);
  });

  it('unsubscribes filters that a new wide filter now covers', async () => {
    const { subs, statuses } = subscriptions();
    const fake = fakeTransport();
    subs.want(['home/kitchen']);
    subs.attach(fake.transport);
    await fake.answerAll();
    subs.want(['home/kitchen', 'home/#']);
    await fake.answerAll();
    expect(fake.unsubscribed).to.deep.equal([['home/kitchen']]);
    expect(statuses()['home/kitchen']?.via).to.equal('home/#');
  });

  it('keeps a refused filter refused with its reason, and the others subscribed', async () => {
    const { subs, statuses } = subscriptions();
    const fake = fakeTransport((filters) => ({ codes: filters.map((f) => (f === 'secret' ? 0x87 : 1)), reasonString: 'ACL says no' }));
    subs.want(['secret', 'open']);
    subs.attach(fake.transport);
    await fake.answerAll();
    expect(statuses()).to.deep.equal({
      secret: { state: 'refused', reason: 'Not subscribed to secret: not authorized. The broker says: “ACL says no”.', via: 'secret' },
      open: { state: 'subscribed', reason: '', via: 'open' },
    });
  });

  it('subscribes on their own what a refused wide filter covered', async () => {
    const { subs, statuses } = subscriptions();
    const fake = fakeTransport((filters) => ({ codes: filters.map((f) => (f === '#' ? 0x80 : 0)), reasonString: '' }));
    subs.want(['#', 'home/x', 'garden/y']);
    subs.attach(fake.transport);
    await fake.answerAll();
    expect(fake.subscribed).to.deep.equal([['#'], ['home/x', 'garden/y']]);
    expect(statuses()['home/x']).to.deep.equal({ state: 'subscribed', reason: '', via: 'home/x' });
    expect(statuses()['#']?.state).to.equal('refused');
  });

  it('gives refused filters another try on the next connection', async () => {
    const { subs, statuses } = subscriptions();
    let allow = false;
    const fake = fakeTransport((filters) => ({ codes: filters.map(() => (allow ? 1 : 0x80)), reasonString: '' }));
    subs.want(['x']);
    subs.attach(fake.transport);
    await fake.answerAll();
    expect(statuses().x?.state).to.equal('refused');
    subs.detach();
    allow = true;
    subs.attach(fake.transport);
    await fake.answerAll();
    expect(statuses().x?.state).to.equal('subscribed');
  });

  it('ignores answers from a connection that is gone', async () => {
    const { subs, statuses } = subscriptions();
    const old = fakeTransport();
    subs.want(['x']);
    subs.attach(old.transport);
    subs.detach();
    expect(statuses().x?.state).to.equal('waiting');
    await old.answerAll();
    expect(statuses().x?.state).to.equal('waiting');
  });

  it('marks a filter refused when its SUBSCRIBE fails on a live connection', async () => {
    const { subs, statuses } = subscriptions();
    const fake = fakeTransport(() => new Error('Protocol error'));
    subs.want(['x']);
    subs.attach(fake.transport);
    await fake.answerAll();
    expect(statuses().x).to.deep.equal({ state: 'refused', reason: 'The subscription to x failed: Protocol error', via: 'x' });
  });

  it('unsubscribes on the next connection what was dropped while offline', async () => {
    const { subs } = subscriptions();
    const fake = fakeTransport();
    subs.want(['old']);
    subs.attach(fake.transport);
    await fake.answerAll();
    subs.detach();
    subs.want(['new']);
    subs.attach(fake.transport);
    expect(fake.unsubscribed).to.deep.equal([['old']]);
  });
  it('subscribes at the QoS it is told, and notes QoS 0 beside the filters granted so', async () => {
    const { subs, statuses } = subscriptions();
    subs.want(['home/x']);
    subs.useQos(0, 'At QoS 0 for now.');
    const connection = fakeTransport();
    subs.attach(connection.transport);
    await connection.answerAll();
    expect(connection.qosAsked).to.deep.equal([0]);
    expect(statuses()['home/x']).to.deep.equal({ state: 'subscribed', reason: 'At QoS 0 for now.', via: 'home/x' });
    // Back at QoS 1 on the next connection: no note once granted so.
    subs.useQos(1);
    const next = fakeTransport();
    subs.attach(next.transport);
    await next.answerAll();
    expect(next.qosAsked).to.deep.equal([1]);
    expect(statuses()['home/x']).to.deep.equal({ state: 'subscribed', reason: '', via: 'home/x' });
  });

  it('says why beside filters whose SUBSCRIBE the broker answered by closing the connection, until granted', async () => {
    const { subs, statuses } = subscriptions();
    subs.want(['home/#', 'home/kitchen']);
    const connection = fakeTransport();
    subs.attach(connection.transport);
    expect(subs.pending).to.deep.equal(['home/#']);
    expect(subs.pendingSince).to.be.a('number');
    subs.detach({ filters: subs.pending, reason: (filter) => `closed at ${filter}` });
    expect(statuses()['home/kitchen']).to.deep.equal({ state: 'waiting', reason: 'closed at home/#', via: 'home/#' });
    const next = fakeTransport();
    subs.attach(next.transport);
    await next.answerAll();
    expect(statuses()['home/kitchen']).to.deep.equal({ state: 'subscribed', reason: '', via: 'home/#' });
  });

  it('is settled when every SUBSCRIBE is answered, or the connection is gone', async () => {
    const { subs } = subscriptions();
    subs.want(['a']);
    const connection = fakeTransport();
    subs.attach(connection.transport);
    let settled = false;
    void subs.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve));
    expect(settled, 'before the SUBACK').to.equal(false);
    await connection.answerAll();
    expect(settled, 'after the SUBACK').to.equal(true);

    subs.want(['a', 'b']);
    let gone = false;
    void subs.settled().then(() => (gone = true));
    subs.detach();
    await new Promise((resolve) => setTimeout(resolve));
    expect(gone, 'after the connection went').to.equal(true);
  });
});
