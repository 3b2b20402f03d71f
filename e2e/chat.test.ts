import { describe, expect, it } from 'vitest';
import { createDirectRoom, seedMessages } from './helpers/api.js';
import {
  composer,
  createGroupInUi,
  messageBarrier,
  messageItem,
  messageLog,
  messageText,
  openRoom,
  ownMessage,
  roomsNav,
  sendMessage,
  startDirectChat,
  statusOf,
} from './helpers/app.js';
import { useE2e } from './helpers/suite.js';

describe('chatting in the browser', () => {
  const e2e = useE2e();

  it('"New chat" finds a user by name and opens the direct room, which the other one gets too', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const [alice, bob] = await Promise.all([e2e.signIn(aliceUser), e2e.signIn(bobUser)]);

    await startDirectChat(alice.page, bobUser.username, 'Bob');
    await sendMessage(alice.page, 'hi from a new chat');

    await messageText(alice.page, 'hi from a new chat').waitFor();
    await roomsNav(bob.page).getByText('Alice').first().waitFor();
    await openRoom(bob.page, 'Alice');
    await messageText(bob.page, 'hi from a new chat').waitFor();
    expect(await roomsNav(alice.page).getByRole('link').count()).toBe(1);
    expect(await roomsNav(bob.page).getByRole('link').count()).toBe(1);
  });

  it('"New group" creates a named group whose members all get the message, with its sender', async () => {
    const [aliceUser, bobUser, carolUser] = await Promise.all([
      e2e.register('alice'),
      e2e.register('bob'),
      e2e.register('carol'),
    ]);
    const [alice, bob, carol] = await Promise.all([
      e2e.signIn(aliceUser),
      e2e.signIn(bobUser),
      e2e.signIn(carolUser),
    ]);

    await createGroupInUi(alice.page, 'Weekend plans', [bobUser, carolUser]);
    await sendMessage(alice.page, 'who is in?');

    for (const member of [bob, carol]) {
      await openRoom(member.page, 'Weekend plans');
      await messageText(member.page, 'who is in?').waitFor();
      // The name shows once above the bubble (and is said once more, with the time, to screen readers).
      expect(
        await messageItem(member.page, 'who is in?').getByText('Alice', { exact: true }).count(),
      ).toBe(1);
    }
    await expect.poll(() => statusOf(alice.page, 'who is in?')).toBe('read');
  });

  it('a sent message appears exactly once on both sides', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();

    await sendMessage(alice.page, 'hello Bob');

    await messageText(bob.page, 'hello Bob').waitFor();
    await messageText(alice.page, 'hello Bob').waitFor();
    expect(await composer(alice.page).inputValue()).toBe('');
    await messageBarrier(bob, alice, bob);
    expect(await messageText(alice.page, 'hello Bob').count()).toBe(1);
    expect(await messageText(bob.page, 'hello Bob').count()).toBe(1);
    // Bob has the room open in a visible tab: Alice sees her message read.
    await expect.poll(() => statusOf(alice.page, 'hello Bob')).toBe('read');
  });

  it('typing shows "Alice is typing…" to Bob, and it goes away when she sends', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();

    await composer(alice.page).pressSequentially('still wri');

    await bob.page.getByText('Alice is typing…').waitFor();
    await composer(alice.page).press('Enter');
    await bob.page.getByText('Alice is typing…').waitFor({ state: 'hidden' });
    await messageText(bob.page, 'still wri').waitFor();
  });

  it("the sender's message turns to read once the other opens the room", async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    await createDirectRoom(e2e.url, aliceUser, bobUser);
    const [alice, bob] = await Promise.all([e2e.signIn(aliceUser), e2e.signIn(bobUser)]);
    await openRoom(alice.page, 'Bob');

    await sendMessage(alice.page, 'read me');
    // Bob is online with the room closed: delivered, not read.
    await expect.poll(() => statusOf(alice.page, 'read me')).toBe('delivered');
    await ownMessage(alice.page, 'read me').getByLabel('Delivered').waitFor();

    await bob.page.bringToFront();
    await openRoom(bob.page, 'Alice');

    await expect.poll(() => statusOf(alice.page, 'read me')).toBe('read');
    await ownMessage(alice.page, 'read me')
      .getByRole('img', { name: 'Read', exact: true })
      .waitFor();
  });

  it('a reload keeps the history, once each, and the session', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'first before reload');
    await messageText(bob.page, 'first before reload').waitFor();
    await sendMessage(bob.page, 'second before reload');
    await messageText(alice.page, 'second before reload').waitFor();

    await alice.page.reload();
    await roomsNav(alice.page).waitFor();
    if (!(await composer(alice.page).isVisible())) await openRoom(alice.page, 'Bob');

    await messageText(alice.page, 'second before reload').waitFor();
    expect(await messageText(alice.page, 'first before reload').count()).toBe(1);
    expect(await messageText(alice.page, 'second before reload').count()).toBe(1);
    const texts = await messageLog(alice.page).innerText();
    expect(texts.indexOf('first before reload')).toBeLessThan(
      texts.indexOf('second before reload'),
    );
  });

  it('the title counts unread messages while the room is not open, and clears when it is', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
    const bob = await e2e.signIn(bobUser);
    await expect.poll(() => bob.page.title()).toBe('Natter');

    await seedMessages(e2e.url, aliceUser, room.id, 3, (i) => `unread ${i}`);

    await expect.poll(() => bob.page.title()).toBe('(3) Natter');
    await openRoom(bob.page, 'Alice');
    // Read: the count is gone, and the title names the open room.
    await expect.poll(() => bob.page.title()).toBe('Alice · Natter');
  });

  it('message text that looks like HTML is shown as text, never run', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    const dialogs: string[] = [];
    for (const page of [alice.page, bob.page])
      page.on('dialog', (d) => void dialogs.push(d.message()));
    const html = '<img src=x onerror=alert(1)><b>bold</b>';

    await sendMessage(alice.page, html);

    await messageText(bob.page, html).waitFor();
    await messageText(alice.page, html).waitFor();
    await messageBarrier(bob, alice, bob);
    expect(await messageLog(bob.page).locator('img[src="x"], b').count()).toBe(0);
    expect(await messageLog(alice.page).locator('img[src="x"], b').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
