/**
 * Latency: a message published by a Node client → its text painted on screen, over many
 * round trips one after another, for the app and for the bare mqtt.js page.
 *
 * "Painted" is the end of the first frame rendered after the text changed. The app changes
 * text inside an animation frame (it batches per frame) and the bare page between frames, so
 * a page-side clock tells the two apart: a ResizeObserver marks where each frame's layout is
 * done, and a message posted from the frame's animation callback runs once it is painted.
 */
import type { MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { percentile } from './figures.js';
import { openApp, openBare, type Rig } from './rig.js';

const TOPIC = 'bench/latency';
const WARM_UP = 20;

/**
 * Installed in the page: calls `benchShown(text, paintedAt)` for each new text of the element
 * found by `path`, one selector per shadow root on the way down.
 */
function installPaintClock(path: string[]) {
  let frame = 0;
  let laidOut = 0;
  const painted = new Map<number, ((at: number) => void)[]>();
  const epoch = () => performance.timeOrigin + performance.now();
  const channel = new MessageChannel();
  channel.port1.onmessage = ({ data }: MessageEvent<number>) => {
    const callbacks = painted.get(data) ?? [];
    painted.delete(data);
    const at = epoch();
    for (const callback of callbacks) callback(at);
  };
  // A box that changes size every frame, so the ResizeObserver runs after every layout.
  const box = document.createElement('div');
  box.style.cssText = 'position:fixed;top:0;left:0;height:1px;pointer-events:none';
  document.body.append(box);
  new ResizeObserver(() => (laidOut = frame)).observe(box);
  const onFrame = () => {
    frame++;
    box.style.width = `${1 + (frame % 2)}px`;
    channel.port2.postMessage(frame);
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  let root: ParentNode = document;
  let node: Element | null = null;
  for (const selector of path) {
    node = root.querySelector(selector);
    if (!node) throw new Error(`no ${selector} in ${path.join(' › ')}`);
    root = node.shadowRoot ?? node;
  }
  if (!node) throw new Error('no element to watch');
  let shown = node.textContent;
  new MutationObserver(() => {
    const text = node.textContent;
    if (text === shown) return;
    shown = text;
    // Before this frame's layout, the change is in this frame's paint; after it, the next's.
    const paintFrame = laidOut === frame ? frame + 1 : frame;
    const callbacks = painted.get(paintFrame) ?? [];
    callbacks.push((at) => (window as unknown as { benchShown(text: string, at: number): void }).benchShown(text ?? '', at));
    painted.set(paintFrame, callbacks);
  }).observe(node, { subtree: true, childList: true, characterData: true });
}

async function installInPage(page: Page, path: string[]): Promise<void> {
  // tsx compiles named inner functions with calls to its __name helper, which pages lack.
  await page.evaluate('globalThis.__name = (fn) => fn');
  await page.evaluate(installPaintClock, path);
}

/** The page's clock minus this process's, from the closest of several readings. */
async function clockOffset(page: Page): Promise<number> {
  let best = { spread: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const before = performance.timeOrigin + performance.now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.spread) best = { spread: after - before, offset: inPage - (before + after) / 2 };
  }
  return best.offset;
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
}

async function roundTrips(rig: Rig, page: Page, count: number): Promise<Latency> {
  const offset = await clockOffset(page);
  let waiting: { text: string; resolve: (at: number) => void } | undefined;
  await page.exposeFunction('benchShown', (text: string, at: number) => {
    if (text === waiting?.text) waiting.resolve(at);
  });
  const latencies: number[] = [];
  for (let i = 0; i < WARM_UP + count; i++) {
    const text = `round trip ${i}`;
    const shown = new Promise<number>((resolve) => (waiting = { text, resolve }));
    const published = performance.timeOrigin + performance.now();
    rig.publisher.publish(TOPIC, text);
    const paintedAt = await shown;
    if (i >= WARM_UP) latencies.push(paintedAt - offset - published);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function appLatency(rig: Rig, page: Page, count: number): Promise<Latency> {
  await openApp(rig, page, [{ name: 'hello_mqtt', topic: TOPIC }], 'bench-latency');
  await installInPage(page, ['mq-app', 'mq-dashboard', 'mq-entity-card', 'mq-payload-view', '[part=value]']);
  return roundTrips(rig, page, count);
}

export async function baselineLatency(rig: Rig, page: Page, count: number): Promise<Latency> {
  await openBare(rig, page, TOPIC);
  await page.evaluate(() => {
    const shown = document.getElementById('shown')!;
    const w = window as unknown as { bare: MqttClient };
    w.bare.on('message', (_topic, payload) => (shown.textContent = payload.toString()));
  });
  await installInPage(page, ['#shown']);
  return roundTrips(rig, page, count);
}
