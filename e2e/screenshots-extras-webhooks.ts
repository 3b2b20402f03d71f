/**
 * The webhook screenshots: `npm run build && npx tsx e2e/screenshots-extras-webhooks.ts`.
 *
 * Starts the built server (plain http to the local receiver allowed), a receiver on 127.0.0.2
 * that accepts one endpoint's events and refuses the other's with a 500, and shoots Settings →
 * Webhooks with a new webhook's secret, a delivery log and a retrying delivery: light, dark and
 * on a phone, and a site's Webhooks card. Not a test; look at the PNGs after UI changes.
 */
import { registerAs } from './helpers/api.js';
import type { E2eUser } from './helpers/api.js';
import { signedIn } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { desktop, phone, shot } from './helpers/screenshots.js';
import { startServer } from './helpers/server.js';
import { createSite } from './helpers/support.js';
import { openWebhooksPage, webhookSettingsEnv } from './helpers/webhooks.js';
import { startWebhookReceiver } from '../packages/server/test/helpers/webhook-receiver.js';

async function call(url: string, admin: E2eUser, method: string, path: string, body?: unknown) {
  const response = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${admin.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  return response.status === 204 ? undefined : ((await response.json()) as unknown);
}

async function main() {
  const receiver = await startWebhookReceiver();
  receiver.answerWith((request) => (request.path === '/helpdesk' ? 500 : 200));
  const [server, browser] = await Promise.all([startServer(webhookSettingsEnv()), launchBrowser()]);
  const { url } = server;
  try {
    const alice = await registerAs(url, 'alice', 'Alice Martin');
    const site = await createSite(url, alice, {
      name: 'Acme Outdoor',
      allowedOrigins: ['https://shop.acme-outdoor.example'],
    });
    const crm = (await call(url, alice, 'POST', '/api/webhooks', {
      url: receiver.url('/crm/natter-events'),
      events: ['message.created', 'conversation.created', 'conversation.resolved'],
    })) as { webhook: { id: string } };
    await call(url, alice, 'POST', '/api/webhooks', {
      url: receiver.url('/helpdesk'),
      events: ['conversation.assigned'],
    });
    await call(url, alice, 'POST', '/api/webhooks', {
      url: receiver.url('/shop/support-hooks'),
      events: ['conversation.created', 'conversation.resolved'],
      siteId: site.id,
    });
    for (let i = 0; i < 3; i++) {
      await call(url, alice, 'POST', `/api/webhooks/${crm.webhook.id}/test`);
    }
    await receiver.receive(() => receiver.received.length >= 3);

    for (const [name, options] of [
      ['webhooks-light', desktop],
      ['webhooks-dark', { ...desktop, colorScheme: 'dark' }],
      ['webhooks-phone', phone],
    ] as const) {
      const { context, page } = await signedIn(browser, url, alice, undefined, options);
      await openWebhooksPage(page);
      const endpoints = page.getByRole('list', { name: 'Server webhooks' }).getByRole('listitem');
      if (name === 'webhooks-light') {
        // The new endpoint's secret, shown once.
        await page.getByLabel('Endpoint URL').fill(receiver.url('/analytics/ingest'));
        await page.getByRole('checkbox', { name: /Conversation resolved/ }).check();
        await page.getByRole('button', { name: 'Add webhook' }).click();
        await page.getByRole('region', { name: /signing secret/ }).waitFor();
        await shot(page, 'webhooks-secret');
        await page.getByRole('button', { name: 'Done' }).click();
      }
      // The helpdesk's failing test event, then the CRM's log.
      const helpdesk = endpoints.filter({ hasText: '/helpdesk' });
      // Sending a test opens the log, which follows the delivery until it settles or retries.
      await helpdesk.getByRole('button', { name: 'Send test event' }).click();
      await helpdesk.getByText('Retrying').first().waitFor();
      const crmRow = endpoints.filter({ hasText: '/crm/natter-events' });
      await crmRow.getByRole('button', { name: 'Delivery log' }).click();
      await crmRow.getByText('Delivered').first().waitFor();
      await page.locator('.settings-scroll').evaluate((scroller) => scroller.scrollTo(0, 0));
      await shot(page, name);
      await context.close();
    }

    // A site's own webhooks, on its settings page.
    {
      const { context, page } = await signedIn(browser, url, alice, undefined, desktop);
      await page.goto(`${url}/settings/sites/${site.id}`);
      const card = page.getByRole('region', { name: 'Webhooks', exact: true });
      await card.getByRole('button', { name: 'Send test event' }).click();
      await card.getByText('Delivered').waitFor();
      // The page's own scroller, so the header stays in the shot.
      await card.evaluate((element) => {
        const scroller = element.closest('.settings-scroll');
        const top = element.getBoundingClientRect().top;
        scroller?.scrollBy(0, top - (scroller.getBoundingClientRect().top + 16));
      });
      await shot(page, 'webhooks-site');
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await receiver.close();
  }
}

await main();
