import { expect } from '@open-wc/testing';
import { decodePayload, formatBytes } from '../../src/mqtt/payload.js';

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

  it('formats sizes in short words', () => {
    expect(formatBytes(18)).to.equal('18 B');
    expect(formatBytes(1536)).to.equal('1.5 KiB');
    expect(formatBytes(1024 * 1024)).to.equal('1 MiB');
  });
});
