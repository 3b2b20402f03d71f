import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { connect, makeAdmin } from './helpers/api.js';
import { composer, createGroupInUi, messageLog, openRoom, roomsNav } from './helpers/app.js';
import { useE2e } from './helpers/suite.js';

/** Opens the open conversation's details from its header (the title is a button). */
async function openDetails(page: Page, title: string) {
  await page
    .getByRole('heading', { level: 1 })
    .getByRole('button', { name: new RegExp(`^${title}`) })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Group details' });
  await dialog.waitFor();
  return dialog;
}

/** A system line in the open room's timeline, by its exact text. */
const line = (page: Page, text: string) => messageLog(page).getByText(text, { exact: true });

describe('group details', () => {
  const e2e = useE2e();

  it('members are added from the panel, an admin renames, the owner removes: everyone sees it in the timeline', async () => {
    const [aliceUser, bobUser, carolUser, daveUser] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((name) => e2e.register(name)),
    );
    const [alice, bob, carol, dave] = await Promise.all(
      [aliceUser, bobUser, carolUser, daveUser].map((user) => e2e.signIn(user!)),
    );

    // Alice creates the group and makes Bob an admin.
    await createGroupInUi(alice!.page, 'Book club', [bobUser!, carolUser!]);
    const roomId = alice!.page.url().split('/').pop()!;
    await makeAdmin(e2e.url, aliceUser!, roomId, bobUser!);

    // Alice adds Dave from the panel; Dave gets the room and the line.
    const panel = await openDetails(alice!.page, 'Book club');
    await panel.getByRole('searchbox', { name: 'Add members' }).fill(daveUser!.username);
    await panel
      .getByRole('button')
      .filter({ hasText: `@${daveUser!.username}` })
      .click();
    await panel.getByText('Added Dave.').waitFor();
    await panel.getByText('4 members').waitFor();
    await alice!.page.keyboard.press('Escape');
    await line(alice!.page, 'You added Dave').waitFor();
    await openRoom(dave!.page, 'Book club');
    await line(dave!.page, 'Alice added you').waitFor();
    await openRoom(carol!.page, 'Book club');
    await line(carol!.page, 'Alice added Dave').waitFor();

    // Bob, an admin, renames the group; everyone sees the new name and the line.
    await openRoom(bob!.page, 'Book club');
    const bobPanel = await openDetails(bob!.page, 'Book club');
    await bobPanel.getByLabel('Group name').fill('Reading circle');
    await bobPanel.getByRole('button', { name: 'Rename' }).click();
    await bobPanel.getByText('Name saved.').waitFor();
    await bobPanel.getByRole('radio', { name: 'Teal' }).check();
    await bobPanel.getByText('Colour set to teal.').waitFor();
    await bob!.page.keyboard.press('Escape');
    for (const person of [alice!, carol!, dave!]) {
      await line(person.page, 'Bob renamed the group to “Reading circle”').waitFor();
      await person.page.getByRole('heading', { level: 1, name: /^Reading circle/ }).waitFor();
      await roomsNav(person.page).getByRole('link').filter({ hasText: 'Reading circle' }).waitFor();
    }
    await line(bob!.page, 'You renamed the group to “Reading circle”').waitFor();
    await line(alice!.page, 'Bob changed the group colour to teal').waitFor();
    // The rooms list previews the line as a sentence, not as "Bob: …".
    await roomsNav(carol!.page).getByText('Bob changed the group colour to teal').waitFor();

    // Alice removes Carol (after a confirmation); Carol is told, and the room leaves her list.
    const again = await openDetails(alice!.page, 'Reading circle');
    await again.getByRole('button', { name: 'Remove Carol' }).click();
    const confirm = alice!.page.getByRole('dialog', { name: 'Remove Carol?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await again.getByText('3 members').waitFor();
    await alice!.page.keyboard.press('Escape');
    await line(alice!.page, 'You removed Carol').waitFor();
    await line(dave!.page, 'Alice removed Carol').waitFor();

    await carol!.page
      .getByRole('status')
      .getByText('You were removed from “Reading circle”.')
      .waitFor();
    await roomsNav(carol!.page).getByRole('link').filter({ hasText: 'Reading circle' }).waitFor({
      state: 'detached',
    });
    await composer(carol!.page).waitFor({ state: 'detached' });

    // Carol cannot send any more, whatever client she uses.
    const socket = await connect(e2e.url, carolUser!.token);
    try {
      const ack = await socket.timeout(10_000).emitWithAck('message:send', {
        roomId,
        clientId: `after-removal-${Date.now()}`,
        type: 'text',
        content: 'am I still here?',
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      socket.close();
    }
  });

  it('a member leaves after confirming: the room leaves all their tabs with a notice, the others see "… left"', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const [alice, bob, bobPhone] = await Promise.all([
      e2e.signIn(aliceUser),
      e2e.signIn(bobUser),
      e2e.signIn(bobUser),
    ]);
    await createGroupInUi(alice.page, 'Quiz night', [bobUser]);
    await openRoom(bob.page, 'Quiz night');
    await roomsNav(bobPhone.page).getByRole('link').filter({ hasText: 'Quiz night' }).waitFor();

    const panel = await openDetails(bob.page, 'Quiz night');
    await panel.getByRole('button', { name: 'Leave group' }).click();
    await bob.page
      .getByRole('dialog', { name: 'Leave “Quiz night”?' })
      .getByRole('button', { name: 'Leave' })
      .click();

    for (const tab of [bob, bobPhone]) {
      await tab.page.getByRole('status').getByText('You left “Quiz night”.').waitFor();
      await roomsNav(tab.page).getByRole('link').filter({ hasText: 'Quiz night' }).waitFor({
        state: 'detached',
      });
    }
    await line(alice.page, 'Bob left').waitFor();
  });

  it("a direct chat's details show the other person", async () => {
    const { alice } = await e2e.aliceAndBobInARoom();
    await alice.page
      .getByRole('heading', { level: 1 })
      .getByRole('button', { name: /^Bob/ })
      .click();
    const dialog = alice.page.getByRole('dialog', { name: 'Contact' });
    await dialog.getByText('Bob', { exact: true }).waitFor();
    await dialog.getByText(/^@bob_/).waitFor();
  });
});
