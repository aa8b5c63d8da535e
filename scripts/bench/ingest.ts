/**
 * Ingest: messages per second until the last one is painted and saved, ÷ a bare page whose
 * mqtt.js client only counts messages. Each figure also gives the publisher's own rate, so a
 * run where the publisher is the limit is seen as one.
 */
import type { MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { flood, openApp, openBare, payload64, subscribedText, whenStored, type BenchEntity, type Rig } from './rig.js';

export interface IngestRound {
  /** Messages per second until the last was shown (and, for the app, saved). */
  readonly rate: number;
  readonly publisherRate: number;
}

const last = (round: string) => payload64(`last ${round}`);

export async function baselineIngest(rig: Rig, page: Page, round: string, messages: number, topics: number): Promise<IngestRound> {
  const prefix = `bench/${round}`;
  await openBare(rig, page, `${prefix}/#`);
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
  const sent = await flood(rig, prefix, messages, topics, last(round));
  const finished = await page.evaluate(() => (window as unknown as { done: Promise<number> }).done);
  return { rate: messages / ((finished - sent.started) / 1000), publisherRate: sent.publisherRate };
}

/**
 * The app's dashboard for a round: `filter` puts one entity on `prefix/#` (every topic in its
 * list); `first-and-filter` puts hello_mqtt on `prefix/0`, where the last message goes, and a
 * second entity on the filter.
 */
export type IngestLayout = 'filter' | 'first-and-filter';

export async function appIngest(
  rig: Rig,
  page: Page,
  round: string,
  messages: number,
  topics: number,
  layout: IngestLayout = 'filter',
): Promise<IngestRound> {
  const prefix = `bench/${round}`;
  const entities: BenchEntity[] =
    layout === 'filter'
      ? [{ name: 'hello_mqtt', topic: `${prefix}/#` }]
      : [
          { name: 'hello_mqtt', topic: `${prefix}/0` },
          { name: 'Every topic', topic: `${prefix}/#` },
        ];
  await openApp(rig, page, entities, `bench-${round}`);
  if (layout === 'first-and-filter') await page.getByText(subscribedText(`${prefix}/#`)).waitFor();
  const text = last(round);
  const sent = await flood(rig, prefix, messages, topics, text);
  await page.getByLabel('Last message hello_mqtt').getByText(text, { exact: true }).waitFor({ timeout: 600_000 });
  // Saved: the app's own database holds the last message.
  const finished = await whenStored(page, { store: 'topics', key: `${prefix}/0`, field: 'text', text }, 5, 600_000);
  if (finished === null) throw new Error(`ingest: the last message on ${prefix}/0 was shown but not saved in the app's database within 10 minutes`);
  return { rate: messages / ((finished - sent.started) / 1000), publisherRate: sent.publisherRate };
}
