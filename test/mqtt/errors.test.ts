import { expect } from '@open-wc/testing';
import { describeRefusal, isFinalRefusal, isRefusal } from '../../src/mqtt/errors.js';

describe('CONNACK refusals in words', () => {
  it('names each MQTT 3.1.1 return code', () => {
    expect([1, 2, 3, 4, 5].map((code) => describeRefusal(code))).to.deep.equal([
      'Broker refused: unacceptable protocol version.',
      'Broker refused: client ID rejected.',
      'Broker refused: server unavailable.',
      'Broker refused: bad user name or password.',
      'Broker refused: not authorized.',
    ]);
  });

  it('names the MQTT 5 reason codes for the same cases', () => {
    expect(describeRefusal(0x86)).to.equal('Broker refused: bad user name or password.');
    expect(describeRefusal(0x87)).to.equal('Broker refused: not authorized.');
    expect(describeRefusal(0x85)).to.equal('Broker refused: client ID not valid.');
    expect(describeRefusal(0x88)).to.equal('Broker refused: server unavailable.');
  });

  it('treats credential refusals as final, and server unavailable as worth a later try', () => {
    expect(isFinalRefusal(4)).to.equal(true);
    expect(isFinalRefusal(5)).to.equal(true);
    expect(isFinalRefusal(0x87)).to.equal(true);
    expect(isFinalRefusal(3)).to.equal(false);
    expect(isRefusal(3)).to.equal(true);
    expect(isFinalRefusal(0x89)).to.equal(false);
    expect(isRefusal(0)).to.equal(false);
  });
});
