/**
 * The mentions and privacy screenshots in docs/screenshots (issue #15): `npm run build && npx tsx
 * e2e/screenshots-extras-mentions.ts`. A design team's group where messages mention the reader
 * (by name and with @all) and someone else: the rooms list with its @ badges, the group with the
 * messages that call on the reader highlighted, the composer's @ list open, in light and dark, on
 * a phone, and the Privacy card of the profile page. Not a test; look at the PNGs after UI changes.
 */
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { createDirectRoom, createGroupRoom, registerAs, seedMessages } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { composer, messageText, openRoom, roomsNav, signedIn } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { desktop, phone, shot } from './helpers/screenshots.js';
import { startServer } from './helpers/server.js';

// Touch, so the composer's @ list shows as it does on a phone.
const touchPhone: BrowserContextOptions = { ...phone, hasTouch: true, isMobile: true };

interface Team {
  maya: E2eUser;
  sam: E2eUser;
  priya: E2eUser;
  tom: E2eUser;
  lena: E2eUser;
  launchId: string;
  designId: string;
}

const say = (url: string, from: E2eUser, roomId: string, text: string) =>
  seedMessages(url, from, roomId, 1, () => text);

/** Maya's team, their group "Design" and two more rooms, with mentions of her in both groups. */
async function seed(url: string): Promise<Team> {
  const [maya, sam, priya, tom, lena] = await Promise.all([
    registerAs(url, 'maya.lopez', 'Maya Lopez'),
    registerAs(url, 'sam.rivera', 'Sam Rivera'),
    registerAs(url, 'priya.n', 'Priya Natarajan'),
    registerAs(url, 'tom.becker', 'Tom Becker'),
    registerAs(url, 'lena.ortiz', 'Lena Ortiz'),
  ]);
  const launchId = (await createGroupRoom(url, tom, 'Launch', [maya, sam])).id;
  await say(url, tom, launchId, 'Press kit is final 🎉');
  await say(url, tom, launchId, '@maya.lopez can you post it in the newsroom?');
  const designId = (await createGroupRoom(url, sam, 'Design', [maya, priya, tom, lena])).id;
  await say(url, sam, designId, 'Morning! The new onboarding mockups are in Figma.');
  await say(url, priya, designId, '@maya.lopez can you check the copy on step 3 before noon?');
  await say(url, tom, designId, 'Looks great. I left a few notes on the empty states.');
  await say(url, sam, designId, '@tom.becker the icons need the 2px stroke, right?');
  await say(url, lena, designId, '@all design review moved to 3pm today');
  const direct = await createDirectRoom(url, sam, maya);
  await say(url, sam, direct.id, 'Lunch after the review?');
  return { maya, sam, priya, tom, lena, launchId, designId };
}

/** What the teammates ask Maya next, one line per run after the first. */
const FOLLOW_UPS = [
  ['@maya.lopez and the blog post?', '@maya.lopez step 4 too, please'],
  ['@maya.lopez the press photos are in the drive', '@maya.lopez and the footer links?'],
] as const;

/** New unread mentions of Maya in both groups (a run has read the earlier ones). */
async function remention(url: string, team: Team, round: 0 | 1) {
  const [launch, design] = FOLLOW_UPS[round];
  await say(url, team.tom, team.launchId, launch);
  await say(url, team.priya, team.designId, design);
}

/** The list, the highlighted group and the @ list, in one palette on the desktop. */
async function desktopShots(url: string, browser: Browser, team: Team, dark: boolean) {
  const suffix = dark ? 'dark' : 'light';
  const { context, page } = await signedIn(browser, url, team.maya, undefined, {
    ...desktop,
    colorScheme: dark ? 'dark' : 'light',
  });
  // Sam's direct room open: the two groups show their @ badges in the list.
  await openRoom(page, 'Sam Rivera');
  await roomsNav(page)
    .getByRole('link', { name: /^Design\b.*mention/ })
    .waitFor();
  if (!dark) await shot(page, 'mentions-badge');

  await openRoom(page, 'Design');
  await messageText(page, '@all design review moved to 3pm today').waitFor();
  await shot(page, `mentions-highlight-${suffix}`);
  await composer(page).pressSequentially('@');
  await page.getByRole('listbox', { name: 'People to mention' }).waitFor();
  await composer(page).press('ArrowDown');
  await shot(page, `mentions-autocomplete-${suffix}`);
  await context.close();
}

async function phoneShot(url: string, browser: Browser, team: Team) {
  const { context, page } = await signedIn(browser, url, team.maya, undefined, touchPhone);
  await openRoom(page, 'Design');
  await messageText(page, '@all design review moved to 3pm today').waitFor();
  await composer(page).pressSequentially('@pr');
  await page.getByRole('listbox', { name: 'People to mention' }).waitFor();
  await shot(page, 'mentions-phone');
  await context.close();
}

async function privacyShot(url: string, browser: Browser, team: Team) {
  const { context, page } = await signedIn(browser, url, team.maya, undefined, desktop);
  await page.getByRole('button', { name: /profile and account/ }).click();
  const receipts = page.getByRole('checkbox', { name: 'Read receipts' });
  await receipts.waitFor();
  // `uncheck` waits until the switch is enabled: the settings have loaded.
  await receipts.uncheck();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await shot(page, 'privacy-settings');
  await context.close();
}

async function main() {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const team = await seed(server.url);
    for (const dark of [false, true]) {
      // Each palette's run reads the groups: their mentions come again for the next one.
      if (dark) await remention(server.url, team, 0);
      await desktopShots(server.url, browser, team, dark);
    }
    await remention(server.url, team, 1);
    await phoneShot(server.url, browser, team);
    await privacyShot(server.url, browser, team);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
