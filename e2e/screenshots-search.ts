/**
 * The search screenshots (called by e2e/screenshots.ts): the Ctrl/Cmd+K dialog with results
 * grouped by room in light, dark and on a phone, and a room opened at an old result, the message
 * highlighted in its history with "Jump to latest" below.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createDirectRoom, createGroupRoom, markRead, seedMessages } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { messageLog, signedIn } from './helpers/app.js';

type Shot = (page: Page, name: string) => Promise<void>;

/** Chatter between the old result and the newest messages: more than two pages of it. */
const FILLER = [
  'Morning! Coffee first, then the review.',
  'The staging build is green again.',
  'I left comments on the pricing page copy.',
  'Can someone check the screenshots in the help center?',
  'Lunch at the usual place?',
  'Pushed a fix for the flaky upload test.',
];

export async function searchShots(
  url: string,
  browser: Browser,
  shot: Shot,
  me: E2eUser,
  [bob, carol, dan]: readonly [E2eUser, E2eUser, E2eUser],
  desktop: BrowserContextOptions,
  phone: BrowserContextOptions,
): Promise<void> {
  const say = (from: E2eUser, roomId: string, texts: readonly string[]) =>
    seedMessages(url, from, roomId, texts.length, (i) => texts[i] ?? '');
  const filler = (count: number, offset = 0) =>
    Array.from({ length: count }, (_, i) => FILLER[(i + offset) % FILLER.length] ?? '');
  const crew = (await createGroupRoom(url, me, 'Launch crew', [bob, carol])).id;
  await say(bob, crew, filler(30));
  await say(carol, crew, ['Kick-off notes: the launch budget is approved, details in the doc.']);
  await say(bob, crew, filler(120, 3));
  await say(bob, crew, ['Can we move the launch review to Friday morning?']);
  const [newest] = await say(carol, crew, [
    'Friday works. The launch checklist is in the shared folder.',
  ]);
  // Read, so the room opens at the result without a "New messages" line in the way.
  if (newest) await markRead(url, me, crew, newest.id);
  const withDan = (await createDirectRoom(url, me, dan)).id;
  await say(dan, withDan, ['For the launch party I will order pizza and lemonade.']);
  await say(me, withDan, ['Launch date confirmed: December 4.']);

  const openSearch = async (page: Page) => {
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search messages' });
    await dialog.getByRole('combobox', { name: 'Search messages' }).pressSequentially('launch');
    await dialog.getByRole('listbox', { name: 'Results' }).getByRole('option').nth(4).waitFor();
    return dialog;
  };

  for (const [name, options] of [
    ['search-light', desktop],
    ['search-dark', { ...desktop, colorScheme: 'dark' }],
    ['search-phone', phone],
  ] as const) {
    const { context, page } = await signedIn(browser, url, me, undefined, options);
    const dialog = await openSearch(page);
    await shot(page, name);
    if (name === 'search-light') {
      // The oldest result opens the room far back, the message highlighted.
      await dialog.getByRole('option').filter({ hasText: 'Kick-off notes' }).click();
      await messageLog(page).locator('.message.highlighted').waitFor();
      await shot(page, 'search-opened');
    }
    await context.close();
  }
}
