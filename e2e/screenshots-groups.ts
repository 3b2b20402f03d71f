/**
 * The group details' screenshots (called by e2e/screenshots.ts): a group's timeline with its
 * membership, rename and colour lines, and its details dialog (members with presence and roles,
 * name, colour, add, remove, leave) in light and dark.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { E2eUser } from './helpers/api.js';
import { addMember, createGroupRoom, makeAdmin, seedMessages, updateGroup } from './helpers/api.js';
import { messageText, openRoom, signedIn } from './helpers/app.js';

type Shot = (page: Page, name: string) => Promise<void>;

export async function groupShots(
  url: string,
  browser: Browser,
  shot: Shot,
  owner: E2eUser,
  [admin, member, newcomer]: readonly [E2eUser, E2eUser, E2eUser],
  desktop: BrowserContextOptions,
): Promise<void> {
  const say = (from: E2eUser, roomId: string, text: string) =>
    seedMessages(url, from, roomId, 1, () => text);
  const room = (await createGroupRoom(url, owner, 'Launch plans', [admin, member])).id;
  await makeAdmin(url, owner, room, admin);
  await say(member, room, 'Press kit is final, sending it to the agency today.');
  await say(owner, room, 'Great. Dan is joining us to run the launch event.');
  await addMember(url, owner, room, newcomer);
  await say(newcomer, room, 'Hi all! Happy to help, venue is booked for the 14th.');
  await updateGroup(url, admin, room, { name: 'Launch crew', color: 'teal' });
  await say(admin, room, 'New name, same plan: see you at standup.');

  // The admin stays online, so the panel shows presence in both states.
  const online = await signedIn(browser, url, admin, undefined, desktop);
  for (const colorScheme of ['light', 'dark'] as const) {
    const { context, page } = await signedIn(browser, url, owner, undefined, {
      ...desktop,
      colorScheme,
    });
    await openRoom(page, 'Launch crew');
    await messageText(page, 'New name, same plan: see you at standup.').waitFor();
    if (colorScheme === 'light') await shot(page, 'group-timeline');
    await page.getByRole('button', { name: /^Launch crew/ }).click();
    await page.getByRole('dialog', { name: 'Group details' }).getByText('online').waitFor();
    await shot(page, `group-details-${colorScheme}`);
    await context.close();
  }
  await online.context.close();
}
