import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';

/** Where the screenshots go: docs/screenshots (created when missing). */
export const SCREENSHOTS_DIR = join(new URL('../..', import.meta.url).pathname, 'docs/screenshots');

export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
};

/** Saves the page as docs/screenshots/NAME.png, once hover and transitions have settled. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.mouse.move(0, 0); // no hover toolbar on whatever the last click landed on
  await page.waitForTimeout(400); // let fonts, measurements and transitions settle
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}
