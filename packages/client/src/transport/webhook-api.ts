import type {
  CreateWebhookBody,
  UpdateWebhookBody,
  Webhook,
  WebhookDeliveriesQuery,
  WebhookDelivery,
} from '@natter/protocol';
import type { HttpClient } from './http-client.js';
import type { RestClientOptions } from './rest-api.js';
import { standaloneHttpClient } from './rest-api.js';

/** The instance admin's outgoing webhooks (docs/protocol.md "Webhooks", docs/webhooks.md). */
export interface WebhookApi {
  /** The instance's webhooks, or (with `siteId`) that site's. */
  list(siteId?: string): Promise<Webhook[]>;
  /** The answer carries the signing secret: the only time it is shown. */
  create(body: CreateWebhookBody): Promise<Webhook>;
  update(webhookId: string, body: UpdateWebhookBody): Promise<Webhook>;
  delete(webhookId: string): Promise<void>;
  /** A new signing secret, in the answer (shown once). */
  rotateSecret(webhookId: string): Promise<Webhook>;
  /** Queues a `webhook.test` event; answers its delivery, pending. */
  sendTest(webhookId: string): Promise<WebhookDelivery>;
  /** A page of the log, newest first; pass `nextCursor` back as `cursor` for older ones. */
  deliveries(
    webhookId: string,
    query?: WebhookDeliveriesQuery,
  ): Promise<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>;
}

export function createWebhookApi(http: HttpClient): WebhookApi {
  const webhook = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;
  return {
    list: async (siteId) =>
      (
        await http.request('GET', '/api/webhooks', {
          query: { siteId },
          schema: (s) => s.webhooksResponseSchema,
        })
      ).webhooks,
    create: async (body) =>
      (
        await http.request('POST', '/api/webhooks', {
          body,
          schema: (s) => s.webhookResponseSchema,
        })
      ).webhook,
    update: async (id, body) =>
      (await http.request('PATCH', webhook(id), { body, schema: (s) => s.webhookResponseSchema }))
        .webhook,
    delete: (id) => http.request('DELETE', webhook(id)),
    rotateSecret: async (id) =>
      (
        await http.request('POST', `${webhook(id)}/secret`, {
          schema: (s) => s.webhookResponseSchema,
        })
      ).webhook,
    sendTest: async (id) =>
      (
        await http.request('POST', `${webhook(id)}/test`, {
          schema: (s) => s.webhookDeliveryResponseSchema,
        })
      ).delivery,
    deliveries: (id, query = {}) =>
      http.request('GET', `${webhook(id)}/deliveries`, {
        query: {
          limit: query.limit === undefined ? undefined : String(query.limit),
          cursor: query.cursor,
        },
        schema: (s) => s.webhookDeliveriesResponseSchema,
      }),
  };
}

/** The webhook API on its own, in cookie mode without a token (the web app), or with one. */
export function createWebhookClient(options: RestClientOptions): WebhookApi {
  return createWebhookApi(standaloneHttpClient(options));
}
