import { expect } from '@open-wc/testing';
import { decodePayload, formatBytes, textToHex } from '../../src/mqtt/payload.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('payload decoding', () => {
  it('shows UTF-8 as text, HTML included, unchanged', () => {
    const decoded = decodePayload(utf8('<script>alert(1)</script> ✓'));
    expect(decoded).to.deep.equal({ text: '<script>alert(1)</script> ✓', format: 'text', byteLength: 29, truncated: false });
  });

  it('shows invalid UTF-8 as hex with its length', () => {
    const decoded = decodePayload(new Uint8Array([0xff, 0x00, 0x41]));
    expect(decoded).to.deep.equal({ text: 'ff 00 41', format: 'hex', byteLength: 3, truncated: false });
  });

  it('shows an empty payload as empty text', () => {
    expect(decodePayload(new Uint8Array()).text).to.equal('');
  });

  it('cuts a 1 MiB payload to the display limit and keeps its size', () => {
    const decoded = decodePayload(utf8('x'.repeat(1024 * 1024)), 1000);
    expect(decoded.text.length).to.equal(1000);
    expect(decoded.truncated).to.equal(true);
    expect(decoded.byteLength).to.equal(1024 * 1024);
  });

  it('does not leave half a character where it cuts', () => {
    const decoded = decodePayload(utf8('éééé'), 3);
    expect(decoded.text).to.equal('é');
  });

  it('decodes a JSON object or array once, keeping its text', () => {
    // Zigbee2MQTT's state of a Xiaomi door sensor (its docs' MCCGQ11LM exposes).
    const text = '{"battery":91,"contact":true,"linkquality":114,"voltage":2995}';
    expect(decodePayload(utf8(text))).to.deep.equal({
      text,
      format: 'json',
      json: { battery: 91, contact: true, linkquality: 114, voltage: 2995 },
      byteLength: text.length,
      truncated: false,
    });
    expect(decodePayload(utf8(' [1, 2]')).json).to.deep.equal([1, 2]);
  });

  it('keeps numbers, words and broken JSON as text', () => {
    for (const text of ['21.5', 'ON', '"quoted"', 'true', '{"cut": ', '{not json}']) {
      expect(decodePayload(utf8(text)).format, text).to.equal('text');
    }
  });

  it('does not parse a payload cut for display', () => {
    const big = JSON.stringify({ data: 'x'.repeat(2000) });
    expect(decodePayload(utf8(big), 100).format).to.equal('text');
  });

  it('shows text as the hex of its UTF-8 bytes', () => {
    expect(textToHex('Aé')).to.equal('41 c3 a9');
  });

  it('formats sizes in short words', () => {
    expect(formatBytes(18)).to.equal('18 B');
    expect(formatBytes(1536)).to.equal('1.5 KiB');
    expect(formatBytes(1024 * 1024)).to.equal('1 MiB');
  });
});
