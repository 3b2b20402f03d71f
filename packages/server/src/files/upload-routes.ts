import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { uploadRequestBodySchema } from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { UploadService } from './upload-service.js';

/** `POST /api/uploads`: a member asks where to send a file for a room (docs/files.md). */
export function registerUploadRoutes(
  app: FastifyInstance,
  deps: { uploads: UploadService; authenticate: preHandlerAsyncHookHandler },
): void {
  // A visitor may attach files in its support room (the membership rule bounds the room).
  const opts = { preHandler: deps.authenticate, config: { visitors: 'allowed' } } as const;
  app.post('/api/uploads', opts, async (request, reply) => {
    const body = parseInput(uploadRequestBodySchema, request.body);
    return reply.status(201).send(await deps.uploads.request(sessionOf(request).userId, body));
  });
}
