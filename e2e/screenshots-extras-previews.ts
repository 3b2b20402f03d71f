/**
 * The link preview screenshots: `npm run build && npx tsx e2e/screenshots-extras-previews.ts`.
 * A conversation with three cards (a cover as a banner, a square logo as a thumbnail, a page with
 * text only, mine with its "Remove preview" button) in light and dark on a desktop, and on a
 * phone; and the support widget's panel with an agent's link. The pages come from a local site on
 * 127.0.0.2, which the server is told to allow.
 * Not a test; look at the PNGs in docs/screenshots/link-preview-*.png after UI changes.
 */
import type { BrowserContextOptions } from 'playwright-core';
import { connect, createDirectRoom, markRead, registerAs, seedMessages } from './helpers/api.js';
import { messageLog, openRoom, signedIn } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { PREVIEW_SETTINGS, startPreviewSite } from './helpers/preview-pages.js';
import { desktop, phone, shot } from './helpers/screenshots.js';
import { startServer } from './helpers/server.js';
import {
  FRIENDLY_CSS,
  createSiteWithAgent,
  openAsVisitor,
  startHostSite,
  widgetComposer,
  widgetFrame,
  widgetLog,
} from './helpers/widget-host.js';

// Taller than the other shots' 800 px: the three cards fit whole.
const tallDesktop: BrowserContextOptions = { ...desktop, viewport: { width: 1280, height: 960 } };

const site = await startPreviewSite();
const server = await startServer(PREVIEW_SETTINGS);
const browser = await launchBrowser();
try {
  const maya = await registerAs(server.url, 'maya', 'Maya Lindqvist');
  const tom = await registerAs(server.url, 'tom', 'Tom Okafor');
  const room = await createDirectRoom(server.url, maya, tom);
  const lines: [typeof maya, string][] = [
    [tom, 'Are we still on for the coast this weekend?'],
    [maya, `Yes! Read this before Saturday: ${site.url('/article')}`],
    [tom, `Perfect. I also found this for the tide alerts ${site.url('/project')}`],
    [maya, `Nice. And the app update landed too: ${site.url('/plain')}`],
  ];
  const sent = [];
  for (const [from, text] of lines)
    sent.push(...(await seedMessages(server.url, from, room.id, 1, () => text)));
  // Read, so the room opens at its newest message, without a "New messages" line.
  const newest = sent.at(-1);
  if (newest) await markRead(server.url, maya, room.id, newest.id);

  for (const [name, options] of [
    ['link-preview-light', tallDesktop],
    ['link-preview-dark', { ...tallDesktop, colorScheme: 'dark' }],
    ['link-preview-phone', phone],
  ] as const) {
    const { context, page } = await signedIn(browser, server.url, maya, undefined, options);
    await openRoom(page, 'Tom');
    // The previews arrived when the messages were sent; wait for the cards and their images.
    await messageLog(page).locator('.link-preview').nth(2).waitFor();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLImageElement>('.link-preview-image')).every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );
    await shot(page, name);
    await context.close();
  }

  // The support widget on a shop's page: the agent answers with a link, its card in the panel.
  const shop = await startHostSite(server.url, FRIENDLY_CSS);
  const sam = await registerAs(server.url, 'sam', 'Sam Rivera');
  const samSocket = await connect(server.url, sam.token);
  try {
    const widgetSite = await createSiteWithAgent(server.url, maya, sam, {
      name: 'Garden shop',
      allowedOrigins: [shop.origin],
      greeting: 'Hi! Questions about seeds, tools or your order? We are here.',
      accentColor: '#2e7d32',
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${shop.origin}/?site=${widgetSite.key}`);
    const frame = widgetFrame(page);
    const roomId = await openAsVisitor(page, samSocket);
    const asked = new Promise<void>((resolve) => samSocket.once('message:new', () => resolve()));
    await widgetComposer(frame).fill('When should I sow the tomato seeds I bought?');
    await widgetComposer(frame).press('Enter');
    await asked;
    await seedMessages(
      server.url,
      sam,
      roomId,
      1,
      () => `This guide has it all: ${site.url('/guide')}`,
    );
    await widgetLog(frame).locator('.preview-image').waitFor();
    await frame.locator('.preview-image').evaluate((img: HTMLImageElement) => img.decode());
    await shot(page, 'link-preview-widget');
    await context.close();
  } finally {
    samSocket.close();
    await shop.close();
  }
} finally {
  await browser.close();
  await server.stop();
  await site.close();
}
