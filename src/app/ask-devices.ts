/**
 * Devices that keep no retained state (KmanOz's Sonoff answers `stat`, Tasmota `STATE`) are
 * asked for it on every connection, and when their entities are added while connected.
 */
import type { Entity } from '../entities/entity.js';

/** Publishes each entity's question once, however many entities share it. */
export function askDevices(entities: readonly Entity[], publish: (topic: string, payload: string) => Promise<void>): void {
  const asked = new Set<string>();
  for (const { device, kind } of entities) {
    const key = `${device.askTopic}\u0000${device.askPayload}`;
    if (kind === 'text' || device.askTopic === '' || asked.has(key)) continue;
    asked.add(key);
    void publish(device.askTopic, device.askPayload).catch(() => undefined);
  }
}
