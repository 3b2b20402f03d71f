import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { privacySettingsBodySchema } from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { PrivacySettingsService } from './privacy-settings.js';

/**
 * `GET` and `PUT /api/me/privacy`: whether the caller shares read receipts and typing (and so
 * sees others'). Users only: a website visitor is refused at the door.
 */
export function registerPrivacyRoutes(
  app: FastifyInstance,
  deps: { privacy: PrivacySettingsService; authenticate: preHandlerAsyncHookHandler },
): void {
  const { authenticate, privacy } = deps;

  app.get('/api/me/privacy', { preHandler: authenticate }, async (request) =>
    privacy.read(sessionOf(request).userId),
  );

  app.put('/api/me/privacy', { preHandler: authenticate }, async (request) => {
    const body = parseInput(privacySettingsBodySchema, request.body);
    return privacy.update(sessionOf(request).userId, body);
  });
}
