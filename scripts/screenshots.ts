/**
 * `npm run screenshots`: pictures of the built app for the install dialog (public/screenshots/)
 * and the README (docs/), at phone size in light and dark, and wide. Runs the embedded broker,
 * `vite preview` of dist/ and Debian's Chromium; run `npm run build` first.
 */
import { mkdirSync } from 'node:fs';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/node/chromium.js';
import { startPreview } from '../test/support/node/preview.js';
import { startDevBroker } from './dev-broker.js';

const broker = await startDevBroker();
const app = await startPreview();
const publisher = await mqtt.connectAsync(`mqtt://${broker.host}:${broker.tcpPort}`);

async function shoot(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark', files: string[]) {
  const browser = await launchChromium(viewport);
  try {
    const page: Page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme });
    // Look as the installed app does: standalone, no browser interface.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setEmulatedMedia', {
      features: [
        { name: 'display-mode', value: 'standalone' },
        { name: 'prefers-color-scheme', value: colorScheme },
      ],
    });
    await page.goto(`${app.url}?broker=${broker.wsUrl}&client_id=living-room-phone`);
    await page.getByText('Subscribed to edzna/hello.').waitFor();
    await publisher.publishAsync('edzna/hello', 'ThisIsIt');
    await page.getByLabel('Last message').getByText('ThisIsIt', { exact: true }).waitFor();
    await page.getByLabel('New state').fill('Lights on');
    await page.getByLabel('New state').blur();
    for (const file of files) {
      await page.screenshot({ path: file });
      console.log(`wrote ${file} (${viewport.width}x${viewport.height}, ${colorScheme})`);
    }
  } finally {
    await browser.close();
  }
}

try {
  mkdirSync('public/screenshots', { recursive: true });
  mkdirSync('docs', { recursive: true });
  await shoot({ width: 390, height: 844 }, 'light', ['public/screenshots/narrow.png', 'docs/phone-light.png']);
  await shoot({ width: 390, height: 844 }, 'dark', ['docs/phone-dark.png']);
  await shoot({ width: 1280, height: 800 }, 'light', ['public/screenshots/wide.png']);
} finally {
  await publisher.endAsync();
  await app.close();
  await broker.close();
}
