import type { CreateWebhookBody, Webhook } from '@natter/protocol';
import type { Page } from 'playwright-core';
import type { E2eUser } from './api.js';
import { RECEIVER_HOST } from '../../packages/server/test/helpers/webhook-receiver.js';

/** The server's settings for webhook tests: plain http to the local receiver's address. */
export const webhookSettingsEnv = (): Record<string, string> => ({
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_ADDRESSES: `${RECEIVER_HOST}/32`,
});

/** Settings → Webhooks, as the admin gets there. */
export async function openWebhooksPage(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await page
    .getByRole('navigation', { name: 'Server' })
    .getByRole('link', { name: /Webhooks/ })
    .click();
  await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
}

/** Creates a webhook as the admin, through the API (throws unless 201). */
export async function createWebhook(
  url: string,
  admin: E2eUser,
  body: CreateWebhookBody,
): Promise<Webhook> {
  const response = await fetch(`${url}/api/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create webhook answered ${response.status}`);
  return ((await response.json()) as { webhook: Webhook }).webhook;
}
