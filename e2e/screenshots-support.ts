/**
 * The support chat's screenshots (called by e2e/screenshots.ts): the agents' inbox with a
 * conversation and its details panel, the canned-response picker, and a site's settings page.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { E2eUser } from './helpers/api.js';
import { composer, messageText, signedIn } from './helpers/app.js';
import {
  addAgent,
  addCannedResponse,
  createSite,
  startVisitor,
  visitorSays,
} from './helpers/support.js';

type Shot = (page: Page, name: string) => Promise<void>;

const CANNED = [
  { shortcut: 'hello', content: 'Hi there! Thanks for reaching out, how can I help?' },
  { shortcut: 'refund', content: 'Refunds reach your card within 5 business days.' },
  { shortcut: 'shipping', content: 'Orders ship within 24 hours; tracking follows by email.' },
];

export async function supportShots(
  url: string,
  browser: Browser,
  shot: Shot,
  admin: E2eUser,
  agents: readonly E2eUser[],
  desktop: BrowserContextOptions,
  phone: BrowserContextOptions,
): Promise<void> {
  const site = await createSite(url, admin, {
    name: 'Acme Outdoor',
    allowedOrigins: ['https://shop.acme-outdoor.example', 'https://acme-outdoor.example'],
    greeting: 'Hi! Questions about an order or a product? We are here.',
    accentColor: '#0f766e',
    expectedReplyMinutes: 10,
    preChat: { askName: true, askEmail: true },
    businessHours: {
      timeZone: 'Europe/Paris',
      days: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })),
    },
  });
  for (const user of [admin, ...agents]) await addAgent(url, admin, site.id, user.id);
  for (const body of CANNED) await addCannedResponse(url, admin, site.id, body);

  const visitors = [
    {
      name: 'Maya Lindqvist',
      email: 'maya@example.com',
      page: ['https://shop.acme-outdoor.example/tents/trailhead-2p', 'Trailhead 2P tent'],
      says: ['Hi! Does the Trailhead 2P fit in a 40 L backpack?'],
    },
    {
      name: 'Tomás Ruiz',
      email: 'tomas@example.com',
      page: ['https://shop.acme-outdoor.example/orders/10482', 'Order #10482'],
      says: ['Hello, my order #10482 says delivered but nothing arrived.', 'Can you check?'],
    },
  ];
  const sessions = [];
  for (const v of visitors) {
    const visitor = await startVisitor(url, {
      siteKey: site.key,
      name: v.name,
      email: v.email,
      context: {
        pageUrl: v.page[0],
        pageTitle: v.page[1],
        referrer: 'https://www.google.com/',
        language: 'en-GB',
      },
    });
    for (const text of v.says) await visitorSays(visitor, text);
    sessions.push(visitor);
  }

  try {
    const { context, page } = await signedIn(browser, url, admin, undefined, desktop);
    await page.goto('/inbox');
    const row = page.getByRole('navigation', { name: 'Conversations' }).getByRole('link');
    await row.filter({ hasText: 'Tomás Ruiz' }).click();
    await messageText(page, 'Can you check?').waitFor();
    await page
      .getByRole('complementary', { name: 'Conversation details' })
      .getByText('Order #10482')
      .waitFor();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('button', { name: 'Claim' }).waitFor({ state: 'detached' });
    await page
      .getByRole('textbox', { name: 'Private note' })
      .fill('Carrier shows it at the depot since Friday.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Carrier shows it at the depot since Friday.').nth(0).waitFor();
    // Clicking "Add note" scrolled the panel down to it: the picture starts at the visitor.
    await page
      .getByRole('complementary', { name: 'Conversation details' })
      .evaluate((panel) => panel.scrollTo(0, 0));
    await shot(page, 'inbox');

    await composer(page).fill('/');
    await page.getByRole('listbox', { name: 'Canned responses' }).waitFor();
    await composer(page).press('ArrowDown');
    await shot(page, 'inbox-canned');
    await context.close();

    // Dark theme, and a phone (the conversation; Back returns to the list).
    {
      const dark = await signedIn(browser, url, admin, undefined, {
        ...desktop,
        colorScheme: 'dark',
      });
      await dark.page.goto('/inbox');
      await dark.page
        .getByRole('navigation', { name: 'Conversations' })
        .getByRole('link')
        .filter({ hasText: 'Tomás Ruiz' })
        .click();
      await messageText(dark.page, 'Can you check?').waitFor();
      await dark.page.getByText('Carrier shows it at the depot since Friday.').waitFor();
      await shot(dark.page, 'inbox-dark');
      await dark.context.close();
    }
    {
      const mobile = await signedIn(browser, url, admin, undefined, phone);
      await mobile.page.goto('/inbox');
      await mobile.page
        .getByRole('navigation', { name: 'Conversations' })
        .getByRole('link')
        .filter({ hasText: 'Maya' })
        .waitFor();
      await shot(mobile.page, 'inbox-phone-list');
      await mobile.page
        .getByRole('navigation', { name: 'Conversations' })
        .getByRole('link')
        .filter({ hasText: 'Maya' })
        .click();
      await messageText(mobile.page, 'Hi! Does the Trailhead 2P fit in a 40 L backpack?').waitFor();
      await shot(mobile.page, 'inbox-phone-conversation');
      await mobile.context.close();
    }

    const tall = await signedIn(browser, url, admin, undefined, {
      ...desktop,
      viewport: { width: 1280, height: 1180 },
    });
    await tall.page.goto(`/settings/sites/${site.id}`);
    await tall.page.getByRole('heading', { name: 'Acme Outdoor', level: 1 }).waitFor();
    await tall.page
      .getByRole('list', { name: 'Agents of this site' })
      .getByRole('listitem')
      .nth(2)
      .waitFor();
    await shot(tall.page, 'site-settings');
    await tall.context.close();
  } finally {
    for (const visitor of sessions) visitor.socket.close();
  }
}
