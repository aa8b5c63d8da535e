/**
 * Share links: a setup in the fragment of the app's address (after `#`, which a browser never
 * sends to a server), deflated and in base64url. Only what differs from the defaults travels,
 * so that a dashboard fits in one QR code; reading fills the defaults back in (setup-file.ts).
 */
import { DEFAULT_DEVICE, DEFAULT_OPTIONS, type EntityConfig } from '../entities/entity.js';
import { DEFAULT_DISCOVERY } from '../store/discovery.js';
import { readSetupText, type Setup, type SetupRead } from './setup-file.js';

export const SHARE_PREFIX = '#setup=';
/** Longer links are refused unread: no setup typed by hand gets near this. */
export const MAX_SHARE_LINK_CHARS = 32_000;
/** What a QR code holds comfortably for a phone's camera (byte mode, error correction M: ~2,300). */
export const QR_LINK_LIMIT = 2000;
/** A link inflates to at most this much JSON: a crafted link cannot fill the memory. */
const MAX_SETUP_BYTES = 1_000_000;

const { shown: _shown, ...SHARED_DISCOVERY_DEFAULTS } = DEFAULT_DISCOVERY;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields of `value` that differ from `defaults`. */
function changed<T extends object>(value: T, defaults: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([key, v]) => !same(v, defaults[key as keyof T]))) as Partial<T>;
}

function compactEntity({ name, kind, topic, options, device, availability }: EntityConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { name };
  if (kind !== 'text') out.kind = kind;
  if (topic !== '') out.topic = topic;
  const opts = changed(options, DEFAULT_OPTIONS);
  if (Object.keys(opts).length > 0) out.options = opts;
  const dev = changed(device, DEFAULT_DEVICE);
  if (Object.keys(dev).length > 0) out.device = dev;
  if (availability !== null) out.availability = availability;
  return out;
}

function compactSetup(setup: Setup): Record<string, unknown> {
  const { brokerUrl, ...rest } = setup.connection;
  const defaults = { name: '', keepalive: 60, username: '', cleanSession: false, protocolVersion: 4, will: { topic: '', payload: '', qos: 0, retain: false } };
  return {
    format: setup.format,
    version: setup.version,
    connection: { brokerUrl, ...changed(rest, defaults as typeof rest) },
    entities: setup.entities.map(compactEntity),
    // Which sources the other device reads: what they find there needs no room in the link.
    ...(setup.discovery === undefined ? {} : { discovery: changed(setup.discovery, SHARED_DISCOVERY_DEFAULTS) }),
  };
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error('too large');
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The app's address with this setup in its fragment. */
export async function shareLink(appUrl: string, setup: Setup): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(compactSetup(setup)));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  return `${appUrl.split('#')[0]}${SHARE_PREFIX}${toBase64Url(packed)}`;
}

/** Reads a share link's fragment: null when it is not one, else the setup or why it cannot be read. */
export async function readShareLink(hash: string): Promise<SetupRead | null> {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  const data = hash.slice(SHARE_PREFIX.length);
  if (data.length > MAX_SHARE_LINK_CHARS) {
    return { ok: false, reason: `This share link is too long (${data.length} characters) to be a setup from this app.` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(data), new DecompressionStream('deflate-raw'), MAX_SETUP_BYTES));
  } catch {
    return { ok: false, reason: 'This share link is damaged: it was cut short or changed on the way. Ask for a new one.' };
  }
  return readSetupText(text, 'This share link is damaged: what it holds is not a setup. Ask for a new one.');
}

/** A link short enough for a QR code, and what it had to leave out (nothing, at best). */
export interface QrLink {
  readonly link: string;
  readonly leftOut: readonly string[];
}

/**
 * The share link, trimmed until it fits in a QR code: first the entities that the other device
 * finds again by itself (`rediscoverable`: copies of what a discovery source that the setup
 * turns on announces), then the entities' saved payloads and view options (set again in a
 * moment), then entities from the end of the list (the full link and Export setup still carry
 * them).
 */
export async function linkForQr(appUrl: string, setup: Setup, rediscoverable: (entity: EntityConfig) => boolean = () => false): Promise<QrLink> {
  const full = await shareLink(appUrl, setup);
  if (full.length <= QR_LINK_LIMIT) return { link: full, leftOut: [] };
  const leftOut: string[] = [];
  const found = setup.entities.filter(rediscoverable);
  let kept = setup;
  if (found.length > 0) {
    kept = { ...setup, entities: setup.entities.filter((entity) => !rediscoverable(entity)) };
    leftOut.push(`${entitiesNamed(found)}, which discovery finds again on the other device`);
    const link = await shareLink(appUrl, kept);
    if (link.length <= QR_LINK_LIMIT) return { link, leftOut };
  }
  const plain = { ...kept, entities: kept.entities.map((entity) => ({ ...entity, options: DEFAULT_OPTIONS })) };
  leftOut.push('the entities’ saved payloads and view options');
  let entities = plain.entities;
  let link = await shareLink(appUrl, plain);
  while (link.length > QR_LINK_LIMIT && entities.length > 0) {
    entities = entities.slice(0, -1);
    link = await shareLink(appUrl, { ...plain, entities });
  }
  const dropped = kept.entities.slice(entities.length);
  if (dropped.length > 0) leftOut.push(entitiesNamed(dropped));
  return { link, leftOut };
}

/** “the entity “Lamp”” or “3 entities: “A”, “B”, “C””. */
function entitiesNamed(list: readonly EntityConfig[]): string {
  const names = list.map((entity) => `“${entity.name}”`).join(', ');
  return list.length === 1 ? `the entity ${names}` : `${list.length} entities: ${names}`;
}
