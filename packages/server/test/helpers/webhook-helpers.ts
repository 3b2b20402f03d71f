import type { CreateWebhookBody, Webhook, WebhookDelivery } from '@natter/protocol';
import type { ServerConfig, WebhookConfig } from '../../src/config.js';
import type { TestUser } from './clients.js';
import { http } from './clients.js';
import type { ScratchDatabase } from './scratch-database.js';
import { createScratchDatabase } from './scratch-database.js';
import type { TestServer } from './test-server.js';
import { startTestServer, testDriver } from './test-server.js';
import { RECEIVER_HOST } from './webhook-receiver.js';

/**
 * Webhooks as the tests run them: plain http to the receiver's allowlisted address, retries
 * after 150 ms doubling, given up 4 s after the event, 2 s per attempt. The cached list is
 * trusted for a minute: these tests change webhooks through the node they test.
 */
export const WEBHOOK_TEST_CONFIG: Partial<WebhookConfig> = {
  allowHttp: true,
  allowAddresses: [`${RECEIVER_HOST}/32`],
  retryBaseMs: 150,
  retryMaxMs: 60_000,
  giveUpAfterMs: 4_000,
  timeoutMs: 2_000,
  pollIntervalMs: 1_000,
  cacheTtlMs: 60_000,
};

/**
 * A test server for webhook tests. On PostgreSQL it gets a database of its own: an instance
 * webhook hears of every room, so on the run's shared database other files' messages would
 * reach this file's receiver (and this file's deliveries would be claimed by their nodes).
 */
export async function startWebhookTestServer(
  overrides: Partial<ServerConfig> = {},
): Promise<TestServer> {
  const scratch: ScratchDatabase | undefined =
    testDriver === 'postgres' ? await createScratchDatabase('natter_webhooks') : undefined;
  const t = await startTestServer({
    databaseUrl: scratch?.url,
    ...overrides,
    webhooks: { ...WEBHOOK_TEST_CONFIG, ...overrides.webhooks },
  });
  return {
    ...t,
    async close() {
      await t.close();
      await scratch?.drop();
    },
  };
}

/** Creates a webhook as `admin` (throws unless 201); the answer carries its secret. */
export async function createWebhook(
  t: TestServer,
  admin: TestUser,
  body: CreateWebhookBody,
): Promise<Webhook & { secret: string }> {
  const result = await http<{ webhook: Webhook }>(t.url, 'POST', '/api/webhooks', {
    token: admin.token,
    body,
  });
  const { secret } = result.body.webhook;
  if (result.status !== 201 || secret === undefined) {
    throw new Error(`create webhook failed: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return { ...result.body.webhook, secret };
}

/** The newest page of a webhook's log (throws unless 200). */
export async function deliveriesOf(
  t: TestServer,
  admin: TestUser,
  webhookId: string,
  query = '',
): Promise<{ deliveries: WebhookDelivery[]; nextCursor: string | null }> {
  const result = await http<{ deliveries: WebhookDelivery[]; nextCursor: string | null }>(
    t.url,
    'GET',
    `/api/webhooks/${webhookId}/deliveries${query}`,
    { token: admin.token },
  );
  if (result.status !== 200) {
    throw new Error(`deliveries failed: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result.body;
}

/** Asks for a test event (throws unless 202). */
export async function sendTestEvent(
  t: TestServer,
  admin: TestUser,
  webhookId: string,
): Promise<WebhookDelivery> {
  const result = await http<{ delivery: WebhookDelivery }>(
    t.url,
    'POST',
    `/api/webhooks/${webhookId}/test`,
    { token: admin.token },
  );
  if (result.status !== 202) {
    throw new Error(`test event failed: ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result.body.delivery;
}
