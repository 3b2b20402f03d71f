/**
 * The reactions and threads screenshots (called by e2e/screenshots.ts): a group's messages with
 * their reaction bars and a "who reacted" tooltip, the reaction picker with recent emoji first,
 * and a message's thread open beside the conversation, in light, dark and on a phone.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createGroupRoom, markRead, react, seedMessages } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { messageLog, openRoom, signedIn } from './helpers/app.js';

type Shot = (page: Page, name: string) => Promise<void>;

export async function reactionShots(
  url: string,
  browser: Browser,
  shot: Shot,
  me: E2eUser,
  [bob, carol, dan]: readonly [E2eUser, E2eUser, E2eUser],
  desktop: BrowserContextOptions,
  phone: BrowserContextOptions,
): Promise<void> {
  const say = async (from: E2eUser, roomId: string, text: string, replyTo?: string) => {
    const [message] = await seedMessages(url, from, roomId, 1, () => text, { replyTo });
    if (!message) throw new Error('seeding failed');
    return message;
  };
  const trip = (await createGroupRoom(url, me, 'Weekend trip', [bob, carol, dan])).id;
  const driving = await say(dan, trip, 'Who is driving on Friday? I can take three people.');
  await say(bob, trip, 'I can take the second car, and the bags.', driving.id);
  await say(carol, trip, 'I am in Dan’s car. Front seat, please!', driving.id);
  await say(dan, trip, 'Deal. We leave at 5 from the office.', driving.id);
  const cabin = await say(bob, trip, 'Cabin confirmed: Friday to Sunday, right on the lake!');
  const games = await say(carol, trip, 'I will bring the board games and a speaker.');
  const last = await say(me, trip, 'Perfect. I will do the groceries on Thursday.');
  await react(url, me, cabin.id, '🎉', '❤️');
  await react(url, carol, cabin.id, '🎉', '🙌');
  await react(url, dan, cabin.id, '🎉');
  await react(url, bob, games.id, '😂');
  await react(url, me, games.id, '🎲');
  await react(url, bob, last.id, '👍');
  await react(url, carol, last.id, '👍');
  await markRead(url, me, trip, last.id);
  // The picker's "Recently used" row: Alice reacted with these before.
  const recent = ['👍', '🎉', '❤️', '😂', '🔥', '🙌'];

  for (const [suffix, options] of [
    ['light', desktop],
    ['dark', { ...desktop, colorScheme: 'dark' }],
    ['phone', phone],
  ] as const) {
    const { context, page } = await signedIn(browser, url, me, undefined, options);
    await page.evaluate(
      ([userId, emoji]) => localStorage.setItem(`natter:recent-emoji:${userId}`, emoji),
      [me.id, JSON.stringify(recent)] as const,
    );
    await openRoom(page, 'Weekend trip');
    const cabinItem = messageLog(page).getByRole('article').filter({ hasText: 'Cabin confirmed' });
    await cabinItem.getByRole('group', { name: 'Reactions' }).waitFor();

    if (suffix !== 'phone') {
      // Who reacted, on keyboard focus (the shot moves the pointer away, which a hover would not
      // survive): a key press first, so the browser treats the focus as the keyboard's.
      const planItem = messageLog(page).getByRole('article').filter({ hasText: 'groceries' });
      await page.keyboard.press('Shift');
      await planItem.getByRole('button', { name: /^👍 2:/ }).focus();
      await page.getByRole('tooltip').waitFor();
      await shot(page, `reactions-${suffix}`);
      // The picker beside a message, recent emoji first.
      await planItem.hover();
      await planItem.getByRole('button', { name: /^Add a reaction\b/ }).click();
      await page.getByRole('dialog', { name: 'Emoji' }).getByRole('grid').waitFor();
      await shot(page, `reactions-picker-${suffix}`);
      await page.keyboard.press('Escape');
    } else {
      await shot(page, 'reactions-phone');
    }

    // The thread of "Who is driving?" (the only message with replies).
    const replies = messageLog(page).getByRole('button', { name: '3 replies' });
    // Centred first: at the list's top edge the header would take the click.
    await replies.evaluate((button) => button.scrollIntoView({ block: 'center' }));
    await replies.click();
    const panel = page.getByRole('complementary', { name: 'Thread' });
    await panel.getByText('We leave at 5', { exact: false }).waitFor();
    await shot(page, `thread-${suffix}`);
    await context.close();
  }
}
