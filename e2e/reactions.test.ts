import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createDirectRoom, seedMessages } from './helpers/api.js';
import {
  composer,
  messageBarrier,
  messageItem,
  messageLog,
  openRoom,
  sendMessage,
} from './helpers/app.js';
import { seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** A message's reaction chip for an emoji ("👍 2: React with 👍, …"). */
const chip = (item: Locator, emoji: string) =>
  item.getByRole('button', { name: new RegExp(`^${emoji} \\d+: React with`) });
const pressed = (target: Locator) => target.getAttribute('aria-pressed');
const focusedLabel = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');

/** Opens a message's "Add a reaction" picker with the mouse, once its grid is there. */
async function openReactionPicker(page: Page, text: string): Promise<Locator> {
  const item = messageItem(page, text);
  await item.hover();
  await item.getByRole('button', { name: /^Add a reaction\b/ }).click();
  const picker = page.getByRole('dialog', { name: 'Emoji' });
  await picker.getByRole('grid').waitFor();
  return picker;
}

/** Picks an emoji in an open picker by its search name (the first result). */
async function pick(picker: Locator, search: string): Promise<void> {
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill(search);
  await picker.getByRole('searchbox', { name: 'Search emoji' }).press('Enter');
  await picker.waitFor({ state: 'detached' });
}

describe('reactions in the browser', () => {
  const e2e = useE2e();

  it('a reaction picked in the picker shows live on both sides; the chip toggles; who reacted shows on hover', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'lunch at noon?');
    const onBob = messageItem(bob.page, 'lunch at noon?');
    await onBob.waitFor();

    await pick(await openReactionPicker(bob.page, 'lunch at noon?'), 'thumbs up');
    await expect.poll(() => pressed(chip(onBob, '👍'))).toBe('true');
    expect(await chip(onBob, '👍').getAttribute('aria-label')).toBe(
      '👍 1: React with 👍, only you',
    );

    const onAlice = messageItem(alice.page, 'lunch at noon?');
    await chip(onAlice, '👍').waitFor();
    expect(await pressed(chip(onAlice, '👍'))).toBe('false');
    expect(await chip(onAlice, '👍').innerText()).toContain('1');
    await chip(onAlice, '👍').hover();
    const tooltip = alice.page.getByRole('tooltip');
    await expect.poll(() => tooltip.innerText()).toBe('Bob reacted with 👍');

    // Alice joins in with a click on the chip: both see two, and who.
    await chip(onAlice, '👍').click();
    await expect.poll(() => pressed(chip(onAlice, '👍'))).toBe('true');
    await expect
      .poll(() => chip(onBob, '👍').getAttribute('aria-label'))
      .toBe('👍 2: React with 👍, 2 people, including you');
    await chip(onBob, '👍').hover();
    await expect
      .poll(() => bob.page.getByRole('tooltip').innerText())
      .toBe('You and Alice reacted with 👍');
    // And takes it back: one again, on both sides.
    await chip(onAlice, '👍').click();
    await expect
      .poll(() => chip(onBob, '👍').getAttribute('aria-label'))
      .toBe('👍 1: React with 👍, only you');
    await expect.poll(() => pressed(chip(onAlice, '👍'))).toBe('false');
  });

  it('the emoji last used comes first in the picker ("Recently used")', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'we shipped it');
    await sendMessage(alice.page, 'and the docs too');
    await messageItem(bob.page, 'and the docs too').waitFor();
    await pick(await openReactionPicker(bob.page, 'we shipped it'), 'party popper');
    await chip(messageItem(bob.page, 'we shipped it'), '🎉').waitFor();

    const picker = await openReactionPicker(bob.page, 'and the docs too');
    expect(await picker.getByText('Recently used', { exact: true }).isVisible()).toBe(true);
    const first = picker.getByRole('gridcell').first().getByRole('button');
    expect(await first.innerText()).toBe('🎉');
    await first.click();
    await chip(messageItem(bob.page, 'and the docs too'), '🎉').waitFor();
  });

  it('reacting works by keyboard alone: the message, its React button, the picker, the chip', async () => {
    const { alice, bob } = await e2e.aliceAndBobInARoom();
    await sendMessage(alice.page, 'keyboard only');
    const item = messageItem(bob.page, 'keyboard only');
    await item.waitFor();

    // Into the timeline from the skip link before it, then into the message's controls.
    await bob.page.getByRole('link', { name: 'Skip to message box' }).focus();
    for (let step = 0; step < 10; step++) {
      await bob.page.keyboard.press('Tab');
      if (await bob.page.evaluate(() => document.activeElement?.tagName === 'ARTICLE')) break;
    }
    await bob.page.keyboard.press('Tab');
    await bob.page.keyboard.press('Tab');
    expect(await focusedLabel(bob.page)).toMatch(/^Add a reaction to Alice’s message/);
    await bob.page.keyboard.press('Enter');
    const picker = bob.page.getByRole('dialog', { name: 'Emoji' });
    await picker.getByRole('grid').waitFor();
    // The search box has focus: type, Enter picks the first result, focus comes back.
    await bob.page.keyboard.type('red heart');
    await bob.page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await focusedLabel(bob.page)).toMatch(/^Add a reaction to Alice’s message/);
    await expect.poll(() => pressed(chip(item, '❤️'))).toBe('true');

    // The chip is in the message's Tab order; focus shows who reacted, Escape hides it.
    await bob.page.keyboard.press('Shift+Tab');
    await bob.page.keyboard.press('Shift+Tab');
    expect(await focusedLabel(bob.page)).toBe('❤️ 1: React with ❤️, only you');
    await expect.poll(() => bob.page.getByRole('tooltip').innerText()).toBe('You reacted with ❤️');
    await bob.page.keyboard.press('Escape');
    await bob.page.getByRole('tooltip').waitFor({ state: 'hidden' });
    await bob.page.keyboard.press('Space');
    await chip(item, '❤️').waitFor({ state: 'detached' });
    await chip(messageItem(alice.page, 'keyboard only'), '❤️').waitFor({ state: 'detached' });
    await messageBarrier(alice, bob);
    expect(await chip(item, '❤️').count()).toBe(0);
  });

  it.each(['light', 'dark'] as const)(
    'the reaction bar, its tooltip and the picker pass axe (%s, desktop and phone)',
    async (colorScheme) => {
      const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
      const room = await createDirectRoom(e2e.url, aliceUser, bobUser);
      await seedMessages(e2e.url, aliceUser, room.id, 1, () => 'audit me');
      for (const viewport of [undefined, PHONE]) {
        const { page } = await e2e.signIn(bobUser, undefined, viewport);
        await page.emulateMedia({ colorScheme });
        await openRoom(page, 'Alice');
        const item = messageItem(page, 'audit me');
        await item.waitFor();
        if (viewport === undefined) {
          await pick(await openReactionPicker(page, 'audit me'), 'thumbs up');
          await chip(item, '👍').hover();
          await page.getByRole('tooltip').waitFor();
          expect(await seriousAxeViolations(page), 'the bar and its tooltip').toEqual([]);
          await openReactionPicker(page, 'audit me');
          expect(await seriousAxeViolations(page), 'the picker').toEqual([]);
          await page.keyboard.press('Escape');
        } else {
          // A phone: the picker from the "⋯" menu, as a sheet at the bottom.
          await item.getByRole('button', { name: /^More actions\b/ }).click();
          await page.getByRole('menuitem', { name: 'Add reaction' }).click();
          const picker = page.getByRole('dialog', { name: 'Emoji' });
          await picker.getByRole('grid').waitFor();
          const box = await picker.boundingBox();
          expect(Math.round((box?.y ?? 0) + (box?.height ?? 0))).toBe(PHONE.viewport.height);
          expect(await seriousAxeViolations(page), 'the phone picker').toEqual([]);
          await page.keyboard.press('Escape');
          await picker.waitFor({ state: 'detached' });
          expect(await seriousAxeViolations(page), 'the phone bar').toEqual([]);
        }
        expect(await composer(page).count()).toBe(1);
        await messageLog(page).waitFor();
      }
    },
  );
});
