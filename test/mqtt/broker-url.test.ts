import { expect } from '@open-wc/testing';
import { checkBrokerUrl } from '../../src/mqtt/broker-url.js';

const reason = (input: string) => {
  const check = checkBrokerUrl(input);
  return check.ok ? '' : check.reason;
};

describe('broker URL check', () => {
  it('accepts ws:// and wss:// addresses with port and path', () => {
    expect(checkBrokerUrl('ws://localhost:9001')).to.deep.equal({ ok: true, url: 'ws://localhost:9001' });
    expect(checkBrokerUrl(' wss://broker.example:8884/mqtt ')).to.deep.equal({ ok: true, url: 'wss://broker.example:8884/mqtt' });
  });

  it('asks for a URL when there is none', () => {
    expect(reason('')).to.match(/Enter the broker URL/);
  });

  it('suggests ws:// when the scheme is missing', () => {
    expect(reason('localhost:9001')).to.match(/ws:\/\/localhost:9001/);
  });

  it('explains that mqtt:// cannot be reached from a browser', () => {
    expect(reason('mqtt://localhost:1883')).to.match(/not mqtt:\/\/.*WebSocket listener/);
  });

  it('refuses a missing host and a bad port', () => {
    expect(reason('ws://')).to.not.equal('');
    expect(reason('ws://:9001')).to.not.equal('');
    expect(reason('ws://host:port')).to.match(/not a number/);
    expect(reason('ws://host:70000')).to.match(/out of range/);
    expect(reason('ws://host:0')).to.match(/out of range/);
  });

  it('keeps credentials out of the URL', () => {
    expect(reason('ws://user:pw@host:9001')).to.match(/own fields/);
  });
});
