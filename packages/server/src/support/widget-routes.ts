import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { widgetSessionBodySchema } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { parseInput } from '../errors.js';
import { addressKey } from '../http/address-key.js';
import type { OriginPolicyConfig } from '../http/origin-policy.js';
import { ownOrigin } from '../http/origin-policy.js';
import { isOriginOfAnySite } from './site-repository.js';
import type { VisitorService } from './visitor-service.js';

/** How long a browser may cache the preflight's answer. */
const PREFLIGHT_MAX_AGE_SEC = 600;

/**
 * `POST /api/widget/session`, the one route a host page calls across origins. The door leaves
 * its Origin to it (`siteOrigins`); CORS headers name the caller's origin only when some site
 * lists it, and the service then refuses it (403) unless the requested site does. Tokens travel
 * in the body, never cookies, so no credentials are allowed.
 */
export function registerWidgetRoutes(
  app: FastifyInstance,
  deps: { db: Db; visitors: VisitorService; door: OriginPolicyConfig },
): void {
  const config = { siteOrigins: true } as const;

  const allowOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Origin');
    const { origin } = request.headers;
    if (origin && (await isOriginOfAnySite(deps.db, origin))) {
      reply.header('access-control-allow-origin', origin);
    }
  };

  app.options('/api/widget/session', { config, onRequest: allowOrigin }, async (_request, reply) =>
    reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SEC))
      .status(204)
      .send(),
  );

  app.post('/api/widget/session', { config, onRequest: allowOrigin }, async (request) => {
    const body = parseInput(widgetSessionBodySchema, request.body);
    return deps.visitors.startSession(body, {
      ip: addressKey(request.ip),
      origin: request.headers.origin,
      ownOrigin: ownOrigin(request.headers, deps.door),
      userAgent: request.headers['user-agent'],
    });
  });
}
