/**
 * The profile screenshots (called by e2e/screenshots.ts, last, so the photo set here shows in no
 * other shot): Profile and account in light, dark and on a phone, the first-run welcome, and New
 * chat listing people before anything is typed.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { registerAs } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { signedIn } from './helpers/app.js';
import { makePng } from './helpers/files.js';

type Shot = (page: Page, name: string) => Promise<void>;

/** A painted portrait: a head and shoulders on a warm background. */
function portrait(x: number, y: number): readonly [number, number, number] {
  const head = Math.hypot(x - 200, y - 150);
  const shoulders = Math.hypot((x - 200) / 1.6, y - 420);
  if (head < 80) return [236, 190, 160];
  if (shoulders < 140) return [60, 90, 160];
  return [250, Math.round(200 - y / 6), Math.round(120 + x / 8)];
}

const openProfile = async (page: Page) => {
  await page.getByRole('button', { name: /profile and account/ }).click();
  await page.getByRole('heading', { name: 'Profile and account', level: 1 }).waitFor();
};

export async function profileShots(
  url: string,
  browser: Browser,
  shot: Shot,
  me: E2eUser,
  desktop: BrowserContextOptions,
  phone: BrowserContextOptions,
): Promise<void> {
  // Alice sets her photo through the crop, then the page in light, dark and on a phone.
  {
    const { context, page } = await signedIn(browser, url, me, undefined, desktop);
    await openProfile(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a photo' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'me.png',
      mimeType: 'image/png',
      buffer: makePng(400, 480, portrait),
    });
    await page.getByRole('slider', { name: 'Zoom' }).fill('1.3');
    await page.getByRole('button', { name: 'Use this photo' }).click();
    await page.getByRole('status').filter({ hasText: 'Photo saved.' }).waitFor();
    await shot(page, 'profile-light');
    await context.close();
  }
  for (const [name, options] of [
    ['profile-dark', { ...desktop, colorScheme: 'dark' }],
    ['profile-phone', phone],
  ] as const) {
    const { context, page } = await signedIn(browser, url, me, undefined, options);
    await openProfile(page);
    await shot(page, name);
    await context.close();
  }

  // A brand-new account: the welcome.
  {
    const erin = await registerAs(url, 'erin', 'Erin Walsh');
    const { context, page } = await signedIn(browser, url, erin, undefined, desktop);
    await page.getByRole('heading', { name: 'Welcome to Natter, Erin Walsh' }).waitFor();
    await shot(page, 'first-run');
    await context.close();
  }

  // New chat, before typing: recent people, then everyone.
  {
    const { context, page } = await signedIn(browser, url, me, undefined, desktop);
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New chat' });
    await dialog.getByRole('list', { name: 'Everyone' }).waitFor();
    await shot(page, 'new-chat-people');
    await context.close();
  }
}
