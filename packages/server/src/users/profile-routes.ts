import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import {
  avatarUploadBodySchema,
  changePasswordBodySchema,
  idSchema,
  updateMeBodySchema,
} from '@natter/protocol';
import type { AccountService } from '../auth/account-service.js';
import { notFound, parseInput } from '../errors.js';
import { AVATAR_TYPE } from '../files/avatar-image.js';
import type { UploadService } from '../files/upload-service.js';
import { sessionOf } from '../http/authenticate.js';
import type { ProfileService } from './profile-service.js';

const avatarParamsSchema = z.strictObject({ id: idSchema });

/**
 * The caller's own account: `PATCH /api/me`, `POST /api/me/avatar-upload`,
 * `POST /api/me/password`; and `GET /api/avatars/:id`, the avatars themselves (docs/protocol.md).
 */
export function registerProfileRoutes(
  app: FastifyInstance,
  deps: {
    profiles: ProfileService;
    accounts: AccountService;
    uploads: UploadService;
    authenticate: preHandlerAsyncHookHandler;
  },
): void {
  const { authenticate } = deps;

  app.patch('/api/me', { preHandler: authenticate }, async (request) => {
    const body = parseInput(updateMeBodySchema, request.body);
    return { user: await deps.profiles.update(sessionOf(request).userId, body) };
  });

  app.post('/api/me/avatar-upload', { preHandler: authenticate }, async (request, reply) => {
    const body = parseInput(avatarUploadBodySchema, request.body);
    return reply
      .status(201)
      .send(await deps.uploads.requestAvatar(sessionOf(request).userId, body));
  });

  app.post('/api/me/password', { preHandler: authenticate }, async (request, reply) => {
    const body = parseInput(changePasswordBodySchema, request.body);
    await deps.accounts.changePassword(sessionOf(request), body);
    return reply.status(204).send();
  });

  /**
   * Any signed-in session may read any avatar (a visitor too: agents' avatars show in its support
   * room). Avatars are not secret from the people a user can find by search anyway; the URL's id
   * is unguessable, and a new avatar gets a new URL, so the bytes are cached for good.
   */
  app.get(
    '/api/avatars/:id',
    { preHandler: authenticate, config: { visitors: 'allowed' } },
    async (request, reply) => {
      const { id } = parseInput(avatarParamsSchema, request.params);
      const bytes = await deps.uploads.readAvatar(id);
      if (!bytes) throw notFound('no such avatar');
      return reply
        .header('content-type', AVATAR_TYPE)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );
}
