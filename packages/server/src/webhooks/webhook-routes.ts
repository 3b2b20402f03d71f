import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import {
  createWebhookBodySchema,
  updateWebhookBodySchema,
  webhookDeliveriesQuerySchema,
  webhookParamsSchema,
  webhooksQuerySchema,
} from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { WebhookService } from './webhook-service.js';

/** `/api/webhooks`: the instance admin's outgoing webhooks; everyone else is refused. */
export function registerWebhookRoutes(
  app: FastifyInstance,
  deps: { webhooks: WebhookService; authenticate: preHandlerAsyncHookHandler },
): void {
  const { webhooks } = deps;
  const opts = { preHandler: deps.authenticate };
  const actor = (request: FastifyRequest) => sessionOf(request).userId;
  const idOf = (request: FastifyRequest) => parseInput(webhookParamsSchema, request.params).id;

  app.get('/api/webhooks', opts, async (request) => {
    const { siteId } = parseInput(webhooksQuerySchema, request.query);
    return { webhooks: await webhooks.list(actor(request), siteId) };
  });

  app.post('/api/webhooks', opts, async (request, reply) => {
    const body = parseInput(createWebhookBodySchema, request.body);
    return reply.status(201).send({ webhook: await webhooks.create(actor(request), body) });
  });

  app.patch('/api/webhooks/:id', opts, async (request) => {
    const id = idOf(request);
    const body = parseInput(updateWebhookBodySchema, request.body);
    return { webhook: await webhooks.update(actor(request), id, body) };
  });

  app.delete('/api/webhooks/:id', opts, async (request, reply) => {
    await webhooks.delete(actor(request), idOf(request));
    return reply.status(204).send();
  });

  app.post('/api/webhooks/:id/secret', opts, async (request) => ({
    webhook: await webhooks.rotateSecret(actor(request), idOf(request)),
  }));

  app.post('/api/webhooks/:id/test', opts, async (request, reply) =>
    reply.status(202).send({ delivery: await webhooks.sendTest(actor(request), idOf(request)) }),
  );

  app.get('/api/webhooks/:id/deliveries', opts, async (request) => {
    const id = idOf(request);
    const query = parseInput(webhookDeliveriesQuerySchema, request.query);
    return webhooks.deliveries(actor(request), id, query);
  });
}
