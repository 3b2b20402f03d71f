import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import {
  updateVisitorBodySchema,
  widgetLinkSessionBodySchema,
  widgetSessionBodySchema,
} from '@natter/protocol';
import type { Db } from '../db/database.js';
import { AppError, parseInput } from '../errors.js';
import { addressKey } from '../http/address-key.js';
import { sessionOf } from '../http/authenticate.js';
import type { OriginPolicyConfig } from '../http/origin-policy.js';
import { ownOrigin } from '../http/origin-policy.js';
import { isOriginOfAnySite } from './site-repository.js';
import type { VisitorService } from './visitor-service.js';

/** How long a browser may cache the preflight's answer. */
const PREFLIGHT_MAX_AGE_SEC = 600;

/**
 * The widget's routes. `POST /api/widget/session` is the one route a host page calls across origins. The door leaves
 * its Origin to it (`siteOrigins`); CORS headers name the caller's origin only when some site
 * lists it, and the service then refuses it (403) unless the requested site does. Tokens travel
 * in the body, never cookies, so no credentials are allowed. The standalone page's
 * `POST /api/widget/link-session` and the visitor's own `PATCH /api/widget/visitor` are called from
 * the server's own origin only (the frame and the page live there), as every other route.
 */
export function registerWidgetRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    visitors: VisitorService;
    door: OriginPolicyConfig;
    authenticate: preHandlerAsyncHookHandler;
  },
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

  app.post('/api/widget/link-session', async (request) => {
    const { link } = parseInput(widgetLinkSessionBodySchema, request.body);
    return deps.visitors.startLinkSession(link, addressKey(request.ip));
  });

  app.patch(
    '/api/widget/visitor',
    { preHandler: deps.authenticate, config: { visitors: 'allowed' } },
    async (request) => {
      const session = sessionOf(request);
      // A user is no visitor: their name is their account's, changed in the app.
      if (session.principal !== 'visitor') {
        throw new AppError('forbidden', 'only a website visitor has visitor details');
      }
      const body = parseInput(updateVisitorBodySchema, request.body);
      return { visitor: await deps.visitors.updateProfile(session.userId, body) };
    },
  );
}
