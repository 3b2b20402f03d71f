import { inject } from 'vitest';
import type { ServerConfig } from '../../src/index.js';
import { http } from './clients.js';
import { PushService } from './push-service.js';

/** The run's local push service (its certificate is trusted through NODE_EXTRA_CA_CERTS). */
export const startPushService = () => PushService.start(inject('pushCertificate'));

/**
 * Push settings for a test server: only the local service allowed, short collapse windows and
 * retries, so the tests wait for events, not for production's minutes.
 */
export function testPushConfig(service: PushService): ServerConfig['push'] {
  return {
    endpointOrigins: [service.origin],
    passDelayMs: 50,
    collapseWindowMs: 500,
    retryAfterMs: 50,
    maxAttempts: 3,
  };
}

/** `POST /api/push/subscriptions` as a browser's page makes it. */
export const postSubscription = (baseUrl: string, token: string, body: unknown) =>
  http<{ error: { code: string; message: string } }>(baseUrl, 'POST', '/api/push/subscriptions', {
    token,
    body,
  });

/** Subscribes a new browser of `service` for the caller's session; its endpoint id. */
export async function subscribeDevice(
  baseUrl: string,
  token: string,
  service: PushService,
): Promise<string> {
  const { endpointId, ...subscription } = service.subscribe();
  const { status, body } = await postSubscription(baseUrl, token, subscription);
  if (status !== 201) throw new Error(`subscribe failed: ${status} ${JSON.stringify(body)}`);
  return endpointId;
}
