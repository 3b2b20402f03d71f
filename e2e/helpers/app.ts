import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
} from 'playwright-core';
import type { E2eUser } from './api.js';

/**
 * The web app as a person sees it: every locator goes through the accessibility contract
 * (roles and accessible names), never through CSS classes or component structure.
 */

/** How long an action waits for its element before failing: well under the test's timeout. */
const ACTION_TIMEOUT_MS = 10_000;
/**
 * How long a page load may take: a first load compiles the app's scripts, and a test that opens
 * four people at once on this 2-core machine, beside another test file, took more than the
 * action bound (the clean clone's `group-details`). A guard against a hang, not a speed check.
 */
const NAVIGATION_TIMEOUT_MS = 30_000;

/** One person's browser: a context of its own (own cookies, own socket) with one tab. */
export interface Person {
  context: BrowserContext;
  page: Page;
}

/** Prepares a new context before its page loads (e.g. routes its WebSocket). */
export type ContextSetup = (context: BrowserContext) => Promise<void>;

/** Opens the app in a new, empty browser context (`options`: viewport, colour scheme…). */
export async function openApp(
  browser: Browser,
  url: string,
  setup?: ContextSetup,
  options: BrowserContextOptions = {},
): Promise<Person> {
  const context = await browser.newContext({ ...options, baseURL: url });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  await setup?.(context);
  const page = await context.newPage();
  await page.goto('/');
  return { context, page };
}

export const usernameField = (page: Page) => page.getByLabel('Username', { exact: true });
export const passwordField = (page: Page) => page.getByLabel('Password', { exact: true });
export const displayNameField = (page: Page) => page.getByLabel('Display name', { exact: true });
export const signInButton = (page: Page) =>
  page.getByRole('button', { name: 'Sign in', exact: true });
export const signUpButton = (page: Page) =>
  page.getByRole('button', { name: 'Sign up', exact: true });
export const signOutButton = (page: Page) =>
  page.getByRole('button', { name: 'Sign out', exact: true });
export const roomsNav = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });
export const messageLog = (page: Page) => page.getByRole('log', { name: 'Messages' });
export const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

/** Signs up through the form (switching it to sign-up mode first when it opens on sign-in). */
export async function signUpInUi(
  page: Page,
  account: { username: string; password: string; displayName?: string },
): Promise<void> {
  await usernameField(page).waitFor();
  if (!(await displayNameField(page).isVisible())) await switchToSignUp(page);
  await usernameField(page).fill(account.username);
  await passwordField(page).fill(account.password);
  if (account.displayName !== undefined) await displayNameField(page).fill(account.displayName);
  await signUpButton(page).click();
}

/** The form opens on sign-in; "Create an account" switches it to sign-up. */
async function switchToSignUp(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Create an account', exact: true }).click();
  await displayNameField(page).waitFor();
}

/** Fills and submits the sign-in form (the app opens on it when signed out). */
export async function signInInUi(page: Page, username: string, password: string): Promise<void> {
  await usernameField(page).fill(username);
  await passwordField(page).fill(password);
  await signInButton(page).click();
}

/** A new browser context with `user` signed in through the form, on the rooms screen. */
export async function signedIn(
  browser: Browser,
  url: string,
  user: E2eUser,
  setup?: ContextSetup,
  options?: BrowserContextOptions,
): Promise<Person> {
  const person = await openApp(browser, url, setup, options);
  await signInInUi(person.page, user.username, user.password);
  await roomsNav(person.page).waitFor();
  return person;
}

/** Opens the room whose link in the Rooms navigation mentions `name`. */
export async function openRoom(page: Page, name: string): Promise<void> {
  await roomsNav(page).getByRole('link').filter({ hasText: name }).first().click();
  await composer(page).waitFor();
}

/** Types a message in the composer and sends it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

let markers = 0;

/**
 * Proves that something did not reach the observers, without sleeping: the sender posts a marker
 * message in the open room, and once every observer shows it, whatever the server sent them
 * before has been applied and rendered too (a connection delivers in order, the app applies
 * events in order). The marker stays in the room: count messages by their own text.
 */
export async function messageBarrier(sender: Person, ...observers: Person[]): Promise<void> {
  const marker = `barrier ${Date.now()}-${++markers}`;
  await sendMessage(sender.page, marker);
  await Promise.all(observers.map(({ page }) => messageText(page, marker).waitFor()));
}

/** The message bodies in the open room whose text is exactly `text` (count them: 1 = once). */
export const messageText = (page: Page, text: string) =>
  messageLog(page).getByText(text, { exact: true });

/** The whole message (an article: text, time, status, actions) whose text is exactly `text`. */
export const messageItem = (page: Page, text: string): Locator =>
  messageLog(page)
    .getByRole('article')
    .filter({ has: page.getByText(text, { exact: true }) });

/**
 * One of a message's hover actions by its verb: "Reply", "Edit", "Delete" (named for the message:
 * "Reply to Alice: lunch?", "Edit your message: …").
 */
export const messageActionButton = (item: Locator, action: string): Locator =>
  item.getByRole('button', { name: new RegExp(`^${action}\\b`) });

/** Clicks one of a message's actions ("Reply", "Edit", "Delete"), shown on hover. */
export async function messageAction(page: Page, text: string, action: string): Promise<void> {
  const item = messageItem(page, text);
  await item.hover();
  await messageActionButton(item, action).click();
}

/** The composer's emoji picker, opened with its button once its grid is there. */
export async function openEmojiPicker(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Emoji', exact: true }).click();
  const picker = page.getByRole('dialog', { name: 'Emoji' });
  await picker.getByRole('grid').waitFor();
  return picker;
}

/** The Ctrl+J room switcher, opened from wherever focus is, once it lists a room. */
export async function openRoomSwitcher(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+j');
  const switcher = page.getByRole('dialog', { name: 'Jump to a room' });
  await switcher.getByRole('option').first().waitFor();
  return switcher;
}

/** One of my own messages: the element in the log that carries `data-status`. */
export const ownMessage = (page: Page, text: string): Locator =>
  messageLog(page)
    .locator('[data-status]')
    .filter({ has: page.getByText(text, { exact: true }) });

/** The `data-status` of my message, or null while it is not on screen (for `expect.poll`). */
export const statusOf = (page: Page, text: string) =>
  ownMessage(page, text)
    .getAttribute('data-status', { timeout: 1_000 })
    .catch(() => null);

/** The texts of the message bodies rendered in the log, top to bottom. */
export function renderedMessages(page: Page, pattern: RegExp): Promise<string[]> {
  return messageLog(page)
    .getByText(pattern)
    .evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
}

/**
 * Whether `target` is inside the message log's visible area: a virtualised list keeps rows just
 * off screen in the DOM, where Playwright would call them "visible".
 */
export async function isInView(page: Page, target: Locator): Promise<boolean> {
  if ((await target.count()) !== 1) return false;
  const [box, view] = await Promise.all([
    target.boundingBox({ timeout: 1_000 }).catch(() => null),
    messageLog(page).boundingBox(),
  ]);
  if (!box || !view) return false;
  return box.y >= view.y - 1 && box.y + box.height <= view.y + view.height + 1;
}

/** "New chat": searches people for `query` and opens the direct room with the one named `pick`. */
export async function startDirectChat(page: Page, query: string, pick: string): Promise<void> {
  await page.getByRole('button', { name: 'New chat', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New chat' });
  await dialog.getByRole('searchbox').fill(query);
  await dialog.getByRole('button').filter({ hasText: pick }).first().click();
  await composer(page).waitFor();
}

/** "New group": names a group, adds each of `members` found by username, and creates it. */
export async function createGroupInUi(
  page: Page,
  name: string,
  members: readonly { username: string }[],
): Promise<void> {
  await page.getByRole('button', { name: 'New group', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New group' });
  await dialog.getByLabel('Group name').fill(name);
  for (const member of members) {
    await dialog.getByRole('searchbox').fill(member.username);
    await dialog
      .getByRole('button')
      .filter({ hasText: `@${member.username}` })
      .click();
  }
  await dialog.getByRole('button', { name: 'Create group', exact: true }).click();
  await composer(page).waitFor();
}
