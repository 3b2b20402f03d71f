import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  composer,
  messageBarrier,
  messageText,
  openRoom,
  ownMessage,
  renderedMessages,
  roomsNav,
  sendMessage,
  signOutButton,
  signInInUi,
  usernameField,
} from './helpers/app.js';
import type { Person } from './helpers/app.js';
import { holdSends } from './helpers/network.js';
import { seriousAxeViolations } from './helpers/support.js';
import type { SendHold } from './helpers/network.js';
import { useE2e } from './helpers/suite.js';

const TEXTS = ['first, typed offline', 'second, typed offline', 'third, typed offline'];
const ONE_OF_THEM = /^(first|second|third), typed offline$/;

/**
 * How many messages the app has saved in its IndexedDB outbox. A tab closed within the
 * millisecond after a send may lose that last write (documented): the tests wait for the writes,
 * as a person's "close the tab" never comes that fast.
 */
const savedOutbox = (page: Page) =>
  page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    // Opening a database that does not exist yet would create it without its stores.
    if (!names.includes('natter-outbox')) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('natter-outbox');
      open.onerror = () => reject(open.error ?? new Error('cannot open the outbox'));
      open.onsuccess = () => {
        const db = open.result;
        const count = db.transaction('messages').objectStore('messages').count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result);
        };
      };
    });
  });

/** Types the three messages; each shows at once as pending. */
async function typeThree(page: Page): Promise<void> {
  for (const text of TEXTS) {
    await sendMessage(page, text);
    await ownMessage(page, text).getByLabel('Sending').waitFor();
  }
  await expect.poll(() => savedOutbox(page)).toBe(3);
}

/** A new tab of the same browser (same IndexedDB, same session cookie) with the room open. */
async function reopen(person: Person): Promise<Person> {
  const page = await person.context.newPage();
  await page.goto('/');
  await roomsNav(page).waitFor();
  await openRoom(page, 'Bob');
  return { context: person.context, page };
}

/** Proves Bob has the three, each once, in the order they were typed. */
async function bobHasThemOnceInOrder(alice: Person, bob: Person): Promise<void> {
  await messageText(bob.page, TEXTS[2]!).waitFor();
  await messageBarrier(alice, bob);
  expect(await renderedMessages(bob.page, ONE_OF_THEM)).toEqual(TEXTS);
}

describe('the outbox outlives the tab', () => {
  const e2e = useE2e();

  /** Alice and Bob in their room; Alice typed the three, and the network holds their sends. */
  async function typedThreeHeld() {
    let hold: SendHold | undefined;
    const people = await e2e.aliceAndBobInARoom(async (context) => {
      hold = await holdSends(context);
    });
    const sends = hold!;
    sends.hold();
    await typeThree(people.alice.page);
    return { ...people, sends };
  }

  it('messages typed offline in a closed tab go out once, in order, when a new tab opens online', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await alice.context.setOffline(true);
    await typeThree(alice.page);
    await alice.page.close();
    await alice.context.setOffline(false);

    const again = await reopen(alice);
    await bobHasThemOnceInOrder(again, bob);
    expect(await renderedMessages(again.page, ONE_OF_THEM)).toEqual(TEXTS);
    await expect.poll(() => savedOutbox(again.page)).toBe(0);
  });

  it('a reload while nothing can go out shows them pending, in order, in the room and the rooms list; then each goes out once', async () => {
    const { alice, bob, sends } = await typedThreeHeld();

    await alice.page.reload();
    await openRoom(alice.page, 'Bob');
    expect(await renderedMessages(alice.page, ONE_OF_THEM)).toEqual(TEXTS);
    for (const text of TEXTS) await ownMessage(alice.page, text).getByLabel('Sending').waitFor();
    const roomLink = roomsNav(alice.page).getByRole('link').filter({ hasText: 'Bob' });
    await roomLink.getByText(`You: ${TEXTS[2]!}`).waitFor();
    await roomLink.getByRole('img', { name: 'Sending' }).waitFor();
    expect(await renderedMessages(bob.page, ONE_OF_THEM)).toEqual([]);

    sends.release();
    await bobHasThemOnceInOrder(alice, bob);
    await roomLink.getByRole('img', { name: 'Sending' }).waitFor({ state: 'detached' });
  });

  it("a tab leaves another open tab's queue alone, and sends it once that tab closes", async () => {
    const { alice, bob, sends } = await typedThreeHeld();
    const other = await reopen(alice);
    await messageBarrier(bob, other);
    expect(await renderedMessages(other.page, ONE_OF_THEM)).toEqual([]);

    await alice.page.close();
    for (const text of TEXTS) await ownMessage(other.page, text).getByLabel('Sending').waitFor();
    sends.release();
    await bobHasThemOnceInOrder(other, bob);
    expect(await renderedMessages(other.page, ONE_OF_THEM)).toEqual(TEXTS);
  });

  it('a draft survives a closed tab, and is gone once sent', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await composer(alice.page).fill('half a thought');
    await alice.page.close();

    const again = await reopen(alice);
    await expect.poll(() => composer(again.page).inputValue()).toBe('half a thought');
    await composer(again.page).press('Enter');
    await messageText(bob.page, 'half a thought').waitFor();
    await again.page.close();

    const third = await reopen(alice);
    expect(await composer(third.page).inputValue()).toBe('');
  });

  it('signing out with unsent messages warns, then leaves none of them on the computer', async () => {
    const { aliceUser, alice } = await typedThreeHeld();
    await signOutButton(alice.page).click();
    const dialog = alice.page.getByRole('dialog', { name: 'Sign out?' });
    await dialog.getByText('3 messages have not been sent yet', { exact: false }).waitFor();
    // The warning over a rooms list that shows the unsent message: axe in both palettes.
    for (const colorScheme of ['light', 'dark'] as const) {
      await alice.page.emulateMedia({ colorScheme });
      // Axe would measure colours halfway through the palette's transitions.
      await expect.poll(() => alice.page.evaluate(() => document.getAnimations().length)).toBe(0);
      expect(await seriousAxeViolations(alice.page), colorScheme).toEqual([]);
    }
    await dialog.getByRole('button', { name: 'Delete and sign out' }).click();
    await usernameField(alice.page).waitFor();
    await expect.poll(() => savedOutbox(alice.page)).toBe(0);

    await signInInUi(alice.page, aliceUser.username, aliceUser.password);
    await openRoom(alice.page, 'Bob');
    expect(await renderedMessages(alice.page, ONE_OF_THEM)).toEqual([]);
  });
});
