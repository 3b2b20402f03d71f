import { describe, expect, it } from 'vitest';
import { createDirectRoom, markRead, seedMessages } from './helpers/api.js';
import { isInView, messageLog, messageText, openRoom, renderedMessages } from './helpers/app.js';
import type { Person } from './helpers/app.js';
import { useE2e } from './helpers/suite.js';

const label = (i: number) => `history ${String(i).padStart(3, '0')}`;
const indexOf = (text: string) => Number(/history (\d{3})/.exec(text)?.[1]);
const HISTORY_TEXT = /^history \d{3}$/;

describe('a long history in the browser', () => {
  const e2e = useE2e();

  /**
   * Bob, signed in, with a direct room in which Alice has sent `count` messages, all read by Bob
   * (a room with unread messages opens at the first of them: unread-landing.test.ts), not open yet.
   */
  async function bobWithHistory(count: number): Promise<Person> {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    const seeded = await seedMessages(e2e.url, aliceUser, room.id, count, label);
    const newest = seeded.at(-1);
    if (newest) await markRead(e2e.url, bobUser, room.id, newest.id);
    return e2e.signIn(bobUser);
  }

  /** Indices of the history messages rendered in the log, checked to be in order and unique. */
  async function renderedInOrder(bob: Person): Promise<number[]> {
    const rendered = (await renderedMessages(bob.page, HISTORY_TEXT)).map(indexOf);
    expect(rendered).toEqual([...new Set(rendered)].sort((a, b) => a - b));
    return rendered;
  }

  it('opens at the newest message, and scrolling up pages back to the first, in order, none twice', async () => {
    const count = 300;
    const bob = await bobWithHistory(count);

    await openRoom(bob.page, 'Alice');
    await messageText(bob.page, label(count - 1)).waitFor();
    await expect.poll(() => isInView(bob.page, messageText(bob.page, label(count - 1)))).toBe(true);
    expect(await messageText(bob.page, label(0)).count()).toBe(0);

    const seen = new Set<number>();
    await messageLog(bob.page).hover();
    for (let step = 0; step < 200; step++) {
      for (const i of await renderedInOrder(bob)) seen.add(i);
      if (await isInView(bob.page, messageText(bob.page, label(0)))) break;
      await bob.page.mouse.wheel(0, -1500);
      await bob.page.waitForTimeout(50);
    }

    expect(await isInView(bob.page, messageText(bob.page, label(0)))).toBe(true);
    expect(await messageText(bob.page, label(0)).count()).toBe(1);
    expect(Math.min(...seen)).toBe(0);
    // Pages arrived one by one while scrolling, not all at once: the walk up saw most of them.
    expect(seen.size).toBeGreaterThan(count / 2);
  });

  it('"Jump to latest" appears when scrolled up and brings the newest message back', async () => {
    const count = 120;
    const bob = await bobWithHistory(count);
    await openRoom(bob.page, 'Alice');
    await messageText(bob.page, label(count - 1)).waitFor();
    const jump = bob.page.getByRole('button', { name: 'Jump to latest' });
    expect(await jump.count()).toBe(0);

    await messageLog(bob.page).hover();
    await bob.page.mouse.wheel(0, -3000);
    await jump.waitFor();
    await expect
      .poll(() => isInView(bob.page, messageText(bob.page, label(count - 1))))
      .toBe(false);

    await jump.click();

    await expect.poll(() => isInView(bob.page, messageText(bob.page, label(count - 1)))).toBe(true);
    await jump.waitFor({ state: 'hidden' });
    await renderedInOrder(bob);
  });
});
