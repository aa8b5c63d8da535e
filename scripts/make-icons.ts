/**
 * `npm run icons`: renders the app icons from the one source image, public/icons/icon.svg,
 * with Debian's Chromium (no network, no native image library). The PNGs are committed.
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/support/node/chromium.js';

const svg = readFileSync('public/icons/icon.svg', 'utf8');
const background = /<rect[^>]*fill="([^"]+)"/.exec(svg)?.[1] ?? '#0a58ca';
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** `scale` < 1 insets the artwork on a full-bleed background (maskable and Apple icons). */
const icons = [
  { file: 'public/icons/pwa-192.png', size: 192, scale: 1, bleed: false },
  { file: 'public/icons/pwa-512.png', size: 512, scale: 1, bleed: false },
  // Maskable: the platform may crop to a circle of 80 % of the size; keep the art inside it.
  { file: 'public/icons/maskable-512.png', size: 512, scale: 0.72, bleed: true },
  { file: 'public/icons/apple-touch-icon-180.png', size: 180, scale: 1, bleed: true },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const { file, size, scale, bleed } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const art = Math.round(size * scale);
    await page.setContent(
      `<body style="margin:0;display:grid;place-items:center;height:${size}px;background:${bleed ? background : 'transparent'}">
        <img src="${dataUrl}" width="${art}" height="${art}"></body>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({ path: file, omitBackground: !bleed });
    await page.close();
    console.log(`wrote ${file} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
