import { describe, expect, it } from 'vitest';
import { createDirectRoom, seedMessages } from './helpers/api.js';
import { messageItem, messageLog, sendMessage } from './helpers/app.js';
import { useE2e } from './helpers/suite.js';

describe('reading messages in the browser', () => {
  const e2e = useE2e();

  it('a safe link opens in a new tab, a javascript: string stays text, the time titles its full date', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    const link = `${e2e.url}/`;
    const text = `look at ${link}. not javascript:alert(document.cookie) nor JaVaScRiPt:alert(1)`;

    await sendMessage(alice.page, text);

    const item = messageItem(bob.page, text);
    await item.waitFor();
    const anchors = await item.locator('a').evaluateAll((elements) =>
      elements.map((a) => ({
        href: a.getAttribute('href'),
        target: a.getAttribute('target'),
        rel: a.getAttribute('rel'),
        text: a.textContent,
      })),
    );
    expect(anchors).toEqual([
      { href: link, target: '_blank', rel: 'noopener noreferrer nofollow', text: link },
    ]);
    expect(await messageLog(bob.page).locator('a[href^="javascript" i]').count()).toBe(0);

    const time = item.locator('time');
    const iso = (await time.getAttribute('datetime')) ?? '';
    expect(Number.isNaN(Date.parse(iso))).toBe(false);
    const title = await time.getAttribute('title');
    const expected = await bob.page.evaluate(
      (at) => new Date(at).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' }),
      iso,
    );
    expect(title).toBe(expected);
    expect(title).toContain(String(new Date(iso).getFullYear()));

    const [opened] = await Promise.all([
      bob.context.waitForEvent('page'),
      item.getByRole('link', { name: link }).click(),
    ]);
    await opened.waitForLoadState('domcontentloaded');
    expect(opened.url()).toBe(link);
    // noopener: the new tab cannot reach (and navigate) the chat.
    expect(await opened.evaluate(() => window.opener)).toBeNull();
    await opened.close();
  });

  it('the tab title names the open room, after the count of unread chats', async () => {
    const { alice, bob, aliceUser } = await e2e.aliceAndBobInARoom();
    await expect.poll(() => alice.page.title()).toBe('Bob · Natter');
    await expect.poll(() => bob.page.title()).toBe('Alice · Natter');

    const carolUser = await e2e.register('carol');
    const room = await createDirectRoom(e2e.url, carolUser, aliceUser);
    await seedMessages(e2e.url, carolUser, room.id, 3, (i) => `ping ${i}`);

    await expect.poll(() => alice.page.title()).toBe('(3) Bob · Natter');
  });
});
