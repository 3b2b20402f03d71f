import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createDirectRoom, createGroupRoom, seedMessages } from './helpers/api.js';
import {
  composer,
  messageActionButton,
  messageItem,
  messageText,
  openRoom,
  roomsNav,
  sendMessage,
  signInInUi,
} from './helpers/app.js';
import { addAgent, createSite } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

/**
 * Issue #11's keyboard, screen reader and phone items: what a message says about itself, actions
 * named for their message, the phone's "⋯" menu and long-press, an h1 on every screen and focus
 * after sign-in, the emoji picker, the rooms filter and the Ctrl+J switcher.
 */

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const h1s = (page: Page) => page.getByRole('heading', { level: 1 });
const menu = (page: Page) => page.getByRole('menu');
const focusedName = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
  );
/** The clock a message shows ("10:42"): the announcement must say the same. */
const shownClock = (item: Locator) => item.locator('time').innerText();

describe('keyboard, screen reader and phone', () => {
  const e2e = useE2e();

  it('every screen has one h1, and signing in moves focus to the rooms filter', async () => {
    // The first account of the instance is its admin; as an agent of a site it has every section.
    const admin = await e2e.register('olivia');
    const site = await createSite(e2e.url, admin, {
      name: 'Garden shop',
      allowedOrigins: ['https://garden.example'],
    });
    await addAgent(e2e.url, admin, site.id, admin.id);
    const bob = await e2e.register('bob');
    await createDirectRoom(e2e.url, admin, bob);

    const { page } = await e2e.open();
    await expect.poll(() => h1s(page).allInnerTexts()).toEqual(['Welcome back']);
    await signInInUi(page, admin.username, admin.password);
    await roomsNav(page).waitFor();
    await expect.poll(() => focusedName(page)).toBe('Filter rooms');
    expect(await h1s(page).allTextContents()).toEqual(['Chats']);

    await openRoom(page, 'Bob');
    await expect.poll(() => h1s(page).allTextContents()).toEqual(['Bob']);

    const sections = page.getByRole('navigation', { name: 'Sections' });
    await sections.getByRole('link', { name: /^Inbox/ }).click();
    await expect.poll(() => h1s(page).allTextContents()).toEqual(['Inbox']);
    await sections.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => h1s(page).allTextContents()).toEqual(['Settings']);
    await page.getByRole('link', { name: /Garden shop/ }).click();
    await expect.poll(() => h1s(page).allTextContents()).toEqual(['Garden shop']);
  });

  it('a message says who sent it and when, and its actions name it', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'lunch today at the usual place near the station?');
    const item = messageItem(bob.page, 'lunch today at the usual place near the station?');
    await item.waitFor();

    // In a direct chat no name shows, yet the message is read as "Alice, 10:42: …": the
    // announcement comes first, then the text.
    const clock = await shownClock(item);
    expect(await item.ariaSnapshot()).toContain(
      `- text: "Alice, ${clock}:"\n  - paragraph: lunch today at the usual place near the station?`,
    );
    const mine = messageItem(alice.page, 'lunch today at the usual place near the station?');
    expect(await mine.ariaSnapshot()).toContain(`- text: "You, ${clock}:"`);

    await item.hover();
    const reply = messageActionButton(item, 'Reply');
    expect(await reply.getAttribute('aria-label')).toBe(
      'Reply to Alice: lunch today at the usual place…',
    );
    await item
      .getByRole('button', {
        name: 'More actions for Alice’s message: lunch today at the usual place…',
      })
      .waitFor();
    await mine.hover();
    await messageActionButton(mine, 'Edit').waitFor();
    expect(await messageActionButton(mine, 'Delete').getAttribute('aria-label')).toBe(
      'Delete your message: lunch today at the usual place…',
    );
  });

  it('on a phone, actions sit behind "⋯" and a long-press; Escape gives focus back', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    await seedMessages(e2e.url, aliceUser, room.id, 1, () => 'lunch today?');
    const { page } = await e2e.signIn(bobUser, undefined, PHONE);
    await openRoom(page, 'Alice');
    const item = messageItem(page, 'lunch today?');
    await item.waitFor();

    // No row of icons on the bubble: only the "⋯" button.
    const more = item.getByRole('button', { name: /^More actions for Alice’s message/ });
    expect(await messageActionButton(item, 'Reply').isVisible()).toBe(false);
    await more.click();
    await menu(page).waitFor();
    expect(await menu(page).getByRole('menuitem').allTextContents()).toEqual([
      'Reply',
      'Add reaction',
      'Reply in thread',
      'Copy text',
    ]);
    expect(await focusedName(page)).toBe('Reply');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Add reaction');
    await page.keyboard.press('Escape');
    await menu(page).waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe(await more.getAttribute('aria-label'));

    // A long-press on the message opens the same menu; Reply works from it.
    const box = await messageText(page, 'lunch today?').boundingBox();
    if (!box) throw new Error('the message has no box');
    const cdp = await page.context().newCDPSession(page);
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
    await menu(page).waitFor();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await menu(page).getByRole('menuitem', { name: 'Reply', exact: true }).tap();
    await page.getByText('Replying to Alice').waitFor();
    await sendMessage(page, 'yes, at noon');
    await messageItem(page, 'yes, at noon').getByText('lunch today?').waitFor();
  });

  it('the emoji picker inserts at the caret, and the emoji is sent', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    const { page } = alice;
    await composer(page).fill('see you there');
    await composer(page).press('Home');

    await page.getByRole('button', { name: 'Emoji', exact: true }).click();
    const picker = page.getByRole('dialog', { name: 'Emoji' });
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs up');
    await picker.getByRole('button', { name: 'thumbs up', exact: true }).click();
    await picker.waitFor({ state: 'hidden' });
    expect(await composer(page).inputValue()).toBe('👍see you there');
    expect(await focusedName(page)).toBe('Message');

    // By keyboard: the grid is one Tab stop, arrows move, Enter inserts; Escape closes.
    await composer(page).press('End');
    await page.getByRole('button', { name: 'Emoji', exact: true }).press('Enter');
    await picker.getByRole('button', { name: 'Recently used' }).waitFor();
    // Opened, the picker puts the caret in its search box.
    await expect.poll(() => focusedName(page)).toBe('Search emoji');
    await picker.getByRole('searchbox').fill('tears of joy');
    await picker.getByRole('searchbox').press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await composer(page).inputValue()).toBe('👍see you there😂');
    await sendMessage(page, '👍see you there😂');
    await messageText(bob.page, '👍see you there😂').waitFor();

    await page.getByRole('button', { name: 'Emoji', exact: true }).click();
    await picker.waitFor();
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('Emoji');
  });

  it('the filter box narrows the rooms; Ctrl+J jumps to a room from the composer', async () => {
    const [alice, bob, carol] = await Promise.all([
      e2e.register('alice'),
      e2e.register('bob'),
      e2e.register('carol'),
    ]);
    await createDirectRoom(e2e.url, alice, bob);
    await createGroupRoom(e2e.url, alice, 'Book club', [bob, carol]);
    const { page } = await e2e.signIn(alice);
    const links = roomsNav(page).getByRole('link');
    await expect.poll(() => links.count()).toBe(2);

    const filter = page.getByRole('searchbox', { name: 'Filter rooms' });
    await filter.fill('carol');
    await expect.poll(() => links.allInnerTexts()).toEqual([expect.stringContaining('Book club')]);
    await filter.fill('nobody here');
    await roomsNav(page).getByText('No rooms match “nobody here”.').waitFor();
    expect(await links.count()).toBe(0);
    await filter.press('Escape');
    expect(await filter.inputValue()).toBe('');
    await expect.poll(() => links.count()).toBe(2);

    await openRoom(page, 'Bob');
    await composer(page).focus();
    await page.keyboard.press('Control+j');
    const switcher = page.getByRole('dialog', { name: 'Jump to a room' });
    const box = switcher.getByRole('combobox', { name: 'Room or person' });
    await box.waitFor();
    // The room just opened comes first.
    expect(await switcher.getByRole('option').first().innerText()).toContain('Bob');
    await box.fill('book');
    await page.keyboard.press('Enter');
    await switcher.waitFor({ state: 'hidden' });
    // At once again, while the room loads: the first dialog's late `close` event must not shut
    // the second (it did, now and then, under load).
    await page.keyboard.press('Control+j');
    await box.waitFor();
    await expect.poll(() => h1s(page).allTextContents()).toEqual(['Book club']);
    await page.getByText('No messages yet. Say hello!').waitFor();
    expect(await box.isVisible()).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await switcher.getByRole('option', { selected: true }).innerText()).toContain('Bob');
    await page.keyboard.press('Escape');
    await switcher.waitFor({ state: 'hidden' });
  });
});
