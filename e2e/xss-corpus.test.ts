import type { Room } from '@natter/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageServer } from '../packages/server/test/helpers/page-servers.js';
import { openGraphPage, startPageServer } from '../packages/server/test/helpers/page-servers.js';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  nextEvent,
  registerAs,
  seedMessages,
  uniqueName,
} from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import {
  composer,
  messageLog,
  openRoom,
  openRoomSwitcher,
  roomsNav,
  signInButton,
} from './helpers/app.js';
import { makePdf, makePng } from './helpers/files.js';
import { PREVIEW_HOST, PREVIEW_SETTINGS } from './helpers/preview-pages.js';
import { useE2e } from './helpers/suite.js';
import { addCannedResponse } from './helpers/support.js';
import {
  createSiteWithAgent,
  launcher,
  startHostSite,
  widgetComposer,
  widgetFrame,
  widgetLog,
} from './helpers/widget-host.js';
import type { HostSite } from './helpers/widget-host.js';
import { XSS_CORPUS, seenInFrames, watchForXss, xss } from './helpers/xss-corpus.js';
import type { XssWatch } from './helpers/xss-corpus.js';

/** The word every hostile message carries, so a search finds them and highlights next to a payload. */
const WORD = 'zebrafish';

/** An attribute value as HTML writes it: the preview page's tags hold the payload, not markup. */
const attribute = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** A link preview whose title, description and site name are payloads, and whose image is one. */
const HOSTILE_PREVIEW = {
  title: xss(3),
  description: `${xss(0)} ${xss(5)}`,
  siteName: xss(2),
};

/**
 * Every user-controlled string of the web app and the widget, other than a message's rich text
 * (rich-text-xss.test.ts), filled with the XSS corpus and shown in Chromium: display names (room
 * list, timeline, typing line, mention picker, member list, room switcher, "New chat", contact,
 * profile), group names, file names, link previews, search snippets, the widget's site name and
 * greeting, the agent's name, the visitor's name, email, page title and address in the agent's
 * inbox, canned responses, and the admin's site settings. No payload may run (the marker),
 * no dialog open, nothing be injected, and no Content-Security-Policy violation be reported in
 * any frame: a payload the CSP blocked was still injected, so it fails too.
 */
describe('the XSS corpus in every user-controlled string', () => {
  const e2e = useE2e({ settings: async () => PREVIEW_SETTINGS });
  let admin: E2eUser;
  let previews: PageServer;
  let host: HostSite;

  beforeAll(async () => {
    // The instance's first account is its admin, who makes the widget's site and answers on it
    // (one sign-in for the inbox and the settings).
    admin = await registerAs(e2e.url, uniqueName('admin'), xss(2));
    previews = await startPageServer(PREVIEW_HOST, {
      '/hostile': openGraphPage({
        title: attribute(HOSTILE_PREVIEW.title),
        description: attribute(HOSTILE_PREVIEW.description),
        siteName: attribute(HOSTILE_PREVIEW.siteName),
        image: 'javascript:__xss(18)',
      }),
    });
    host = await startHostSite(e2e.url, undefined, xss(15));
  });
  afterAll(async () => {
    await Promise.all([previews?.close(), host?.close()]);
  });

  /** A person signed in with the watch on, from before the app's first script. */
  async function watched(user: E2eUser): Promise<{ page: Page; watch: XssWatch }> {
    let watch: XssWatch = { findings: [] };
    const { page } = await e2e.signIn(user, async (context) => {
      watch = await watchForXss(context);
    });
    return { page, watch };
  }

  /** Nothing ran, opened, was injected or was blocked, as reported and as each frame kept it. */
  async function expectInert(page: Page, watch: XssWatch) {
    expect(await seenInFrames(page)).toEqual([]);
    expect(watch.findings).toEqual([]);
  }

  /** A user whose display name is the payload at `i`. */
  const hostileUser = (i: number) => registerAs(e2e.url, uniqueName('x'), xss(i));

  it('shows them as text in the web app: names, groups, files, previews, search and profile', async () => {
    const alice = await registerAs(e2e.url, uniqueName('alice'), xss(16));
    // Every payload is someone's display name, and all of them are in Alice's groups.
    const people = await Promise.all(XSS_CORPUS.map((_, i) => hostileUser(i)));
    const groupNames = [xss(5), xss(8), xss(14)];
    const [group, ...otherGroups] = await Promise.all(
      groupNames.map((name) => createGroupRoom(e2e.url, people[0]!, name, [alice, ...people])),
    );
    await createDirectRoom(e2e.url, people[1]!, alice);
    for (const [i, person] of people.slice(0, 4).entries()) {
      await seedMessages(e2e.url, person, group!.id, 1, () => `${WORD} ${xss(i + 6)}`);
    }
    await seedMessages(e2e.url, people[4]!, group!.id, 1, () => previews.url('/hostile'));
    expect(otherGroups).toHaveLength(2);

    const { page, watch } = await watched(alice);
    const rooms = roomsNav(page);
    for (const name of groupNames) await rooms.getByText(name).first().waitFor();
    await rooms.getByText(xss(1)).first().waitFor();

    // The timeline: names, messages, the preview card, then files Alice attaches.
    await openRoom(page, xss(5));
    const log = messageLog(page);
    await log.getByText(xss(0)).first().waitFor();
    await log.getByRole('link', { name: HOSTILE_PREVIEW.title }).waitFor();
    await log.getByText(HOSTILE_PREVIEW.siteName).first().waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (
      await chooser
    ).setFiles([
      { name: `${xss(3)}.png`, mimeType: 'image/png', buffer: makePng(40, 30) },
      { name: `${xss(1)}.pdf`, mimeType: 'application/pdf', buffer: makePdf() },
    ]);
    await log.getByRole('img', { name: `${xss(3)}.png` }).waitFor();
    await log
      .getByText(`${xss(1)}.pdf`)
      .first()
      .waitFor();
    // Who is typing, and the people the mention picker offers.
    const typist = await connect(e2e.url, people[6]!.token);
    try {
      typist.emit('typing:start', { roomId: group!.id });
      await page.getByText(`${xss(6)} is typing`).waitFor();
    } finally {
      typist.close();
    }
    await composer(page).fill(`@${people[7]!.username}`);
    await page.getByRole('listbox').getByText(xss(7)).first().waitFor();
    await composer(page).fill('');

    // The member list, every payload a name in it.
    await page.getByRole('heading', { level: 1 }).getByRole('button').first().click();
    const details = page.getByRole('dialog', { name: 'Group details' });
    await details.getByText(`${people.length + 1} members`).waitFor();
    await expectInert(page, watch);
    // (A name loses its invisible characters, the right-to-left override among them.)
    for (const name of XSS_CORPUS.map((payload) => payload.replace('\u202e', ''))) {
      await details.getByText(name).first().waitFor();
    }
    await page.keyboard.press('Escape');

    // Search: snippets around the word, payloads beside the highlight.
    await page.keyboard.press('Control+k');
    const search = page.getByRole('dialog', { name: 'Search messages' });
    await search.getByRole('combobox', { name: 'Search messages' }).pressSequentially(WORD);
    const results = search.getByRole('listbox', { name: 'Results' }).getByRole('option');
    await expect.poll(() => results.count()).toBe(4);
    expect(await search.locator('mark').allTextContents()).toEqual(Array(4).fill(WORD));
    for (const i of [6, 7, 8, 9]) await results.filter({ hasText: `${WORD} ${xss(i)}` }).waitFor();
    await page.keyboard.press('Escape');

    // The room switcher, and the people "New chat" finds.
    const switcher = await openRoomSwitcher(page);
    await switcher
      .getByRole('option')
      .filter({ hasText: xss(14) })
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New chat', exact: true }).click();
    const newChat = page.getByRole('dialog', { name: 'New chat' });
    await newChat.getByRole('searchbox').fill(people[12]!.username);
    await newChat
      .getByRole('button')
      .filter({ hasText: xss(12) })
      .waitFor();
    await newChat.getByRole('button', { name: 'Cancel' }).click();
    await expectInert(page, watch);

    // The direct room and its contact, then Alice's own profile.
    await openRoom(page, xss(1));
    await page.getByRole('heading', { level: 1 }).getByRole('button').first().click();
    await page.getByRole('dialog', { name: 'Contact' }).getByText(xss(1)).first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /profile and account/ }).click();
    await page.getByRole('heading', { name: 'Profile and account', level: 1 }).waitFor();
    expect(await page.getByLabel('Name shown to others').inputValue()).toBe(xss(16));

    await expectInert(page, watch);
  });

  it("shows them as text in the widget and in the agent's inbox: site, greeting, names, visitor fields, previews", async () => {
    const agent = admin;
    const site = await createSiteWithAgent(e2e.url, admin, agent, {
      name: xss(0),
      greeting: `${xss(1)} ${xss(12)} ${xss(13)}`,
      allowedOrigins: [host.origin],
      preChat: { askName: true, askEmail: true },
    });
    await addCannedResponse(e2e.url, admin, site.id, { shortcut: 'hostile', content: xss(10) });

    // The visitor, on a host page whose title and address carry payloads.
    const visitor = await e2e.open();
    const visitorWatch = await watchForXss(visitor.context);
    await visitor.page.goto(`${host.origin}/?site=${site.key}#${xss(3)}`);
    const frame = widgetFrame(visitor.page);
    const agentSocket = await connect(e2e.url, agent.token);
    let room: Room;
    try {
      const opened = nextEvent<Room>(agentSocket, 'room:new', (r) => r.type === 'support');
      await launcher(frame).click();
      room = await opened;
    } finally {
      agentSocket.close();
    }
    await frame.getByText(xss(0)).first().waitFor();
    await frame.getByText(xss(1), { exact: false }).first().waitFor();
    await frame.getByLabel('Your name').fill(xss(4));
    await frame.getByLabel('Your email').fill("o'neil+x@example.com");
    await frame.getByRole('button', { name: 'Start chat' }).click();
    await widgetComposer(frame).fill(`${WORD} ${xss(9)}`);
    await widgetComposer(frame).press('Enter');
    await seedMessages(e2e.url, agent, room.id, 1, () => `${xss(7)} ${previews.url('/hostile')}`);
    await widgetLog(frame).getByRole('link', { name: HOSTILE_PREVIEW.title }).waitFor();
    await widgetLog(frame).getByText(HOSTILE_PREVIEW.siteName).first().waitFor();
    await widgetLog(frame).getByText(xss(2), { exact: true }).first().waitFor();
    await expectInert(visitor.page, visitorWatch);

    // The agent's inbox: the visitor's row, timeline and details, as text.
    const { page, watch } = await watched(agent);
    const sections = page.getByRole('navigation', { name: 'Sections' });
    await sections.getByRole('link', { name: 'Inbox' }).click();
    const conversations = page.getByRole('navigation', { name: 'Conversations' });
    await conversations
      .getByRole('link')
      .filter({ hasText: xss(4) })
      .first()
      .click();
    await messageLog(page).getByText(xss(9)).first().waitFor();
    const details = page.getByRole('complementary', { name: 'Conversation details' });
    await details.getByText('Not verified').waitFor();
    await expectInert(page, watch);
    await details.getByText(xss(4)).first().waitFor();
    await details.getByText("o'neil+x@example.com").waitFor();
    await details.getByText(xss(15)).waitFor();
    await details.getByText(`${host.origin}/?site=${site.key}`, { exact: false }).waitFor();
    expect(await details.getByRole('link').count()).toBe(0);
    // The canned responses the composer offers.
    await composer(page).fill('/host');
    await page.getByRole('listbox', { name: 'Canned responses' }).getByText(xss(10)).waitFor();
    await expectInert(visitor.page, visitorWatch);
    await composer(page).fill('');

    // The admin's settings: the site and its canned responses.
    await sections.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: xss(0) }).click();
    await page.getByRole('heading', { name: xss(0), level: 1 }).waitFor();
    await page
      .getByRole('list', { name: 'Canned responses of this site' })
      .getByText(xss(10))
      .waitFor();
    await expectInert(page, watch);
  });

  it('sees a payload that does get in: the marker, the injected attribute and the CSP report', async () => {
    const { context, page } = await e2e.blank();
    const watch = await watchForXss(context);
    // The policy that turns an injected handler into a report: no inline script at all.
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    await signInButton(page).waitFor();
    await page.evaluate((payload) => {
      document.body.insertAdjacentHTML('beforeend', payload);
    }, xss(1));
    await expect
      .poll(() => seenInFrames(page))
      .toEqual([
        expect.stringMatching(/^attribute: img onerror=__xss\(2\)/),
        expect.stringMatching(/^csp: script-src-attr inline/),
      ]);
    // What a payload runs where no CSP stands in the way: the marker, a dialog.
    await page.evaluate(() => {
      (window as unknown as { __xss: (n: number) => void }).__xss(99);
      alert('control');
    });
    await expect
      .poll(() => watch.findings.filter((f) => /^(marker|dialog)/.test(f)))
      .toEqual([expect.stringMatching(/^marker in .*: 99$/), 'dialog alert: control']);
  });
});
