import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { createDirectRoom, createGroupRoom, PASSWORD } from './helpers/api.js';
import {
  composer,
  messageItem,
  messageText,
  openRoom,
  roomsNav,
  sendMessage,
  signInInUi,
  usernameField,
} from './helpers/app.js';
import { makePng } from './helpers/files.js';
import { seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';

/** The sidebar's button with the signed-in user's name: it opens Profile and account. */
async function openProfile(page: Page): Promise<void> {
  await page.getByRole('button', { name: /profile and account/ }).click();
  await page.getByRole('heading', { name: 'Profile and account', level: 1 }).waitFor();
}

/** Picks an image with "Choose a photo" (the native picker is bypassed), crops and saves it. */
async function setPhoto(page: Page): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Choose a photo|Change photo/ }).click();
  await (
    await chooser
  ).setFiles([{ name: 'me.png', mimeType: 'image/png', buffer: makePng(300, 200) }]);
  const slider = page.getByRole('slider', { name: 'Zoom' });
  await expect.poll(() => slider.isEnabled()).toBe(true);
  await slider.fill('2');
  const frame = page.getByRole('group', { name: 'Crop area' });
  await frame.focus();
  await frame.press('ArrowLeft');
  await page.getByRole('button', { name: 'Use this photo' }).click();
  await page.getByRole('status').filter({ hasText: 'Photo saved.' }).waitFor();
}

/** The uploaded picture inside an element (avatars are decorative: `alt=""`, no role). */
const avatarImage = (scope: Locator) => scope.locator('img[src^="/api/avatars/"]');

/** True once the image has loaded real pixels (the avatar URL served a picture). */
const loaded = (image: Locator) =>
  image.evaluate(
    (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
  );

describe('profile, account and first run', () => {
  const e2e = useE2e();

  it("Alice's new name and photo reach Bob's rooms list and timeline without a reload", async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    await createDirectRoom(e2e.url, aliceUser, bobUser);
    await createGroupRoom(e2e.url, aliceUser, 'Tea', [bobUser]);
    const [alice, bob] = await Promise.all([e2e.signIn(aliceUser), e2e.signIn(bobUser)]);
    await openRoom(alice.page, 'Tea');
    await sendMessage(alice.page, 'kettle is on');
    await openRoom(bob.page, 'Tea');
    await messageText(bob.page, 'kettle is on').waitFor();

    await openProfile(alice.page);
    await alice.page.getByLabel('Name shown to others').fill('Alice Wonder');
    await alice.page.getByRole('button', { name: 'Save name' }).click();
    await alice.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await setPhoto(alice.page);
    // Her own sidebar follows at once.
    await alice.page.getByRole('button', { name: /Alice Wonder/ }).waitFor();

    // The direct room is named after her; the group's preview names her as its last sender.
    const directLink = roomsNav(bob.page).getByRole('link', { name: /^Alice Wonder/ });
    await roomsNav(bob.page)
      .getByRole('link', { name: /^Tea .*Alice Wonder:/ })
      .waitFor();
    await directLink.waitFor();
    await expect.poll(() => loaded(avatarImage(directLink))).toBe(true);
    const message = messageItem(bob.page, 'kettle is on');
    await message.getByText('Alice Wonder', { exact: true }).waitFor();
    await expect.poll(() => loaded(avatarImage(message))).toBe(true);
  });

  it("a password change signs out Alice's other browser and keeps this one", async () => {
    const aliceUser = await e2e.register('alice');
    const [here, elsewhere] = [await e2e.signIn(aliceUser), await e2e.signIn(aliceUser)];

    await openProfile(here.page);
    const change = here.page.getByRole('button', { name: 'Change password' });
    expect(await change.isDisabled()).toBe(true);
    await expect
      .poll(() =>
        change
          .getAttribute('aria-describedby')
          .then((id) => here.page.locator(`#${id}`).textContent()),
      )
      .toBe('Enter your current password.');
    await here.page.getByLabel('Current password').fill(PASSWORD);
    await here.page.getByLabel('New password', { exact: true }).fill('a fresh new password');
    await here.page.getByLabel('Repeat the new password').fill('a fresh new password');
    await change.click();
    await here.page
      .getByRole('status')
      .filter({ hasText: 'Password changed. Your other devices were signed out.' })
      .waitFor();

    await usernameField(elsewhere.page).waitFor();
    await signInInUi(elsewhere.page, aliceUser.username, 'a fresh new password');
    await roomsNav(elsewhere.page).waitFor();
    expect(await roomsNav(here.page).isVisible()).toBe(true);
  });

  it('a wrong current password is refused with a clear message', async () => {
    const aliceUser = await e2e.register('alice');
    const { page } = await e2e.signIn(aliceUser);
    await openProfile(page);
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('a fresh new password');
    await page.getByLabel('Repeat the new password').fill('a fresh new password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'That is not your current password.' })
      .waitFor();
  });

  it('"Sign out everywhere" ends both browsers\u2019 sessions', async () => {
    const aliceUser = await e2e.register('alice');
    const [here, elsewhere] = [await e2e.signIn(aliceUser), await e2e.signIn(aliceUser)];
    await openProfile(here.page);
    await here.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.page
      .getByRole('dialog', { name: 'Sign out everywhere?' })
      .getByRole('button', { name: 'Sign out everywhere' })
      .click();
    await Promise.all([
      usernameField(here.page).waitFor(),
      usernameField(elsewhere.page).waitFor(),
    ]);
  });

  it('a brand-new user is welcomed, and both buttons open their dialogs with people listed', async () => {
    const someone = await e2e.register('aaron');
    const newbie = await e2e.register('nina');
    const { page } = await e2e.signIn(newbie);
    await page.getByRole('heading', { name: 'Welcome to Natter, Nina' }).waitFor();
    await roomsNav(page).getByText('No chats yet.').waitFor();

    await page.getByRole('button', { name: 'Create a group' }).click();
    const group = page.getByRole('dialog', { name: 'New group' });
    const create = group.getByRole('button', { name: 'Create group' });
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('aria-describedby')).toBeTruthy();
    await group.getByText('Name the group and add someone to create it.').waitFor();
    await group.getByRole('list', { name: 'Everyone' }).waitFor();
    await group.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Start a chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'New chat' });
    await dialog
      .getByRole('list', { name: 'Everyone' })
      .getByRole('button')
      .filter({ hasText: `@${someone.username}` })
      .click();
    await composer(page).waitFor();
    await roomsNav(page).getByRole('link').filter({ hasText: 'Aaron' }).waitFor();
  });

  it('"New chat" lists recent people first, before anything is typed', async () => {
    const [aliceUser, bobUser] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    await createDirectRoom(e2e.url, aliceUser, bobUser);
    const { page } = await e2e.signIn(aliceUser);
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    const recent = page
      .getByRole('dialog', { name: 'New chat' })
      .getByRole('list', { name: 'Recent' });
    await recent
      .getByRole('button')
      .filter({ hasText: `@${bobUser.username}` })
      .waitFor();
    expect(await recent.getByRole('button').count()).toBe(1);
  });
});

describe.each(['light', 'dark'] as const)('profile screens pass axe (%s)', (colorScheme) => {
  const e2e = useE2e();

  it('reports no serious or critical violation on first run, settings and the crop', async () => {
    await e2e.register('aaron');
    const { page } = await e2e.signIn(await e2e.register('nina'));
    await page.emulateMedia({ colorScheme });
    const found: Record<string, unknown> = {};
    const audit = async (screen: string) => {
      const violations = await seriousAxeViolations(page);
      if (violations.length > 0) found[screen] = violations;
    };

    await page.getByRole('heading', { name: 'Welcome to Natter, Nina' }).waitFor();
    await audit('first run');
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page
      .getByRole('dialog', { name: 'New chat' })
      .getByRole('list', { name: 'Everyone' })
      .waitFor();
    await audit('new chat with people listed');
    await page.keyboard.press('Escape');

    await openProfile(page);
    await audit('profile and account');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a photo' }).click();
    await (
      await chooser
    ).setFiles([{ name: 'me.png', mimeType: 'image/png', buffer: makePng(300, 200) }]);
    await expect.poll(() => page.getByRole('slider', { name: 'Zoom' }).isEnabled()).toBe(true);
    await audit('photo crop');
    expect(found).toEqual({});
  });
});
