import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import {
  cannedResponseBodySchema,
  cannedResponseParamsSchema,
  siteIdParamsSchema,
} from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { CannedResponseService } from './canned-response-service.js';

/** `/api/sites/:id/canned-responses`: the site's agents and the admin; visitors are refused. */
export function registerCannedResponseRoutes(
  app: FastifyInstance,
  deps: { cannedResponses: CannedResponseService; authenticate: preHandlerAsyncHookHandler },
): void {
  const { cannedResponses } = deps;
  const opts = { preHandler: deps.authenticate };
  const actor = (request: FastifyRequest) => sessionOf(request).userId;

  app.get('/api/sites/:id/canned-responses', opts, async (request) => {
    const { id } = parseInput(siteIdParamsSchema, request.params);
    return { cannedResponses: await cannedResponses.list(actor(request), id) };
  });

  app.post('/api/sites/:id/canned-responses', opts, async (request, reply) => {
    const { id } = parseInput(siteIdParamsSchema, request.params);
    const body = parseInput(cannedResponseBodySchema, request.body);
    const cannedResponse = await cannedResponses.create(actor(request), id, body);
    return reply.status(201).send({ cannedResponse });
  });

  app.delete('/api/sites/:id/canned-responses/:responseId', opts, async (request, reply) => {
    const { id, responseId } = parseInput(cannedResponseParamsSchema, request.params);
    await cannedResponses.delete(actor(request), id, responseId);
    return reply.status(204).send();
  });
}
