import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { E2eUser } from './helpers/api.js';
import { createSite, seriousAxeViolations } from './helpers/support.js';
import { useE2e } from './helpers/suite.js';
import { createWebhook, openWebhooksPage, webhookSettingsEnv } from './helpers/webhooks.js';
import { verifierFromDocs } from '../packages/server/test/helpers/webhook-recipe.js';
import type { WebhookReceiver } from '../packages/server/test/helpers/webhook-receiver.js';
import { startWebhookReceiver } from '../packages/server/test/helpers/webhook-receiver.js';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

/** The server's webhooks, one list item each (the chips and log rows inside are list items too). */
const endpoint = (page: Page, url: string): Locator =>
  page
    .getByRole('list', { name: 'Server webhooks' })
    .getByRole('listitem')
    .filter({ has: page.getByText(url, { exact: true }) });

describe('webhooks in the web app', () => {
  let receiver: WebhookReceiver | undefined;
  const e2e = useE2e({
    settings: async () => {
      receiver = await startWebhookReceiver();
      return webhookSettingsEnv();
    },
  });
  afterAll(() => receiver?.close());
  const listening = (): WebhookReceiver => {
    if (!receiver) throw new Error('the receiver did not start');
    return receiver;
  };
  // The instance's first account is its admin: registered once, before anyone else.
  let admin: Promise<E2eUser> | undefined;
  const theAdmin = () => (admin ??= e2e.register('owner'));

  it('the admin adds a webhook, copies its secret, sends a test event and sees it delivered', async () => {
    const person = await e2e.signIn(await theAdmin());
    await person.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const { page } = person;
    await openWebhooksPage(page);
    await page.getByText('No webhooks yet.').waitFor();

    // The page checks the URL before asking the server; the server refuses a private address.
    const url = listening().url('/e2e/events');
    await page.getByLabel('Endpoint URL').fill('not a url');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page
      .getByRole('alert')
      .getByText(/^url: /)
      .waitFor();
    await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page
      .getByRole('alert')
      .getByText(/^url: refused/)
      .waitFor();

    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByRole('checkbox', { name: /Conversation resolved/ }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const notice = page.getByRole('region', { name: /signing secret/ });
    await notice.waitFor();
    // Focus lands on the secret: a screen reader hears it appear.
    expect(await notice.evaluate((element) => element === document.activeElement)).toBe(true);
    const shown = await notice
      .locator('code')
      .filter({ hasText: /^whsec_/ })
      .innerText();
    await notice.getByRole('button', { name: 'Copy secret' }).click();
    await notice.getByRole('button', { name: 'Copied' }).waitFor();
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toBe(shown);
    await notice.getByRole('button', { name: 'Done' }).click();
    await notice.waitFor({ state: 'detached' });

    const row = endpoint(page, url);
    const events = row.getByRole('list', { name: 'Events sent' });
    expect(await events.getByRole('listitem').allInnerTexts()).toEqual([
      'New messages',
      'Conversation resolved',
    ]);

    // Send test event: the log opens and follows the delivery until it is delivered.
    await row.getByRole('button', { name: 'Send test event' }).click();
    const log = row.getByRole('region', { name: 'Deliveries' });
    await log.getByText('Delivered').waitFor({ timeout: 15_000 });
    await log.getByText('HTTP 200').waitFor();
    await log.getByText('1 attempt', { exact: true }).waitFor();
    const toggle = row.getByRole('button', { name: 'Delivery log' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');

    // What arrived is signed with the secret the page showed.
    const request = await listening().receive((r) => r.path === '/e2e/events');
    expect(request.body.type).toBe('webhook.test');
    const verify = await verifierFromDocs();
    expect(verify(request.rawBody, request.signature, secret)).toBe(true);

    // Switched off, then deleted after a confirmation.
    await row.getByRole('checkbox', { name: 'Send events' }).uncheck();
    await row.getByText(/^Paused/).waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByText('No webhooks yet.').waitFor();
  });

  it.each([
    ['light', {}],
    ['dark', { colorScheme: 'dark' as const }],
    ['phone', PHONE],
  ])(
    "passes axe: the webhooks page with a secret and a log, and a site's card (%s)",
    async (name, options) => {
      const owner = await theAdmin();
      const url = listening().url(`/axe/${name}`);
      await createWebhook(e2e.url, owner, { url, events: ['message.created'] });
      const site = await createSite(e2e.url, owner, {
        name: `Shop ${name}`,
        allowedOrigins: ['https://shop.example'],
      });
      await createWebhook(e2e.url, owner, {
        url: listening().url(`/axe/${name}/site`),
        events: ['conversation.created'],
        siteId: site.id,
      });
      const { page } = await e2e.signIn(owner, undefined, options);
      await openWebhooksPage(page);

      const row = endpoint(page, url);
      await row.getByRole('button', { name: 'Send test event' }).click();
      await row.getByRole('region', { name: 'Deliveries' }).getByText('Delivered').waitFor({
        timeout: 15_000,
      });
      await page.getByLabel('Endpoint URL').fill(listening().url(`/axe/${name}/new`));
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.getByRole('region', { name: /signing secret/ }).waitFor();
      expect(await seriousAxeViolations(page), `webhooks page (${name})`).toEqual([]);

      await page.goto(`${e2e.url}/settings/sites/${site.id}`);
      const card = page.getByRole('region', { name: 'Webhooks', exact: true });
      await card.getByRole('button', { name: 'Delivery log' }).click();
      await card.getByText('No deliveries yet.', { exact: false }).waitFor();
      expect(await seriousAxeViolations(page), `site page (${name})`).toEqual([]);
    },
  );
});
