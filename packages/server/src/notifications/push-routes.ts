import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { pushSubscriptionBodySchema, pushUnsubscribeBodySchema } from '@natter/protocol';
import type { VapidPublicKeyResponse } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { badRequest, parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { endpointAllowed } from './endpoint-origins.js';
import { deleteOwnSubscription, saveSubscription } from './push-subscription-repository.js';

/**
 * Web Push subscriptions (docs/notifications.md): the key browsers subscribe with, and this
 * device's subscription stored or forgotten. A website visitor may subscribe too (its support
 * room's replies reach it like an agent's reach a user).
 */
export function registerPushRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    rateLimits: RateLimits;
    authenticate: preHandlerAsyncHookHandler;
    vapidPublicKey: string;
    endpointOrigins: readonly string[];
  },
): void {
  const { db, rateLimits } = deps;
  const opts = { preHandler: deps.authenticate, config: { visitors: 'allowed' } } as const;

  app.get('/api/push/vapid-public-key', opts, (): VapidPublicKeyResponse => {
    return { publicKey: deps.vapidPublicKey };
  });

  app.post('/api/push/subscriptions', opts, async (request, reply) => {
    const session = sessionOf(request);
    const body = parseInput(pushSubscriptionBodySchema, request.body);
    if (!endpointAllowed(body.endpoint, deps.endpointOrigins)) {
      throw badRequest('endpoint: not a push service this server sends to (PUSH_ENDPOINT_ORIGINS)');
    }
    await rateLimits.consume('pushChangesPerUser', session.userId);
    await saveSubscription(db, session, body);
    return reply.status(201).send({});
  });

  app.delete('/api/push/subscriptions', opts, async (request, reply) => {
    const { userId } = sessionOf(request);
    const { endpoint } = parseInput(pushUnsubscribeBodySchema, request.body);
    await rateLimits.consume('pushChangesPerUser', userId);
    await deleteOwnSubscription(db, userId, endpoint);
    return reply.status(204).send();
  });
}
