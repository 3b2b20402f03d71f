import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenFromHeaders } from '../auth/credentials.js';
import type { Session, SessionStore } from '../auth/session-store.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every protected route. */
    session: Session | null;
  }
  interface FastifyContextConfig {
    /**
     * `allowed`: a website visitor's session may call this route (its own support rooms are all
     * the membership rule then lets it reach). Without it, a visitor is refused here.
     */
    visitors?: 'allowed';
    /** The route checks the browser Origin itself (against a site's list): the door lets it by. */
    siteOrigins?: true;
  }
}

const unauthorized = () =>
  new AppError('unauthorized', 'missing, invalid, revoked or expired token');

/**
 * A preHandler for protected routes: no valid session, no handler. It also applies the one rule
 * for website visitors over HTTP: a visitor's session passes only on routes whose config says
 * `visitors: 'allowed'`; everywhere else it is `forbidden`.
 */
export function authenticateWith(sessions: SessionStore, cookieName: string) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = tokenFromHeaders(request.headers, cookieName);
    const session = token ? await sessions.resolve(token) : undefined;
    if (!session) throw unauthorized();
    if (session.principal === 'visitor' && request.routeOptions.config.visitors !== 'allowed') {
      throw new AppError('forbidden', 'a visitor may not use this route');
    }
    request.session = session;
  };
}

/** The caller's session on a protected route. */
export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw unauthorized();
  return request.session;
}
