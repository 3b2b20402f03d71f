import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { notificationSettingsBodySchema } from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { NotificationSettingsService } from './notification-settings.js';

/**
 * `GET` and `PUT /api/me/notifications`: the caller's email fallback for missed messages
 * (docs/protocol.md). Users only: a website visitor is refused at the door (its replies are
 * emailed through the support widget's own setting).
 */
export function registerNotificationSettingsRoutes(
  app: FastifyInstance,
  deps: { settings: NotificationSettingsService; authenticate: preHandlerAsyncHookHandler },
): void {
  const { authenticate, settings } = deps;

  app.get('/api/me/notifications', { preHandler: authenticate }, async (request) =>
    settings.read(sessionOf(request).userId),
  );

  app.put('/api/me/notifications', { preHandler: authenticate }, async (request) => {
    const body = parseInput(notificationSettingsBodySchema, request.body);
    return settings.update(sessionOf(request).userId, body);
  });
}
