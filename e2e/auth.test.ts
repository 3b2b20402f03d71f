import { describe, expect, it } from 'vitest';
import { PASSWORD, uniqueName } from './helpers/api.js';
import {
  passwordField,
  roomsNav,
  signInButton,
  signInInUi,
  signOutButton,
  signUpInUi,
  usernameField,
} from './helpers/app.js';
import { useE2e } from './helpers/suite.js';

describe('accounts in the browser', () => {
  const e2e = useE2e();

  it('signing up with a display name lands on the rooms screen, signed in as that name', async () => {
    const { page } = await e2e.open();
    const username = uniqueName('carol');

    await signUpInUi(page, { username, password: PASSWORD, displayName: 'Carol Signup' });

    await roomsNav(page).waitFor();
    await page.getByText('Carol Signup').first().waitFor();
    expect(await usernameField(page).count()).toBe(0);
  });

  it('signing out returns to the sign-in form, and signing in again restores the session', async () => {
    const user = await e2e.register('dave');
    const { page } = await e2e.signIn(user);

    await signOutButton(page).click();
    await signInButton(page).waitFor();
    expect(await roomsNav(page).count()).toBe(0);

    await signInInUi(page, user.username, user.password);
    await roomsNav(page).waitFor();
    expect(await signInButton(page).count()).toBe(0);
  });

  it('a wrong password shows an error and keeps the form, signed out', async () => {
    const user = await e2e.register('erin');
    const { page } = await e2e.open();

    await signInInUi(page, user.username, 'not the password');

    await page
      .getByRole('alert')
      .filter({ hasText: /password|invalid|incorrect/i })
      .waitFor();
    expect(await signInButton(page).isVisible()).toBe(true);
    expect(await passwordField(page).isVisible()).toBe(true);
    expect(await roomsNav(page).count()).toBe(0);
  });

  it('a reload keeps the session: the rooms screen comes back without the form', async () => {
    const user = await e2e.register('fay');
    const { page } = await e2e.signIn(user);

    await page.reload();

    await roomsNav(page).waitFor();
    expect(await usernameField(page).count()).toBe(0);
  });
});
