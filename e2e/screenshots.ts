/**
 * Takes the screenshots in docs/screenshots: `npm run build && npm run screenshots`.
 *
 * Starts the built server on a throwaway database, seeds a few people and conversations through
 * the API, and drives Debian's Chromium (playwright-core) through the web app: sign-in, desktop
 * light and dark, phone list and conversation and a message's "⋯" menu, the emoji picker, the
 * Ctrl+J room switcher, typing, a failed send, attachments, a room opened at its first unread, a
 * group's timeline and details (screenshots-groups.ts), the support widget
 * (screenshots-widget.ts), the support inbox and site settings (screenshots-support.ts), and
 * profile, first run and New chat with people (screenshots-profile.ts), and notifications: the
 * settings, the invitation, a muted room and the favicon badge (screenshots-notifications.ts), and
 * search: the dialog with results grouped by room, a room opened at a result (screenshots-search.ts),
 * and reactions and threads (screenshots-extras-reactions.ts).
 * Not a test (vitest only picks up e2e/*.test.ts); run it after UI changes and look at the PNGs.
 * The server, the browser, the seeding and the app's locators are the e2e tests' own (e2e/helpers).
 */
import {
  createDirectRoom,
  createGroupRoom,
  markRead,
  registerAs,
  seedMessages,
} from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import {
  composer,
  messageLog,
  openApp,
  openEmojiPicker,
  openRoom,
  openRoomSwitcher,
  roomsNav,
  sendMessage,
  signedIn,
  signOutButton,
  signInButton,
} from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { makePdf, makePng } from './helpers/files.js';
import { holdSends, refuseFirstSend } from './helpers/network.js';
import { desktop, phone, shot } from './helpers/screenshots.js';
import { startServer } from './helpers/server.js';
import { notificationShots } from './screenshots-notifications.js';
import { profileShots } from './screenshots-profile.js';
import { reactionShots } from './screenshots-extras-reactions.js';
import { searchShots } from './screenshots-search.js';
import { groupShots } from './screenshots-groups.js';
import { supportShots } from './screenshots-support.js';
import { widgetScreenshots } from './screenshots-widget.js';

/** Sends whose text contains this are refused by a fake server answer (the failed-send shot). */
const FAIL_MARK = 'will not go through';

/** A small painted landscape (sky, sun, hills, water) for the attachments shot. */
function landscape(x: number, y: number): readonly [number, number, number] {
  const w = 640;
  const h = 400;
  const sun = Math.hypot(x - w * 0.72, y - h * 0.3);
  if (sun < 38) return [255, 214, 120];
  const hill = h * 0.62 - 40 * Math.sin(x / 70) - 24 * Math.cos(x / 31);
  if (y > h * 0.8) {
    const t = (y - h * 0.8) / (h * 0.2);
    return [Math.round(70 - 20 * t), Math.round(110 - 20 * t), Math.round(170 - 20 * t)];
  }
  if (y > hill) {
    const t = (y - hill) / (h * 0.8 - hill + 1);
    return [Math.round(70 - 30 * t), Math.round(140 - 40 * t), Math.round(90 - 30 * t)];
  }
  const glow = Math.max(0, 1 - sun / 260);
  const t = y / h;
  return [
    Math.round(110 + 120 * t + 60 * glow),
    Math.round(150 + 60 * t + 30 * glow),
    Math.round(230 - 30 * t - 40 * glow),
  ].map((v) => Math.min(255, v)) as [number, number, number];
}

async function main() {
  const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const { url } = server;
  /** Sends `texts` as `from`, in order; with `replyTo`, each is a reply to that message. */
  const say = async (from: E2eUser, roomId: string, texts: string[], replyTo?: string) =>
    (await seedMessages(url, from, roomId, texts.length, (i) => texts[i]!, { replyTo })).map(
      (message) => message.id,
    );
  try {
    const alice = await registerAs(url, 'alice', 'Alice Martin');
    const bob = await registerAs(url, 'bob', 'Bob Chen');
    const carol = await registerAs(url, 'carol', 'Carol Diaz');
    const dan = await registerAs(url, 'dan', 'Dan Okafor');

    const design = (await createGroupRoom(url, alice, 'Design team', [bob, carol, dan])).id;
    await say(dan, design, ['Standup moves to 10:30 tomorrow, same room.']);
    await say(carol, design, ['Works for me. I will bring the usability notes.']);
    const withBob = (await createDirectRoom(url, alice, bob)).id;
    await say(bob, withBob, [
      'Hey Alice! Did you get a chance to look at the new onboarding flow?',
      'I pushed the latest mockups to the shared folder.',
    ]);
    const [progress] = await say(alice, withBob, [
      'Just went through them. The progress bar is a really nice touch.',
      'One thing: could the welcome step be skippable for returning users?',
    ]);
    await say(bob, withBob, ['Good call. I will add a Skip link and remember the choice.']);
    await say(alice, withBob, ['Perfect, let us ship it on Thursday then.'], progress);
    const withCarol = (await createDirectRoom(url, carol, alice)).id;
    await say(carol, withCarol, [
      'Quick question about the pricing page copy',
      'Do you have five minutes?',
    ]);

    // The sign-in screen.
    {
      const { context, page } = await openApp(browser, url, undefined, desktop);
      await signInButton(page).waitFor();
      await shot(page, 'sign-in');
      await context.close();
    }

    // Bob reads everything, then steps away: Alice's next message stays "delivered".
    const bobView = await signedIn(browser, url, bob, undefined, desktop);
    await openRoom(bobView.page, 'Alice');
    const aliceView = await signedIn(browser, url, alice, undefined, desktop);
    await openRoom(aliceView.page, 'Bob');
    await messageLog(aliceView.page)
      .getByRole('article')
      .filter({ hasText: 'ship it' })
      .locator('[aria-label="Read"]')
      .waitFor();
    await bobView.page.goto('/');
    await roomsNav(bobView.page).waitFor();
    await sendMessage(aliceView.page, 'I will let the team know.');
    await aliceView.page.locator('[data-status="delivered"]').first().waitFor();
    await shot(aliceView.page, 'desktop-light');

    // Bob types: Alice sees the indicator.
    await openRoom(bobView.page, 'Alice');
    await composer(bobView.page).pressSequentially('Sounds good', { delay: 40 });
    await aliceView.page.getByText('Bob Chen is typing…').waitFor();
    await shot(aliceView.page, 'typing');

    // Dark theme.
    {
      const dark = await signedIn(browser, url, alice, undefined, {
        ...desktop,
        colorScheme: 'dark',
      });
      await openRoom(dark.page, 'Bob');
      await shot(dark.page, 'desktop-dark');
      await dark.context.close();
    }

    // Phone: the list, then a conversation.
    {
      const mobile = await signedIn(browser, url, alice, undefined, phone);
      await shot(mobile.page, 'phone-list');
      await openRoom(mobile.page, 'Bob');
      await shot(mobile.page, 'phone-conversation');
      // A message's "⋯" menu (a long-press on the message opens the same).
      await messageLog(mobile.page)
        .getByRole('article')
        .filter({ hasText: 'Skip link' })
        .getByRole('button', { name: /^More actions/ })
        .click();
      await mobile.page.getByRole('menu').waitFor();
      await shot(mobile.page, 'phone-menu');
      await mobile.context.close();
    }

    // The composer's emoji picker, then the Ctrl+J room switcher.
    {
      const { context, page } = await signedIn(browser, url, alice, undefined, desktop);
      await openRoom(page, 'Bob');
      await composer(page).fill('Thursday it is ');
      await openEmojiPicker(page);
      await shot(page, 'emoji-picker');
      await page.keyboard.press('Escape');
      await openRoomSwitcher(page);
      await shot(page, 'room-switcher');
      await context.close();
    }

    // A refused send: the socket's message:send answered with an error ack in place of the server.
    {
      const { context, page } = await signedIn(
        browser,
        url,
        alice,
        (c) => refuseFirstSend(c, FAIL_MARK),
        desktop,
      );
      await openRoom(page, 'Bob');
      await sendMessage(page, `This one ${FAIL_MARK}.`);
      await page.getByRole('button', { name: 'Retry' }).waitFor();
      await shot(page, 'failed-send');
      await context.close();
    }

    // Unsent messages after a reload (their sends held at the network): pending in the room and
    // in the rooms list, then the warning that signing out deletes them.
    {
      let sends: Awaited<ReturnType<typeof holdSends>> | undefined;
      const { context, page } = await signedIn(
        browser,
        url,
        alice,
        async (c) => {
          sends = await holdSends(c);
        },
        desktop,
      );
      sends?.hold();
      await openRoom(page, 'Bob');
      await sendMessage(page, 'On the train, will confirm the table when I have signal.');
      await sendMessage(page, 'Booked for 7?');
      await messageLog(page).getByLabel('Sending').nth(1).waitFor();
      await page.reload();
      await openRoom(page, 'Bob');
      await messageLog(page).getByText('Booked for 7?').waitFor();
      await shot(page, 'outbox-restored');
      await signOutButton(page).click();
      await page.getByRole('dialog', { name: 'Sign out?' }).waitFor();
      await shot(page, 'sign-out-unsent');
      await context.close();
    }

    // Attachments: a photo inline and a PDF card, sent with the attach button.
    {
      const withDan = (await createDirectRoom(url, dan, alice)).id;
      await say(dan, withDan, ['Can you send me the venue photo and the floor plan?']);
      const { context, page } = await signedIn(browser, url, alice, undefined, desktop);
      await openRoom(page, 'Dan');
      const attach = async (name: string, mimeType: string, buffer: Buffer) => {
        const chooser = page.waitForEvent('filechooser');
        await page.getByRole('button', { name: 'Attach files' }).click();
        await (await chooser).setFiles({ name, mimeType, buffer });
      };
      await attach('venue-terrace.png', 'image/png', makePng(640, 400, landscape));
      await attach('Floor plan - level 2.pdf', 'application/pdf', makePdf('Level 2'));
      await messageLog(page)
        .getByRole('link', { name: /^Download Floor plan/ })
        .waitFor();
      await say(dan, withDan, ['Perfect, that terrace is exactly what we need.']);
      await messageLog(page).getByText('exactly what we need').waitFor();
      await shot(page, 'attachments');
      await context.close();
    }

    // A group with a long unread stretch: Alice lands on the "New messages" divider, with
    // "Jump to latest" and its count; scrolled down, "Jump to first unread" offers the way back.
    {
      const launch = (await createGroupRoom(url, alice, 'Release team', [bob, carol, dan])).id;
      await say(bob, launch, ['Status check before the weekend: where are we on the launch?']);
      const [lastRead] = await say(alice, launch, ['Copy is final, waiting on the screenshots.']);
      if (lastRead) await markRead(url, alice, launch, lastRead);
      const updates: [E2eUser, string][] = [
        [carol, 'Screenshots are uploading now, the dark ones too.'],
        [dan, 'Checkout passed QA on Safari and Firefox.'],
        [bob, 'Nice. Any blockers left for Monday?'],
        [dan, 'One: the receipt email still shows the old logo.'],
        [carol, 'I can swap it tonight, it is a single asset.'],
        [bob, 'Please do. I will move the go/no-go to 10:00.'],
        [dan, 'Load test finished: p95 stays under 180 ms at twice our peak.'],
        [carol, 'The press kit is in the shared folder, logos in both themes.'],
        [bob, 'Support has the FAQ draft, they want one more pass on refunds.'],
        [dan, 'Refund copy is mine, I will send it after lunch.'],
        [carol, 'Status page is ready, it goes public with the announcement.'],
        [bob, 'Who is on call on launch day?'],
        [dan, 'Me until 14:00, then Priya.'],
        [carol, 'I will watch the social channels in the afternoon.'],
        [bob, 'Great. Alice, can you confirm the blog post time?'],
        [dan, 'Also: the app store listing needs the new screenshots.'],
        [carol, 'Uploaded, waiting for review.'],
        [bob, 'Last thing: the rollback plan is in the runbook, section 4.'],
        [dan, 'Read it, looks solid.'],
        [carol, 'Same. See you all on Monday!'],
      ];
      for (const [from, text] of updates) await say(from, launch, [text]);
      const { context, page } = await signedIn(browser, url, alice, undefined, desktop);
      await openRoom(page, 'Release team');
      await messageLog(page).getByRole('separator', { name: 'New messages' }).waitFor();
      await page.getByRole('button', { name: /^Jump to latest/ }).waitFor();
      await shot(page, 'unread-landing');
      await messageLog(page).hover();
      await page.mouse.wheel(0, 400);
      await page.getByRole('button', { name: 'Jump to first unread' }).waitFor();
      await shot(page, 'unread-jump');
      await context.close();
    }
    // A group's timeline with membership lines, and its details dialog.
    await groupShots(url, browser, shot, alice, [bob, carol, dan], desktop);

    // The support widget on a host page (alice, the first account, is the instance's admin).
    await widgetScreenshots(url, browser, alice, shot);
    // The support chat: Alice (the first account: the admin) serves a site with Bob and Carol.
    await supportShots(url, browser, shot, alice, [bob, carol], desktop, phone);
    // Notifications: the settings, the invitation, a muted room, the favicon badge.
    await notificationShots(url, browser, shot, alice, dan, desktop, phone);
    // Search: the dialog with results by room (light, dark, phone), a room opened at a result.
    await searchShots(url, browser, shot, alice, [bob, carol, dan], desktop, phone);
    // Reactions (the bar, who reacted, the picker) and a thread beside its conversation.
    await reactionShots(url, browser, shot, alice, [bob, carol, dan], desktop, phone);
    // Profile and account, first run, New chat with people listed (Alice's photo set last).
    await profileShots(url, browser, shot, alice, desktop, phone);
  } catch (error) {
    console.error(`server output (tail):\n${server.output().slice(-3000)}`);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
