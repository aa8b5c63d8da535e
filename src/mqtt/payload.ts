/**
 * Payload decoding: the one place that turns the bytes of a message into what is shown.
 * Valid UTF-8 is text, and JSON when it parses as an object or an array; anything else is
 * shown as hex with its length. Huge payloads are cut to a display limit here so that no view
 * ever has to lay out megabytes of text.
 */

/** A value JSON.parse can return. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A message payload as it will be shown. `text` is always plain text, never markup. */
export interface DecodedPayload {
  /** The text to show: the payload itself, or its hex dump when it is not UTF-8. */
  readonly text: string;
  /** json: text that parsed as a JSON object or array (in `json`). */
  readonly format: 'text' | 'json' | 'hex';
  /** The parsed payload, when `format` is json. */
  readonly json?: JsonValue;
  /** Size of the whole payload in bytes. */
  readonly byteLength: number;
  /** True when `text` shows only the start of the payload. */
  readonly truncated: boolean;
}

/** How many bytes of a payload are kept for display. */
export const DISPLAY_LIMIT_BYTES = 16 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    out += (i === 0 ? '' : ' ') + bytes[i]!.toString(16).padStart(2, '0');
  }
  return out;
}

/** The payload as text, or null when it is not valid UTF-8: one pass over the bytes. */
function strictText(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes payload bytes for display, cutting it to `limitBytes`. */
export function decodePayload(bytes: Uint8Array, limitBytes = DISPLAY_LIMIT_BYTES): DecodedPayload {
  const byteLength = bytes.length;
  // A payload within the limit is decoded once; a bigger one is checked whole, shown in part.
  const text = strictText(bytes);
  if (text !== null) {
    if (byteLength <= limitBytes) {
      const json = parseJsonDocument(text);
      return json === undefined
        ? { text, format: 'text', byteLength, truncated: false }
        : { text, format: 'json', json, byteLength, truncated: false };
    }
    // The cut may split a multi-byte character; drop the replacement character it leaves.
    const head = lenientUtf8.decode(bytes.subarray(0, limitBytes)).replace(/\uFFFD$/, '');
    return { text: head, format: 'text', byteLength, truncated: true };
  }
  // Three characters per byte in hex: keep the dump the same size as the text limit.
  const hexBytes = Math.floor(limitBytes / 3);
  return {
    text: toHex(bytes.subarray(0, hexBytes)),
    format: 'hex',
    byteLength,
    truncated: byteLength > hexBytes,
  };
}

/**
 * The payload as a JSON object or array, or undefined. Numbers, strings and booleans stay
 * text: `21.5` or `ON` read better as what they are than as JSON.
 */
function parseJsonDocument(text: string): JsonValue | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** The hex dump of text as UTF-8 bytes: what the hex view shows of a text payload. */
export function textToHex(text: string): string {
  return toHex(new TextEncoder().encode(text));
}

/** A short human size, e.g. `512 B`, `1.5 KiB`, `1 MiB`. */
export function formatBytes(byteLength: number): string {
  if (byteLength < 1024) return `${byteLength} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = byteLength / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}
