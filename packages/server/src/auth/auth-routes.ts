import type { FastifyInstance, FastifyReply, preHandlerAsyncHookHandler } from 'fastify';
import type { AuthResponse } from '@natter/protocol';
import { loginBodySchema, registerBodySchema } from '@natter/protocol';
import { parseInput } from '../errors.js';
import { addressKey } from '../http/address-key.js';
import { sessionOf } from '../http/authenticate.js';
import { isAdmin } from '../support/site-repository.js';
import { findProfile } from '../users/user-repository.js';
import { presentUser } from '../users/user-presenter.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { AccountService } from './account-service.js';
import type { SessionCookie } from './credentials.js';

export function registerAuthRoutes(
  app: FastifyInstance,
  deps: {
    db: Db;
    accounts: AccountService;
    authenticate: preHandlerAsyncHookHandler;
    cookie: SessionCookie;
  },
): void {
  const { accounts, authenticate, cookie } = deps;
  /** A widget's visitor may read itself and end its session. */
  const visitorsToo = { visitors: 'allowed' } as const;

  /** Browsers get the token as an httpOnly cookie too; scripts on the page cannot read it. */
  const signedIn = (reply: FastifyReply, auth: AuthResponse) =>
    reply.setCookie(cookie.name, auth.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      path: '/',
      maxAge: cookie.maxAgeSec,
    });
  const signedOut = (reply: FastifyReply) =>
    reply.clearCookie(cookie.name, { path: '/', secure: cookie.secure, httpOnly: true });

  app.post('/api/auth/register', async (request, reply) => {
    const auth = await accounts.register(
      parseInput(registerBodySchema, request.body),
      addressKey(request.ip),
    );
    return signedIn(reply, auth).status(201).send(auth);
  });

  app.post('/api/auth/login', async (request, reply) => {
    const auth = await accounts.login(
      parseInput(loginBodySchema, request.body),
      addressKey(request.ip),
    );
    return signedIn(reply, auth).send(auth);
  });

  app.post(
    '/api/auth/logout',
    { preHandler: authenticate, config: visitorsToo },
    async (request, reply) => {
      await accounts.logout(sessionOf(request));
      return signedOut(reply).status(204).send();
    },
  );

  app.post('/api/auth/logout-all', { preHandler: authenticate }, async (request, reply) => {
    await accounts.logoutAll(sessionOf(request));
    return signedOut(reply).status(204).send();
  });

  app.get('/api/me', { preHandler: authenticate, config: visitorsToo }, async (request) => {
    const { userId } = sessionOf(request);
    const [row, admin] = await Promise.all([
      findProfile(deps.db, userId),
      isAdmin(deps.db, userId),
    ]);
    if (!row) throw notFound('user not found');
    return { user: presentUser(row), isAdmin: admin };
  });
}
