import type { Browser, Page } from 'playwright-core';
import type { E2eUser } from './helpers/api.js';
import { connect, registerAs, seedMessages } from './helpers/api.js';
import {
  FRIENDLY_CSS,
  createSiteWithAgent,
  launcher,
  startHostSite,
  widgetComposer,
  widgetFrame,
  widgetLog,
} from './helpers/widget-host.js';

/**
 * The support widget's screenshots, on a shop page of another origin: closed (with an unread
 * reply), open with a short chat, and offline (no agent online). Called by e2e/screenshots.ts;
 * `admin` is the instance's first account.
 */
export async function widgetScreenshots(
  url: string,
  browser: Browser,
  admin: E2eUser,
  shot: (page: Page, name: string) => Promise<void>,
): Promise<void> {
  const host = await startHostSite(url, FRIENDLY_CSS);
  const agent = await registerAs(url, 'sam', 'Sam Rivera');
  const away = await registerAs(url, 'nina', 'Nina Park');
  const agentSocket = await connect(url, agent.token);
  const site = await createSiteWithAgent(url, admin, agent, {
    name: 'Garden shop',
    allowedOrigins: [host.origin],
    greeting: 'Hi! Questions about seeds, tools or your order? We are here.',
    accentColor: '#2e7d32',
  });
  const offlineSite = await createSiteWithAgent(url, admin, away, {
    name: 'Garden shop',
    allowedOrigins: [host.origin],
    accentColor: '#2e7d32',
    expectedReplyMinutes: 120,
    // Closed every day: away whoever is online (the admin serves every site they make).
    businessHours: { timeZone: 'UTC', days: [] },
  });
  const viewport = { width: 1280, height: 800 };
  try {
    {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${host.origin}/?site=${site.key}`);
      const frame = widgetFrame(page);
      const opened = new Promise<string>((resolve) =>
        agentSocket.once('room:new', (room) => resolve(room.id)),
      );
      await launcher(frame).click();
      const roomId = await opened;
      // The agent answers once the question reached them (stored), so the answer comes after it.
      const asked = new Promise<void>((resolve) =>
        agentSocket.once('message:new', () => resolve()),
      );
      await widgetComposer(frame).fill('Hello! Do you ship tomato seeds abroad?');
      await widgetComposer(frame).press('Enter');
      await asked;
      await seedMessages(url, agent, roomId, 1, () => 'We do: anywhere in the EU, in 3 to 5 days.');
      await widgetLog(frame).getByText('3 to 5 days').waitFor();
      await shot(page, 'widget-open');

      await widgetComposer(frame).press('Escape');
      await seedMessages(url, agent, roomId, 1, () => 'Shall I send you our seed catalogue?');
      await frame.getByRole('button', { name: /1 unread/ }).waitFor();
      await shot(page, 'widget-closed');
      await context.close();
    }
    {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${host.origin}/?site=${offlineSite.key}`);
      const frame = widgetFrame(page);
      await launcher(frame).click();
      await frame.getByText(/We're away right now/).waitFor();
      await shot(page, 'widget-offline');
      await context.close();
    }
  } finally {
    agentSocket.close();
    await host.close();
  }
}
