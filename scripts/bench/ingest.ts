/**
 * Ingest: messages per second until the last one is painted and saved, ÷ a bare page whose
 * mqtt.js client only counts messages.
 */
import type { MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { flood, openApp, openBare, payload64, type Rig } from './rig.js';

const LAST = payload64('last');

export async function baselineIngest(rig: Rig, page: Page, round: string, messages: number, topics: number): Promise<number> {
  const filter = `bench/${round}/#`;
  await openBare(rig, page, filter);
  await page.evaluate(() => {
    const w = window as unknown as { bare: MqttClient; done: Promise<number> };
    w.done = new Promise((finish) =>
      w.bare.on('message', (_topic, payload) => {
        // "la…": the last message, told apart without decoding every payload.
        if (payload.length === 64 && payload[0] === 108 && payload[1] === 97) {
          finish(Date.now());
          w.bare.end(true);
        }
      }),
    );
  });
  const started = await flood(rig, `bench/${round}`, messages, topics, 'last');
  const finished = await page.evaluate(() => (window as unknown as { done: Promise<number> }).done);
  return messages / ((finished - started) / 1000);
}

export async function appIngest(rig: Rig, page: Page, round: string, messages: number, topics: number): Promise<number> {
  const filter = `bench/${round}/#`;
  await openApp(rig, page, filter, `bench-${round}`);
  const started = await flood(rig, `bench/${round}`, messages, topics, 'last');
  await page.getByLabel('Last message').getByText(LAST, { exact: true }).waitFor({ timeout: 600_000 });
  const finished = await page.evaluate(
    async ({ filter, text }) => {
      // Saved: poll the app's own database until the last message is in it.
      for (;;) {
        const saved = await new Promise<string | undefined>((resolve) => {
          const open = indexedDB.open('hello-mqtt');
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction('lastMessages').objectStore('lastMessages').get(filter);
            get.onsuccess = () => {
              db.close();
              resolve((get.result as { message?: { text: string } } | undefined)?.message?.text);
            };
          };
        });
        if (saved === text) return Date.now();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    { filter, text: LAST },
  );
  return messages / ((finished - started) / 1000);
}
