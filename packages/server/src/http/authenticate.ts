import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenFromHeaders } from '../auth/credentials.js';
import type { Session, SessionStore } from '../auth/session-store.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every protected route. */
    session: Session | null;
  }
}

const unauthorized = () =>
  new AppError('unauthorized', 'missing, invalid, revoked or expired token');

/** A preHandler for protected routes: no valid session, no handler. */
export function authenticateWith(sessions: SessionStore, cookieName: string) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = tokenFromHeaders(request.headers, cookieName);
    const session = token ? await sessions.resolve(token) : undefined;
    if (!session) throw unauthorized();
    request.session = session;
  };
}

/** The caller's session on a protected route. */
export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw unauthorized();
  return request.session;
}
