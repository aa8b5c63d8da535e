/**
 * A light's colour as devices report it, made into `#rrggbb` for a colour input: hex
 * (`#FF8800`, Tasmota's `FF8800` or `FF880000` with its white channels), `r,g,b` (Home
 * Assistant's default light), `[r, g, b]`, `{"r", "g", "b"}` (its JSON light), CIE `{"x", "y"}`
 * and `{"hue", "saturation"}` (Zigbee2MQTT, its JSON light's `h`/`s`). And back: the red, green
 * and blue a command template is given.
 */

const hex2 = (n: number) => Math.round(Math.max(0, Math.min(255, n))).toString(16).padStart(2, '0');

export function rgbHex(r: number, g: number, b: number): string {
  return `#${hex2(r)}${hex2(g)}${hex2(b)}`;
}

/** CIE 1931 x/y at full brightness to sRGB (Wide RGB D65, as Philips documents for Hue). */
function fromXy(x: number, y: number): string | null {
  if (!(y > 0)) return null;
  const z = 1 - x - y;
  const Y = 1;
  const X = (Y / y) * x;
  const Z = (Y / y) * z;
  const linear = [X * 1.656492 - Y * 0.354851 - Z * 0.255038, -X * 0.707196 + Y * 1.655397 + Z * 0.036152, X * 0.051713 - Y * 0.121364 + Z * 1.01153];
  const gamma = linear.map((c) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055));
  const max = Math.max(...gamma, 1e-9);
  const [r, g, b] = gamma.map((c) => (Math.max(0, c) / max) * 255) as [number, number, number];
  return rgbHex(r, g, b);
}

/** Hue (degrees) and saturation (%) at full value. */
function fromHs(h: number, s: number): string {
  const sat = Math.max(0, Math.min(100, s)) / 100;
  const f = (n: number) => {
    const k = (n + h / 60) % 6;
    return 255 * (1 - sat * Math.max(0, Math.min(k, 4 - k, 1)));
  };
  return rgbHex(f(5), f(3), f(1));
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN);

/** The colour a value says, as `#rrggbb`; null when it says none this app can read. */
export function colourOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    const hex = /^#?([0-9a-f]{6})([0-9a-f]*)$/i.exec(text);
    if (hex !== null) return `#${hex[1]!.toLowerCase()}`;
    const parts = text.split(',').map(Number);
    if (parts.length === 3 && parts.every((p) => Number.isFinite(p))) return rgbHex(parts[0]!, parts[1]!, parts[2]!);
    return null;
  }
  if (Array.isArray(value) && value.length >= 3 && value.slice(0, 3).every((p) => Number.isFinite(num(p)))) {
    return rgbHex(num(value[0]), num(value[1]), num(value[2]));
  }
  if (value === null || typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  if ([o.r, o.g, o.b].every((p) => Number.isFinite(num(p)))) return rgbHex(num(o.r), num(o.g), num(o.b));
  if (typeof o.hex === 'string') return colourOf(o.hex);
  if (Number.isFinite(num(o.x)) && Number.isFinite(num(o.y))) return fromXy(num(o.x), num(o.y));
  const h = num(o.hue ?? o.h);
  const s = num(o.saturation ?? o.s);
  if (Number.isFinite(h) && Number.isFinite(s)) return fromHs(h, s);
  return null;
}

/** What a colour command's template is given: `value` (`#rrggbb`), and `red`, `green`, `blue`. */
export function colourScope(hex: string): { value: string; red: number; green: number; blue: number } {
  const n = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  return { value: hex, red: (n >> 16) & 255, green: (n >> 8) & 255, blue: n & 255 };
}
