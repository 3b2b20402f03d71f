import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createDirectRoom, createGroupRoom, markRead, seedMessages } from './helpers/api.js';
import { isInView, messageLog, messageText, renderedMessages, roomsNav } from './helpers/app.js';
import type { Person } from './helpers/app.js';
import { useE2e } from './helpers/suite.js';
import { seriousAxeViolations } from './helpers/support.js';

/** More than two pages of history (50 a page), so the oldest messages are not on the first. */
const COUNT = 130;
const label = (i: number) => `history ${String(i).padStart(3, '0')}`;
const HISTORY_TEXT = /^history \d{3}$/;
const OLD = 'the quarterly zeppelin budget';
const OLD_INDEX = 5;

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

const searchDialog = (page: Page) => page.getByRole('dialog', { name: 'Search messages' });
const searchBox = (page: Page) =>
  searchDialog(page).getByRole('combobox', { name: 'Search messages' });
const results = (page: Page) =>
  searchDialog(page).getByRole('listbox', { name: 'Results' }).getByRole('option');

/** Ctrl+K from wherever focus is, then `query` typed in the box, once a result shows. */
async function search(page: Page, query: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await searchBox(page).waitFor();
  await searchBox(page).pressSequentially(query);
  await results(page).first().waitFor();
}

describe('message search in the browser', () => {
  const e2e = useE2e();

  /**
   * Bob, signed in, in a direct room with Alice of COUNT messages, all read, the one at OLD_INDEX
   * being OLD (far back), and in a group "Book club" where Carol mentioned zeppelins too.
   */
  async function bobWithHistory(): Promise<Person> {
    const [alice, bob, carol] = await Promise.all([
      e2e.register('alice'),
      e2e.register('bob'),
      e2e.register('carol'),
    ]);
    const direct = await createDirectRoom(e2e.url, alice, bob);
    const group = await createGroupRoom(e2e.url, carol, 'Book club', [bob]);
    const seeded = await seedMessages(e2e.url, alice, direct.id, COUNT, (i) =>
      i === OLD_INDEX ? OLD : label(i),
    );
    await seedMessages(e2e.url, carol, group.id, 1, () => 'zeppelins are back');
    const newest = seeded.at(-1);
    if (newest) await markRead(e2e.url, bob, direct.id, newest.id);
    return e2e.signIn(bob);
  }

  it('Ctrl+K finds messages by a prefix, grouped by room, each match a <mark>', async () => {
    const { page } = await bobWithHistory();
    await search(page, 'zeppel');
    await expect.poll(() => results(page).count()).toBe(2);
    const groups = searchDialog(page).getByRole('listbox').getByRole('group');
    expect(await groups.count()).toBe(2);
    expect(await groups.nth(0).getAttribute('aria-label')).toBeTruthy();
    const marks = await searchDialog(page).locator('mark').allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toEqual(
      expect.arrayContaining(['zeppelin', 'zeppelins']),
    );
    // Nothing found says so.
    await searchBox(page).fill('nonexistentword');
    await searchDialog(page).getByText('No messages match “nonexistentword”.').waitFor();
    // Esc closes, focus goes back.
    await page.keyboard.press('Escape');
    await searchDialog(page).waitFor({ state: 'hidden' });
  });

  it('opens the room at an old result with the keyboard, highlighted, reads forward and jumps to the latest', async () => {
    const { page } = await bobWithHistory();
    // The history requests the app makes, read off its socket (a reload opens a new one).
    const sent: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', (frame) => sent.push(String(frame.payload))),
    );
    await page.reload();
    await roomsNav(page).getByRole('link').first().waitFor();
    await search(page, 'quarterly zeppelin');
    // Up/Down move the choice; Enter opens the chosen result.
    const selected = () => results(page).and(page.locator('[aria-selected="true"]')).innerText();
    // A short message is its own snippet, whole.
    await expect.poll(selected).toContain(OLD);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect.poll(selected).toContain(OLD);
    await page.keyboard.press('Enter');
    await searchDialog(page).waitFor({ state: 'hidden' });

    expect(new URL(page.url()).searchParams.get('message')).toBeTruthy();
    await expect.poll(() => isInView(page, messageText(page, OLD))).toBe(true);
    await messageLog(page).locator('.message.highlighted').filter({ hasText: OLD }).waitFor();
    // The newest messages are not there: the room shows a window far back, not the tail, loaded
    // around the message at once, never paged back to.
    expect(await messageText(page, label(COUNT - 1)).count()).toBe(0);
    const loads = sent.filter((frame) => frame.includes('messages:load'));
    expect(loads.some((frame) => frame.includes('"around"'))).toBe(true);
    expect(loads.filter((frame) => frame.includes('"before"'))).toEqual([]);

    // Scrolling down reads forward, page after page, in order, none twice.
    const jump = page.getByRole('button', { name: 'Jump to latest' });
    await jump.waitFor();
    await messageLog(page).hover();
    for (let step = 0; step < 100; step++) {
      const rendered = await renderedMessages(page, HISTORY_TEXT);
      expect(rendered).toEqual([...new Set(rendered)].sort());
      if (await isInView(page, messageText(page, label(COUNT - 1)))) break;
      await page.mouse.wheel(0, 1500);
      await page.waitForTimeout(50);
    }
    expect(await isInView(page, messageText(page, label(COUNT - 1)))).toBe(true);

    // Back up a little, then "Jump to latest" brings the newest message and leaves the URL.
    await page.mouse.wheel(0, -3000);
    await jump.click();
    await expect.poll(() => isInView(page, messageText(page, label(COUNT - 1)))).toBe(true);
    expect(new URL(page.url()).searchParams.get('message')).toBeNull();
  });

  it('"Jump to latest" leaves a window far back for the live tail', async () => {
    const { page } = await bobWithHistory();
    await search(page, 'quarterly');
    await page.keyboard.press('Enter');
    await expect.poll(() => isInView(page, messageText(page, OLD))).toBe(true);
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await expect.poll(() => isInView(page, messageText(page, label(COUNT - 1)))).toBe(true);
    expect(await isInView(page, messageText(page, OLD))).toBe(false);
    await page.getByRole('button', { name: 'Jump to latest' }).waitFor({ state: 'hidden' });
  });

  it('shows a message holding markup as its characters: nothing runs, no element is injected', async () => {
    const [alice, bob] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, alice, bob);
    const hostile = [
      '<img src=x onerror=alert(1)> xssprobe',
      '"><script>window.injected=1</script> xssprobe',
    ];
    await seedMessages(e2e.url, alice, room.id, hostile.length, (i) => hostile[i] ?? '');
    const { page } = await e2e.signIn(bob);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await search(page, 'xssprobe');
    await expect.poll(() => results(page).count()).toBe(2);
    const injected = async () =>
      page.evaluate(() => ({
        elements: document.querySelectorAll(
          '[role="listbox"] img:not(.avatar-image), script:not([src])',
        ).length,
        ran: 'injected' in window,
      }));
    expect(await injected()).toEqual({ elements: 0, ran: false });
    await searchDialog(page).getByRole('listbox').locator('mark').first().waitFor();
    // The snippets show the markup as the characters it is, none of it dropped.
    const snippets = (await results(page).allTextContents()).join('\n');
    for (const text of hostile) expect(snippets).toContain(text);

    // Opened, the message shows as the characters it is, in the room too.
    await page.keyboard.press('Enter');
    await searchDialog(page).waitFor({ state: 'hidden' });
    for (const text of hostile) await messageText(page, text).waitFor();
    expect(await injected()).toEqual({ elements: 0, ran: false });
    expect(dialogs).toEqual([]);
  });

  it('on a phone the filters fold behind a "Filters" button, leaving the screen to the results', async () => {
    const [alice, bob] = await Promise.all([e2e.register('alice'), e2e.register('bob')]);
    const room = await createDirectRoom(e2e.url, alice, bob);
    await seedMessages(e2e.url, alice, room.id, 1, () => 'the zeppelin lands at noon');
    const { page } = await e2e.signIn(bob, undefined, PHONE);
    await page.getByRole('button', { name: 'Search messages' }).click();
    await searchBox(page).pressSequentially('zeppelin');
    await results(page).first().waitFor();
    const roomFilter = searchDialog(page).getByRole('combobox', { name: 'In' });
    const toggle = searchDialog(page).getByRole('button', { name: 'Filters' });
    expect(await roomFilter.isVisible()).toBe(false);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    await toggle.click();
    await roomFilter.waitFor();
    await roomFilter.selectOption(room.id);
    // The button counts the filters in use, so a folded one is not forgotten.
    await searchDialog(page).getByRole('button', { name: 'Filters (1)' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  describe.each(['light', 'dark'] as const)('accessibility (%s)', (colorScheme) => {
    it('the open dialog with results has no serious or critical axe violation', async () => {
      const { page } = await bobWithHistory();
      await page.emulateMedia({ colorScheme });
      await search(page, 'zeppel');
      await expect.poll(() => results(page).count()).toBe(2);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
});
