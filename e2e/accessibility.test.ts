import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addMember,
  connect,
  createDirectRoom,
  createGroupRoom,
  seedMessages,
} from './helpers/api.js';
import {
  messageAction,
  messageActionButton,
  messageItem,
  messageLog,
  messageText,
  openEmojiPicker,
  openRoom,
  openRoomSwitcher,
  ownMessage,
  roomsNav,
  usernameField,
} from './helpers/app.js';
import { makePdf, makePng } from './helpers/files.js';
import { seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

/**
 * The axe audit of issue #11: WCAG 2.0/2.1/2.2 A and AA rules, in the light and the dark palette,
 * on every screen of the chat a person sees (sign-in, rooms list with a conversation, the phone
 * layout, the New chat and New group dialogs, a message's hover actions and its "⋯" menu, the
 * emoji picker, the Ctrl+J room switcher), with a conversation that holds every kind of message.
 * Any serious or critical violation fails the test, named by screen.
 * (The support screens — inbox, site settings — are audited in inbox.test.ts.)
 */

const PHONE = { width: 390, height: 844 };

/** Picks files with the composer's "Attach files" button (the native picker is bypassed). */
async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles([file]);
}

describe.each(['light', 'dark'] as const)('accessibility audit (%s)', (colorScheme) => {
  const e2e = useE2e();
  /** Serious and critical violations per screen: `{}` when every screen passes. */
  const found: Record<string, unknown> = {};

  async function audit(page: Page, screen: string) {
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) found[screen] = violations;
  }

  it('reports no serious or critical violation on any chat screen', async () => {
    const [alice, bob, carol, dave] = await Promise.all([
      e2e.register('alice'),
      e2e.register('bob'),
      e2e.register('carol'),
      e2e.register('dave'),
    ]);
    const direct = await createDirectRoom(e2e.url, alice, bob);
    const group = await createGroupRoom(e2e.url, alice, 'Book club', [bob, carol]);
    const [question] = await seedMessages(e2e.url, alice, direct.id, 1, () => 'Lunch at noon?');
    await seedMessages(e2e.url, bob, direct.id, 1, () => 'Sure, the usual place.');
    await seedMessages(e2e.url, bob, direct.id, 1, () => 'Noon works for me', {
      replyTo: question?.id,
    });
    await seedMessages(e2e.url, carol, group.id, 2, (i) => `Chapter ${i + 3} was a ride`);
    await seedMessages(e2e.url, alice, group.id, 1, () => 'Agreed, next week then');
    // A system line ("You added Dave") in the group's timeline.
    await addMember(e2e.url, alice, group.id, dave);

    // Signed out: the sign-in form.
    const visitor = await e2e.open();
    await visitor.page.emulateMedia({ colorScheme });
    await usernameField(visitor.page).waitFor();
    await audit(visitor.page, 'sign-in');

    // Desktop: the rooms list with the direct room open, holding every kind of message.
    const desktop = await e2e.signIn(alice);
    const { page } = desktop;
    await page.emulateMedia({ colorScheme });
    await openRoom(page, 'Bob');
    await attach(page, { name: 'sunset.png', mimeType: 'image/png', buffer: makePng(120, 80) });
    await attach(page, { name: 'notes.pdf', mimeType: 'application/pdf', buffer: makePdf() });
    await messageLog(page).getByRole('link', { name: 'Download notes.pdf' }).waitFor();
    await messageLog(page).getByRole('img', { name: 'sunset.png' }).waitFor();
    await seedMessages(e2e.url, alice, direct.id, 1, () => 'sent to the wrong room');
    await messageAction(page, 'sent to the wrong room', 'Delete');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).waitFor();
    await audit(page, 'delete confirmation dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await messageText(page, 'This message was deleted').waitFor();
    await messageText(page, 'Noon works for me').waitFor();
    // Bob comes online: the header says so in the presence colour.
    const bobOnline = await connect(e2e.url, bob.token);
    try {
      await page.getByText('online', { exact: true }).waitFor();
      await page.mouse.move(0, 0);
      await audit(page, 'rooms list and conversation');
    } finally {
      bobOnline.close();
    }

    // The image opens in a lightbox.
    await page.getByRole('button', { name: 'Open image sunset.png' }).click();
    await page.getByRole('dialog', { name: 'sunset.png' }).waitFor();
    await audit(page, 'image lightbox');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'sunset.png' }).waitFor({ state: 'hidden' });

    // A message's hover actions (Reply, …) on someone else's message and on my own.
    await messageItem(page, 'Sure, the usual place.').hover();
    await messageActionButton(messageItem(page, 'Sure, the usual place.'), 'Reply').waitFor();
    await audit(page, 'hover actions on a message from Bob');
    // (My own: the quote in Bob's reply repeats its text.)
    await ownMessage(page, 'Lunch at noon?').hover();
    await messageActionButton(ownMessage(page, 'Lunch at noon?'), 'Edit').waitFor();
    await audit(page, 'hover actions on my own message');
    // Its "⋯" menu, open (Escape gives focus back to the button).
    await ownMessage(page, 'Lunch at noon?')
      .getByRole('button', { name: /^More actions/ })
      .click();
    await page.getByRole('menu').waitFor();
    await audit(page, 'message actions menu');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    // The composer's emoji picker, open.
    const picker = await openEmojiPicker(page);
    await audit(page, 'emoji picker');
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden' });

    // The Ctrl+J room switcher.
    const switcher = await openRoomSwitcher(page);
    await audit(page, 'room switcher');
    await page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'hidden' });

    // The group conversation.
    await openRoom(page, 'Book club');
    await messageText(page, 'Agreed, next week then').waitFor();
    await messageText(page, 'You added Dave').waitFor();
    await audit(page, 'group conversation');
    // The group's details, opened from its title.
    await page.getByRole('button', { name: /^Book club/ }).click();
    const details = page.getByRole('dialog', { name: 'Group details' });
    await details.getByText('4 members').waitFor();
    await audit(page, 'group details dialog');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'hidden' });

    // A room opened at its first unread: the divider, both jump controls, the skip link shown;
    // then the first unread message focused by "Jump to first unread".
    const fromCarol = await createDirectRoom(e2e.url, carol, alice);
    await seedMessages(e2e.url, carol, fromCarol.id, 60, (i) => `Carol's news ${i + 1}`);
    await openRoom(page, 'Carol');
    await messageLog(page).getByRole('separator', { name: 'New messages' }).waitFor();
    await messageLog(page).hover();
    await page.mouse.wheel(0, 800);
    const jumpToUnread = page.getByRole('button', { name: 'Jump to first unread' });
    await jumpToUnread.waitFor();
    await page.getByRole('button', { name: 'Jump to latest' }).waitFor();
    await page.getByRole('link', { name: 'Skip to message box' }).focus();
    await audit(page, 'room opened at the first unread, jump controls, skip link');
    await jumpToUnread.focus();
    await page.keyboard.press('Enter');
    await jumpToUnread.waitFor({ state: 'hidden' });
    await audit(page, 'first unread message focused');

    // A primary button under the pointer, once its colour transition has ended.
    const newChat = page.getByRole('button', { name: 'New chat', exact: true });
    await newChat.hover();
    await expect.poll(() => newChat.evaluate((button) => button.getAnimations().length)).toBe(0);
    await audit(page, 'hovered primary button');

    // The dialogs, each open over the rooms screen.
    for (const name of ['New chat', 'New group']) {
      await page.getByRole('button', { name, exact: true }).click();
      const dialog = page.getByRole('dialog', { name });
      await dialog.waitFor();
      await audit(page, `${name} dialog`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }

    // Phone: the list, then a conversation in place of it.
    const phone = await e2e.signIn(alice);
    await phone.page.emulateMedia({ colorScheme });
    await phone.page.setViewportSize(PHONE);
    await roomsNav(phone.page).getByRole('link').filter({ hasText: 'Book club' }).waitFor();
    await audit(phone.page, 'phone rooms list');
    await openRoom(phone.page, 'Bob');
    await messageText(phone.page, 'Noon works for me').waitFor();
    await audit(phone.page, 'phone conversation');
    await messageItem(phone.page, 'Noon works for me')
      .getByRole('button', { name: /^More actions/ })
      .click();
    await phone.page.getByRole('menu').waitFor();
    await audit(phone.page, 'phone message menu');

    expect(found).toEqual({});
  });
});
