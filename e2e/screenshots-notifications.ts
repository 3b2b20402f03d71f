/**
 * The notification screenshots (called by e2e/screenshots.ts): the Notifications settings in
 * light, dark and on a phone, the invitation above the rooms list, a muted room in the list with
 * its conversation's header menu open, and the favicon badge with the title, drawn in a mock tab
 * strip (a headless browser has none). Notifications are allowed, so the settings show push as possible and off (nothing subscribes).
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createDirectRoom, seedMessages } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { openRoom, roomsNav, signedIn } from './helpers/app.js';

type Shot = (page: Page, name: string) => Promise<void>;

export async function notificationShots(
  url: string,
  browser: Browser,
  shot: Shot,
  me: E2eUser,
  other: E2eUser,
  desktop: BrowserContextOptions,
  phone: BrowserContextOptions,
): Promise<void> {
  const room = await createDirectRoom(url, me, other);
  const open = (options: BrowserContextOptions) =>
    signedIn(
      browser,
      url,
      me,
      (context) => context.grantPermissions(['notifications'], { origin: url }),
      options,
    );

  // The invitation, then a muted room (muted through the API, as the menu does).
  {
    const { context, page } = await open(desktop);
    await page.getByRole('complementary', { name: 'Get notified of new messages' }).waitFor();
    await shot(page, 'notifications-invitation');
    const muted = await page.evaluate(
      (roomId) =>
        fetch(`/api/rooms/${roomId}/mute`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ muted: true }),
        }).then((r) => r.status),
      room.id,
    );
    if (muted !== 200) throw new Error(`muting answered ${muted}`);
    await page.reload();
    await roomsNav(page).getByRole('img', { name: 'Muted' }).waitFor();
    await page.getByRole('button', { name: 'No thanks' }).click();
    await openRoom(page, other.displayName);
    await page.getByRole('button', { name: 'More actions for this conversation' }).click();
    await page.getByRole('menuitem', { name: 'Unmute notifications' }).waitFor();
    await shot(page, 'room-muted');
    await context.close();
  }

  // The Notifications settings in light, dark and on a phone.
  for (const [name, options] of [
    ['notifications-settings-light', desktop],
    ['notifications-settings-dark', { ...desktop, colorScheme: 'dark' }],
    ['notifications-settings-phone', phone],
  ] as const) {
    const { context, page } = await open(options);
    await page.getByRole('button', { name: /profile and account/ }).click();
    const card = page.getByRole('region', { name: 'Notifications' });
    await card.getByText('Off on this browser.').waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, name);
    await context.close();
  }

  // The favicon badge: unread messages arrive, and the tab's icon and title are drawn as a tab.
  {
    const { context, page } = await open(desktop);
    await roomsNav(page).waitFor();
    await seedMessages(url, other, room.id, 3, (i) => `Are you there? (${i + 1})`);
    await page.waitForFunction(
      () => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.dataset.badge,
    );
    const tab = await page.evaluate(() => ({
      icon: document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '',
      title: document.title,
    }));
    const strip = await context.newPage();
    await strip.setViewportSize({ width: 520, height: 120 });
    await strip.setContent(`<!doctype html><html><body style="margin:0;background:#dee1e6;font:14px system-ui,sans-serif">
      <div style="display:flex;align-items:flex-end;height:120px;padding:0 16px">
        <div style="display:flex;align-items:center;gap:10px;width:300px;height:52px;padding:0 16px;background:#fff;border-radius:12px 12px 0 0">
          <img src="${tab.icon}" width="24" height="24" alt="">
          <span style="color:#202124">${tab.title}</span>
        </div>
      </div></body></html>`);
    await shot(strip, 'favicon-badge');
    await context.close();
  }
}
