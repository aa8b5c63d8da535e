import { expect } from '@open-wc/testing';
import {
  describeRefusal,
  describeServerDisconnect,
  describeUnreachable,
  isFinalRefusal,
  isRefusal,
} from '../../src/mqtt/errors.js';

describe('unreachable brokers in words', () => {
  it('suggests /mqtt for a bare host, and / for /mqtt', () => {
    expect(describeUnreachable('ws://host:9001')).to.contain('its WebSocket path may be /mqtt: try ws://host:9001/mqtt.');
    expect(describeUnreachable('ws://host:8083/mqtt')).to.contain('try the path / instead: ws://host:8083.');
  });

  it('mentions the certificate for wss:// and MQTT 3.1.1 when MQTT 5 was asked for', () => {
    expect(describeUnreachable('wss://host:8884')).to.contain('TLS certificate is not trusted by this browser');
    expect(describeUnreachable('ws://host:15675/ws', true)).to.contain('choose MQTT version 3.1.1');
  });

  it('quotes an MQTT 5 broker’s reason string', () => {
    expect(describeRefusal(0x87, 'ACL denied')).to.equal('Broker refused: not authorized. The broker says: “ACL denied”.');
    expect(describeServerDisconnect('ws://h', 0x98, 'kicked by admin')).to.equal(
      'ws://h closed the connection: administrative action (“kicked by admin”).',
    );
  });

  it('names the DISCONNECT-only reason codes, and says what to do when the session was taken over', () => {
    expect(describeServerDisconnect('ws://h', 0x8b)).to.equal('ws://h closed the connection: server shutting down.');
    expect(describeServerDisconnect('ws://h', 0x8d)).to.equal('ws://h closed the connection: keep alive timeout.');
    expect(describeServerDisconnect('ws://h', 0x8e, '', 'kitchen')).to.equal(
      'ws://h closed the connection: session taken over. Another client connected with the client ID “kitchen”. ' +
        'Give this one its own client ID, or connect again to take the session back.',
    );
  });
});

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
