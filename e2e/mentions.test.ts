import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PrivacySettings } from '@natter/protocol';
import { createDirectRoom, createGroupRoom, roomOf, seedMessages } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import {
  composer,
  messageBarrier,
  messageItem,
  openRoom,
  roomsNav,
  sendMessage,
  statusOf,
} from './helpers/app.js';
import { seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

/**
 * Mentions and receipt privacy in the browser: the composer's `@` list by keyboard, a message
 * that calls on the reader highlighted (and said so to screen readers), the rooms list's `@`
 * badge, "Mute mentions too", the Privacy card and what it changes; axe on each, light, dark and
 * phone.
 */

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const mentionList = (page: Page) => page.getByRole('listbox', { name: 'People to mention' });

/** The Rooms navigation's link to a room whose name starts with `name`. */
const roomLink = (page: Page, name: string) =>
  roomsNav(page).getByRole('link', { name: new RegExp(`^${name}\\b`) });

async function privacyOf(url: string, user: E2eUser): Promise<PrivacySettings> {
  const response = await fetch(`${url}/api/me/privacy`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  return (await response.json()) as PrivacySettings;
}

/**
 * The sidebar's button with the signed-in user's name opens Profile and account (on a phone, the
 * sidebar shows once the open conversation is left).
 */
async function openProfile(page: Page): Promise<void> {
  const back = page.getByRole('button', { name: 'Back to rooms' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('button', { name: /profile and account/ }).click();
  await page.getByRole('heading', { name: 'Profile and account', level: 1 }).waitFor();
}

describe('mentions', () => {
  const e2e = useE2e();

  /** Alice, Bob and Carol in the group "Design"; Alice's browser open on it. */
  async function design() {
    const [aliceUser, bobUser, carolUser] = await Promise.all([
      e2e.register('alice'),
      e2e.register('bob'),
      e2e.register('carol'),
    ]);
    const room = await createGroupRoom(e2e.url, aliceUser, 'Design', [bobUser, carolUser]);
    const alice = await e2e.signIn(aliceUser);
    await openRoom(alice.page, 'Design');
    return { aliceUser, bobUser, carolUser, room, alice };
  }

  it('a mention is picked by keyboard, highlighted for the one it names, and badged until read', async () => {
    const { aliceUser, carolUser, room, alice } = await design();
    const carol = await e2e.signIn(carolUser);
    // Carol looks at another room: the group's news shows as badges.
    await createDirectRoom(e2e.url, carolUser, aliceUser);
    await openRoom(carol.page, 'Alice');

    const box = composer(alice.page);
    await box.fill('');
    await box.pressSequentially('have a look @ca');
    const list = mentionList(alice.page);
    await list.waitFor();
    // The textbox points into the list at the active option, Carol (her username starts so).
    const active = list.getByRole('option', { selected: true });
    await expect.poll(() => active.textContent()).toContain('Carol');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await active.getAttribute('id'));
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe(`have a look @${carolUser.username} `);
    expect(await list.count()).toBe(0);
    await box.press('Enter');

    // Carol's rooms list: the group with one unread mention.
    const link = roomLink(carol.page, 'Design');
    await expect.poll(() => link.textContent()).toContain('1 mention');
    await openRoom(carol.page, 'Design');
    const mention = messageItem(carol.page, `have a look @${carolUser.username}`);
    await expect.poll(() => mention.textContent()).toMatch(/mentions you: /);
    // Read by opening it: the badge goes.
    await expect
      .poll(async () => (await roomOf(e2e.url, carolUser, room.id)).mentionCount)
      .toBe(undefined);
    await expect.poll(() => link.textContent()).not.toContain('mention');
  });

  it('Escape closes the list and keeps the text; arrows move through people and @all', async () => {
    const { alice } = await design();
    const box = composer(alice.page);
    await box.pressSequentially('@');
    const list = mentionList(alice.page);
    await list.waitFor();
    // Bob, Carol, then the group: @all and @here (a small group: anyone may call it).
    await expect
      .poll(() => list.getByRole('option').allTextContents())
      .toEqual([
        expect.stringContaining('Bob'),
        expect.stringContaining('Carol'),
        expect.stringContaining('@all'),
        expect.stringContaining('@here'),
      ]);
    await box.press('ArrowUp');
    await expect
      .poll(() => list.getByRole('option', { selected: true }).textContent())
      .toContain('@here');
    await box.press('Tab');
    await expect.poll(() => box.inputValue()).toBe('@here ');
    await box.pressSequentially('and @b');
    await list.waitFor();
    await box.press('Escape');
    expect(await list.count()).toBe(0);
    expect(await box.inputValue()).toBe('@here and @b');
  });

  it('"Mute mentions too" in the conversation menu, once the room is muted', async () => {
    const { aliceUser, room, alice } = await design();
    const menuButton = alice.page.getByRole('button', {
      name: 'More actions for this conversation',
    });
    await menuButton.click();
    const menu = alice.page.getByRole('menu', { name: 'Conversation actions' });
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Mute notifications']);
    await menu.getByRole('menuitem', { name: 'Mute notifications' }).click();
    await expect.poll(async () => (await roomOf(e2e.url, aliceUser, room.id)).muted).toBe(true);

    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'Mute mentions too' }).click();
    await expect
      .poll(async () => (await roomOf(e2e.url, aliceUser, room.id)).mentionsMuted)
      .toBe(true);
    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'Notify me of mentions again' }).waitFor();
    await alice.page.keyboard.press('Escape');
  });
});

describe('receipt privacy', () => {
  const e2e = useE2e();

  it('turning read receipts off in Privacy: Alice never sees Bob read; he sees nobody read', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    const [alice, bob] = await Promise.all([e2e.signIn(aliceUser), e2e.signIn(bobUser)]);

    await openProfile(bob.page);
    const receipts = bob.page.getByRole('checkbox', { name: 'Read receipts' });
    await expect.poll(() => receipts.isEnabled()).toBe(true);
    await receipts.uncheck();
    await bob.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await privacyOf(e2e.url, bobUser)).toEqual({
      readReceipts: false,
      typingIndicators: true,
    });

    await openRoom(alice.page, 'Bob');
    await sendMessage(alice.page, 'did you see it?');
    await openRoom(bob.page, 'Alice');
    await messageItem(bob.page, 'did you see it?').waitFor();
    // Bob has read it (the server has his mark), and writes back after it.
    await expect.poll(async () => (await roomOf(e2e.url, bobUser, room.id)).unreadCount).toBe(0);
    await messageBarrier(bob, alice);
    // No read reached Alice before the barrier; delivery marks come in their own batches.
    expect(await statusOf(alice.page, 'did you see it?')).not.toBe('read');
    await expect.poll(() => statusOf(alice.page, 'did you see it?')).toBe('delivered');

    // And Bob sees no one's reads: Alice reads his reply, his stays delivered.
    await sendMessage(bob.page, 'yes, looks good');
    await messageItem(alice.page, 'yes, looks good').waitFor();
    await expect.poll(async () => (await roomOf(e2e.url, aliceUser, room.id)).unreadCount).toBe(0);
    await messageBarrier(alice, bob);
    expect(await statusOf(bob.page, 'yes, looks good')).not.toBe('read');
    await expect.poll(() => statusOf(bob.page, 'yes, looks good')).toBe('delivered');
  });
});

describe.each([
  ['light', {}],
  ['dark', {}],
  ['phone', PHONE],
] as const)('mentions and privacy pass axe (%s)', (name, options) => {
  const e2e = useE2e();

  it('reports no serious or critical violation with the list open, a mention, the badge and Privacy', async () => {
    const [aliceUser, bobUser, carolUser] = await Promise.all([
      e2e.register('alice'),
      e2e.register('bob'),
      e2e.register('carol'),
    ]);
    const room = await createGroupRoom(e2e.url, bobUser, 'Design', [aliceUser, carolUser]);
    await createDirectRoom(e2e.url, aliceUser, carolUser);
    await seedMessages(e2e.url, bobUser, room.id, 1, () => `@${aliceUser.username} a look?`);
    const { page } = await e2e.signIn(aliceUser, undefined, options);
    await page.emulateMedia({ colorScheme: name === 'dark' ? 'dark' : 'light' });
    const found: Record<string, unknown> = {};
    const audit = async (screen: string) => {
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) found[screen] = violations;
    };

    await expect.poll(() => roomLink(page, 'Design').textContent()).toContain('1 mention');
    await audit('rooms list with a mention badge');
    await openRoom(page, 'Design');
    await expect
      .poll(() => messageItem(page, `@${aliceUser.username} a look?`).textContent())
      .toMatch(/mentions you/);
    await audit('a message that mentions me');
    await composer(page).pressSequentially('@');
    await mentionList(page).waitFor();
    await audit('the @ list');
    await composer(page).press('Escape');
    await openProfile(page);
    await page.getByRole('checkbox', { name: 'Read receipts' }).waitFor();
    await audit('profile with Privacy');
    expect(found).toEqual({});
  });
});
