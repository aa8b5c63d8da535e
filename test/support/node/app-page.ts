/** What end-to-end tests do often on the app's page, as a user would. */
import type { Locator, Page } from 'playwright-core';

/** Opens the settings from the header. */
export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Broker URL').waitFor();
}

/** Back to the dashboard from the header. */
export async function openDashboard(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
  await page.getByRole('button', { name: 'Add entity' }).waitFor();
}

/** An entity's card, by its name. */
export function entityCard(page: Page, name: string): Locator {
  return page.getByRole('article', { name, exact: true });
}

/** Adds an entity through Add entity, as a user would. */
export async function addEntity(page: Page, name: string, topic: string): Promise<void> {
  await page.getByRole('button', { name: 'Add entity' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Topic', { exact: true }).fill(topic);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await entityCard(page, name).waitFor();
}

/** Adds a device through Add entity and a preset (Sonoff (KmanOz firmware), Tasmota). */
export async function addDevice(
  page: Page,
  preset: 'Sonoff (KmanOz firmware)' | 'Tasmota',
  name: string,
  deviceTopic: string,
  then: () => Promise<void> = async () => undefined,
): Promise<void> {
  await page.getByRole('button', { name: 'Add entity' }).click();
  await page.getByLabel('Preset').selectOption({ label: preset });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Device topic').fill(deviceTopic);
  await then();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
}
