import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import {
  addAgentBodySchema,
  createSiteBodySchema,
  siteAgentParamsSchema,
  siteIdParamsSchema,
  updateSiteBodySchema,
} from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { OriginPolicyConfig } from '../http/origin-policy.js';
import { ownOrigin } from '../http/origin-policy.js';
import type { AdminExtras } from './site-presenter.js';
import type { SiteService } from './site-service.js';

/** `/api/sites`: the admin manages sites and agents; agents read the sites they serve. */
export function registerSiteRoutes(
  app: FastifyInstance,
  deps: { sites: SiteService; authenticate: preHandlerAsyncHookHandler; door: OriginPolicyConfig },
): void {
  const { sites } = deps;
  const opts = { preHandler: deps.authenticate };
  /** The snippet names the server as the admin reaches it (PUBLIC_URL when set). */
  const extras = (request: FastifyRequest): AdminExtras => ({
    serverOrigin: ownOrigin(request.headers, deps.door) ?? '',
  });
  const actor = (request: FastifyRequest) => sessionOf(request).userId;

  app.post('/api/sites', opts, async (request, reply) => {
    const body = parseInput(createSiteBodySchema, request.body);
    return reply
      .status(201)
      .send({ site: await sites.create(actor(request), body, extras(request)) });
  });

  app.get('/api/sites', opts, async (request) => ({
    sites: await sites.list(actor(request), extras(request)),
  }));

  app.get('/api/sites/:id', opts, async (request) => {
    const { id } = parseInput(siteIdParamsSchema, request.params);
    return { site: await sites.get(actor(request), id, extras(request)) };
  });

  app.patch('/api/sites/:id', opts, async (request) => {
    const { id } = parseInput(siteIdParamsSchema, request.params);
    const body = parseInput(updateSiteBodySchema, request.body);
    return { site: await sites.update(actor(request), id, body, extras(request)) };
  });

  app.get('/api/sites/:id/agents', opts, async (request) => {
    const { id } = parseInput(siteIdParamsSchema, request.params);
    return { agents: await sites.agents(actor(request), id) };
  });

  app.post('/api/sites/:id/agents', opts, async (request, reply) => {
    const { id } = parseInput(siteIdParamsSchema, request.params);
    const { userId } = parseInput(addAgentBodySchema, request.body);
    await sites.addAgent(actor(request), id, userId);
    return reply.status(201).send({ agents: await sites.agents(actor(request), id) });
  });

  app.delete('/api/sites/:id/agents/:userId', opts, async (request, reply) => {
    const { id, userId } = parseInput(siteAgentParamsSchema, request.params);
    await sites.removeAgent(actor(request), id, userId);
    return reply.status(204).send();
  });
}
