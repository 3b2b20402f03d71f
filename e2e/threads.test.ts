import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createDirectRoom, createGroupRoom, markRead, seedMessages } from './helpers/api.js';
import { messageItem, openRoom, sendMessage } from './helpers/app.js';
import { seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const panel = (page: Page) => page.getByRole('complementary', { name: 'Thread' });
const threadComposer = (page: Page) => page.getByRole('textbox', { name: 'Reply in thread' });
const replies = (page: Page) => panel(page).getByRole('log', { name: 'Replies' });
const focusedName = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
  );

/** Opens a message's thread from its "⋯" menu ("Reply in thread"). */
async function replyInThread(page: Page, text: string): Promise<void> {
  const item = messageItem(page, text);
  await item.hover();
  await item.getByRole('button', { name: /^More actions\b/ }).click();
  await page.getByRole('menuitem', { name: 'Reply in thread' }).click();
  await threadComposer(page).waitFor();
}

describe('threads in the browser', () => {
  const e2e = useE2e();

  it('a reply in the thread shows live, counts under the message, and Escape closes the panel back to its opener', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'which venue for the offsite?');
    await messageItem(bob.page, 'which venue for the offsite?').waitFor();

    await replyInThread(bob.page, 'which venue for the offsite?');
    await panel(bob.page).getByText('No replies yet').waitFor();
    await threadComposer(bob.page).fill('the lake house');
    await threadComposer(bob.page).press('Enter');
    await replies(bob.page).getByText('the lake house', { exact: true }).waitFor();

    // Alice sees the count grow live, opens the thread from it, and replies there.
    const count = messageItem(alice.page, 'which venue for the offsite?').getByRole('button', {
      name: '1 reply',
    });
    await count.click();
    await replies(alice.page).getByText('the lake house', { exact: true }).waitFor();
    await threadComposer(alice.page).fill('booked it');
    await threadComposer(alice.page).press('Enter');
    await replies(bob.page).getByText('booked it', { exact: true }).waitFor();
    await panel(bob.page).getByText('2 replies').waitFor();
    await messageItem(bob.page, 'which venue for the offsite?')
      .getByRole('button', { name: '2 replies' })
      .waitFor();
    // Replies are messages of the room too, quoting their parent.
    await messageItem(bob.page, 'booked it').getByText('which venue for the offsite?').waitFor();

    await alice.page.keyboard.press('Escape');
    await panel(alice.page).waitFor({ state: 'detached' });
    expect(await focusedName(alice.page)).toBe('2 replies');
  });

  it('a long thread opens on its newest replies and shows older ones on demand', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    const [parent] = await seedMessages(e2e.url, aliceUser, room.id, 1, () => 'release notes?');
    const notes = await seedMessages(e2e.url, bobUser, room.id, 60, (i) => `note ${i + 1}`, {
      replyTo: parent?.id,
    });
    // Read, so the room opens at its newest message rather than at the first unread.
    await markRead(e2e.url, aliceUser, room.id, notes.at(-1)?.id ?? '');
    const { page } = await e2e.signIn(aliceUser);
    await openRoom(page, 'Bob');
    // The parent is older than the newest page: a reply's quote jumps back to it.
    await messageItem(page, 'note 60')
      .getByRole('button', { name: /Original message/ })
      .click();
    await messageItem(page, 'release notes?').getByRole('button', { name: '60 replies' }).click();
    await replies(page).getByText('note 60', { exact: true }).waitFor();
    expect(await replies(page).getByText('note 1', { exact: true }).count()).toBe(0);
    // 60 replies, 50 a page: one older page, and then no more to show.
    const older = panel(page).getByRole('button', { name: 'Show older replies' });
    await older.click();
    await replies(page).getByText('note 1', { exact: true }).waitFor();
    await older.waitFor({ state: 'detached' });
    expect(await replies(page).getByRole('article').count()).toBe(60);
  });

  it('on a phone the thread takes the whole screen; closing it returns to the conversation', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    const [parent] = await seedMessages(e2e.url, aliceUser, room.id, 1, () => 'dinner?');
    await seedMessages(e2e.url, bobUser, room.id, 1, () => 'yes!', { replyTo: parent?.id });
    const { page } = await e2e.signIn(bobUser, undefined, PHONE);
    await openRoom(page, 'Alice');
    await messageItem(page, 'dinner?').getByRole('button', { name: '1 reply' }).click();
    await replies(page).getByText('yes!', { exact: true }).waitFor();
    const box = await panel(page).boundingBox();
    expect(box?.width).toBe(PHONE.viewport.width);
    expect(await page.getByRole('textbox', { name: 'Message' }).isVisible()).toBe(false);
    await panel(page).getByRole('button', { name: 'Close thread' }).click();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
  });

  it.each(['light', 'dark'] as const)(
    'the thread panel passes axe (%s, desktop and phone)',
    async (colorScheme) => {
      const [aliceUser, bobUser, carolUser] = await Promise.all([
        e2e.register('alice'),
        e2e.register('bob'),
        e2e.register('carol'),
      ]);
      const group = await createGroupRoom(e2e.url, aliceUser, 'Offsite', [bobUser, carolUser]);
      const [parent] = await seedMessages(e2e.url, aliceUser, group.id, 1, () => 'ideas?');
      await seedMessages(e2e.url, bobUser, group.id, 2, (i) => `idea ${i + 1}`, {
        replyTo: parent?.id,
      });
      for (const options of [undefined, PHONE]) {
        const { page } = await e2e.signIn(carolUser, undefined, options);
        await page.emulateMedia({ colorScheme });
        await openRoom(page, 'Offsite');
        await messageItem(page, 'ideas?').getByRole('button', { name: '2 replies' }).click();
        await replies(page).getByText('idea 2', { exact: true }).waitFor();
        expect(await seriousAxeViolations(page), options ? 'phone' : 'desktop').toEqual([]);
      }
    },
  );
});
