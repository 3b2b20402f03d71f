import type { FastifyInstance, FastifyReply, preHandlerAsyncHookHandler } from 'fastify';
import type { AuthResponse } from '@natter/protocol';
import { loginBodySchema, registerBodySchema } from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import { findProfile } from '../users/user-repository.js';
import { presentUser } from '../users/user-presenter.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { AccountService } from './account-service.js';
import { SESSION_COOKIE } from './credentials.js';

const SESSION_COOKIE_MAX_AGE_SEC = 30 * 24 * 60 * 60;

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    accounts: AccountService;
    authenticate: preHandlerAsyncHookHandler;
    secureCookies: boolean;
  },
): void {
  const { accounts, authenticate } = deps;

  /** Browsers get the token as an httpOnly cookie too; scripts on the page cannot read it. */
  const signedIn = (reply: FastifyReply, auth: AuthResponse) =>
    reply.setCookie(SESSION_COOKIE, auth.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: '/',
      maxAge: SESSION_COOKIE_MAX_AGE_SEC,
    });

  app.post('/api/auth/register', async (request, reply) => {
    const auth = await accounts.register(parseInput(registerBodySchema, request.body), request.ip);
    return signedIn(reply, auth).status(201).send(auth);
  });

  app.post('/api/auth/login', async (request, reply) => {
    const auth = await accounts.login(parseInput(loginBodySchema, request.body), request.ip);
    return signedIn(reply, auth).send(auth);
  });

  app.post('/api/auth/logout', { preHandler: authenticate }, async (request, reply) => {
    await accounts.logout(sessionOf(request));
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).send();
  });

  app.get('/api/me', { preHandler: authenticate }, async (request) => {
    const row = await findProfile(deps.db, sessionOf(request).userId);
    if (!row) throw notFound('user not found');
    return { user: presentUser(row) };
  });
}
