import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDirectRoom, markRead, roomOf, seedMessages } from './helpers/api.js';
import {
  composer,
  isInView,
  messageItem,
  messageLog,
  messageText,
  openRoom,
} from './helpers/app.js';
import { useE2e } from './helpers/suite.js';

const READ = 20;
const UNREAD = 300;
const old = (i: number) => `read ${String(i).padStart(3, '0')}`;
const fresh = (i: number) => `unread ${String(i).padStart(3, '0')}`;

const divider = (page: Page) => messageLog(page).getByRole('separator', { name: 'New messages' });

/** Whether `target` is the element with focus. */
const isFocused = (target: Locator) =>
  target.evaluate((element) => element === document.activeElement).catch(() => false);

describe('opening a room at the first unread message', () => {
  const e2e = useE2e();

  /**
   * Alice has sent Bob `READ` messages he read, then `unread` he did not: Bob signed in, with
   * the room not open yet.
   */
  async function bobWithUnread(unread: number) {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    const read = await seedMessages(e2e.url, aliceUser, room.id, READ, old);
    const lastRead = read.at(-1);
    if (lastRead) await markRead(e2e.url, bobUser, room.id, lastRead.id);
    if (unread > 0) await seedMessages(e2e.url, aliceUser, room.id, unread, fresh);
    const bob = await e2e.signIn(bobUser);
    const unreadOnServer = async () => (await roomOf(e2e.url, bobUser, room.id)).unreadCount;
    const readSeqOnServer = async () => (await roomOf(e2e.url, bobUser, room.id)).lastReadSeq;
    return { bob, unreadOnServer, readSeqOnServer, lastReadSeq: lastRead?.seq ?? 0 };
  }

  it('300 unread: opens at the divider with the first unread in view; only what was on screen is read, the rest on scrolling down', async () => {
    const { bob, unreadOnServer, readSeqOnServer, lastReadSeq } = await bobWithUnread(UNREAD);
    expect(await unreadOnServer()).toBe(UNREAD);

    await openRoom(bob.page, 'Alice');
    await divider(bob.page).waitFor();
    await expect.poll(() => isInView(bob.page, divider(bob.page))).toBe(true);
    await expect.poll(() => isInView(bob.page, messageText(bob.page, fresh(0)))).toBe(true);
    expect(await isInView(bob.page, messageText(bob.page, fresh(UNREAD - 1)))).toBe(false);
    // The divider is near the top, where the eye starts reading.
    const [box, view] = await Promise.all([
      divider(bob.page).boundingBox(),
      messageLog(bob.page).boundingBox(),
    ]);
    expect(box && view && box.y - view.y).toBeLessThan((view?.height ?? 0) / 3);

    // What is on screen gets read; what is below it stays unread on the server.
    await expect.poll(readSeqOnServer).toBeGreaterThan(lastReadSeq);
    const afterLanding = await unreadOnServer();
    expect(afterLanding).toBeGreaterThan(UNREAD - 60);
    expect(afterLanding).toBeLessThan(UNREAD);

    // Scrolling down reads more, never all at once.
    await messageLog(bob.page).hover();
    await bob.page.mouse.wheel(0, 1500);
    await expect.poll(unreadOnServer).toBeLessThan(afterLanding);
    expect(await unreadOnServer()).toBeGreaterThan(0);

    for (let step = 0; step < 100; step++) {
      if (await isInView(bob.page, messageText(bob.page, fresh(UNREAD - 1)))) break;
      await bob.page.mouse.wheel(0, 2000);
      await bob.page.waitForTimeout(50);
    }
    expect(await isInView(bob.page, messageText(bob.page, fresh(UNREAD - 1)))).toBe(true);
    await expect.poll(unreadOnServer).toBe(0);
  });

  it('"Jump to first unread" shows while the divider is above the screen and brings it back', async () => {
    const { bob } = await bobWithUnread(120);
    await openRoom(bob.page, 'Alice');
    await expect.poll(() => isInView(bob.page, divider(bob.page))).toBe(true);
    const jump = bob.page.getByRole('button', { name: 'Jump to first unread' });
    expect(await jump.count()).toBe(0);

    await messageLog(bob.page).hover();
    await bob.page.mouse.wheel(0, 1200);
    await jump.waitFor();
    // Below the first unread, the way down to the newest is offered too, with the unread count.
    await bob.page.getByRole('button', { name: 'Jump to latest' }).waitFor();
    expect(await isInView(bob.page, divider(bob.page))).toBe(false);

    await jump.focus();
    await bob.page.keyboard.press('Enter');

    await expect.poll(() => isInView(bob.page, divider(bob.page))).toBe(true);
    await jump.waitFor({ state: 'hidden' });
    // Focus lands on the first unread message, so the keyboard reads on from there.
    await expect.poll(() => isFocused(messageItem(bob.page, fresh(0)))).toBe(true);
  });

  it('the timeline is one Tab stop: arrows, Home and End move between messages, Tab reaches the actions then leaves', async () => {
    const { bob } = await bobWithUnread(0);
    await openRoom(bob.page, 'Alice');
    await messageText(bob.page, old(READ - 1)).waitFor();
    const articles = messageLog(bob.page).getByRole('article');
    await expect
      .poll(() => articles.evaluateAll((all) => all.filter((a) => a.tabIndex === 0).length))
      .toBe(1);

    // Into the list from the skip link before it: Tab lands on a message, not on a button.
    await bob.page.getByRole('link', { name: 'Skip to message box' }).focus();
    for (let step = 0; step < 10; step++) {
      await bob.page.keyboard.press('Tab');
      if (await bob.page.evaluate(() => document.activeElement?.tagName === 'ARTICLE')) break;
    }
    // The newest message on screen holds the stop.
    await expect.poll(() => isFocused(messageItem(bob.page, old(READ - 1)))).toBe(true);

    await bob.page.keyboard.press('ArrowUp');
    await expect.poll(() => isFocused(messageItem(bob.page, old(READ - 2)))).toBe(true);
    await bob.page.keyboard.press('ArrowDown');
    await expect.poll(() => isFocused(messageItem(bob.page, old(READ - 1)))).toBe(true);
    await bob.page.keyboard.press('Home');
    await expect.poll(() => isFocused(messageItem(bob.page, old(0)))).toBe(true);
    await expect.poll(() => isInView(bob.page, messageItem(bob.page, old(0)))).toBe(true);
    await bob.page.keyboard.press('End');
    await expect.poll(() => isFocused(messageItem(bob.page, old(READ - 1)))).toBe(true);
    await bob.page.keyboard.press('ArrowUp');
    const focused = messageItem(bob.page, old(READ - 2));
    await expect.poll(() => isFocused(focused)).toBe(true);

    // Tab goes into the focused message's actions (Reply, React, then its "⋯" menu button)…
    await bob.page.keyboard.press('Tab');
    const reply = focused.getByRole('button', { name: /^Reply\b/ });
    await expect.poll(() => isFocused(reply)).toBe(true);
    await bob.page.keyboard.press('Tab');
    const react = focused.getByRole('button', { name: /^Add a reaction\b/ });
    await expect.poll(() => isFocused(react)).toBe(true);
    await bob.page.keyboard.press('Tab');
    const more = focused.getByRole('button', { name: /^More actions\b/ });
    await expect.poll(() => isFocused(more)).toBe(true);
    // …and then out of the list: no other message's buttons are in the way.
    await bob.page.keyboard.press('Tab');
    const inList = await bob.page.evaluate(
      () => document.activeElement?.closest('[role="log"]') !== null,
    );
    expect(inList).toBe(false);
    // Esc from an action comes back to its message.
    await bob.page.keyboard.press('Shift+Tab');
    await expect.poll(() => isFocused(more)).toBe(true);
    await bob.page.keyboard.press('Escape');
    await expect.poll(() => isFocused(focused)).toBe(true);
  });

  it('the skip link moves focus to the message box', async () => {
    const { bob } = await bobWithUnread(0);
    await openRoom(bob.page, 'Alice');
    const skip = bob.page.getByRole('link', { name: 'Skip to message box' });
    await skip.focus();
    expect(await skip.isVisible()).toBe(true);
    await bob.page.keyboard.press('Enter');
    await expect.poll(() => isFocused(composer(bob.page))).toBe(true);
  });
});
