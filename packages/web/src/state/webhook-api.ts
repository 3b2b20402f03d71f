import { createWebhookClient } from '@natter/client';
import type { WebhookApi } from '@natter/client';

let api: WebhookApi | undefined;
/** The admin's webhook API in cookie mode (made on first use: tests have no window). */
export const webhookApi = (): WebhookApi =>
  (api ??= createWebhookClient({ baseUrl: window.location.origin }));
