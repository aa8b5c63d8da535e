import { expect } from '@open-wc/testing';
import { backoffDelay, BACKOFF_CAP_MS } from '../../src/mqtt/backoff.js';

describe('reconnect backoff', () => {
  it('starts near one second and doubles', () => {
    expect(backoffDelay(0, () => 0)).to.equal(500);
    expect(backoffDelay(0, () => 1)).to.equal(1000);
    expect(backoffDelay(1, () => 1)).to.equal(2000);
    expect(backoffDelay(3, () => 1)).to.equal(8000);
  });

  it('never exceeds the cap of about 30 s, however many tries', () => {
    for (const attempt of [5, 10, 100, 10_000]) {
      expect(backoffDelay(attempt, () => 1)).to.equal(BACKOFF_CAP_MS);
      expect(backoffDelay(attempt, () => 0)).to.equal(BACKOFF_CAP_MS / 2);
    }
  });

  it('spreads clients out with jitter', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(4)));
    expect(delays.size).to.be.greaterThan(10);
  });
});
