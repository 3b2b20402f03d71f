import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../src/db/schema.js';
import { connect, http, registerUser, request } from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { disconnection, expectHttpError, login, tryConnect } from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const DAY_MS = 24 * 3_600_000;
const IDLE_MS = 2 * DAY_MS;
const MAX_MS = 5 * DAY_MS;

describe('session lifetimes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ sessions: { idleMs: IDLE_MS, maxMs: MAX_MS } });
  });
  afterAll(() => t.close());

  /** Moves a user's sessions' clocks back, as if the time had passed. */
  const age = (user: TestUser, clocks: { lastUsedAgoMs?: number; createdAgoMs?: number }) =>
    t.server.database.db
      .update(sessions)
      .set({
        ...(clocks.lastUsedAgoMs === undefined
          ? {}
          : { lastUsedAt: new Date(Date.now() - clocks.lastUsedAgoMs) }),
        ...(clocks.createdAgoMs === undefined
          ? {}
          : { createdAt: new Date(Date.now() - clocks.createdAgoMs) }),
      })
      .where(eq(sessions.userId, user.user.id));

  const lastUsedAt = async (user: TestUser) => {
    const [row] = await t.server.database.db
      .select({ lastUsedAt: sessions.lastUsedAt })
      .from(sessions)
      .where(eq(sessions.userId, user.user.id));
    return row?.lastUsedAt.getTime();
  };

  const expectRefusedEverywhere = async (token: string) => {
    expectHttpError(await http(t.url, 'GET', '/api/me', { token }), 401, 'unauthorized');
    const handshake = await tryConnect(t.url, { auth: { token } });
    expect(handshake.error?.message).toBe('unauthorized');
  };

  it('a session unused for longer than the idle lifetime is refused over HTTP and at the handshake', async () => {
    const user = await registerUser(t.url, 'idle');
    await age(user, { lastUsedAgoMs: IDLE_MS + 60_000 });
    await expectRefusedEverywhere(user.token);
  });

  it('a session older than the absolute lifetime is refused, however recently it was used', async () => {
    const user = await registerUser(t.url, 'old');
    await age(user, { createdAgoMs: MAX_MS + 60_000, lastUsedAgoMs: 0 });
    await expectRefusedEverywhere(user.token);
  });

  it('a session used within the idle lifetime keeps working, and its idle clock restarts', async () => {
    const user = await registerUser(t.url, 'busy');
    await age(user, { lastUsedAgoMs: IDLE_MS - 60_000 });
    expect((await http(t.url, 'GET', '/api/me', { token: user.token })).status).toBe(200);
    expect(await lastUsedAt(user)).toBeGreaterThan(Date.now() - 60_000);
    const socket = await connect(t.url, user.token);
    socket.close();
  });

  it('bumps last_used_at at most once per few minutes, not at every request', async () => {
    const user = await registerUser(t.url, 'touch');
    await age(user, { lastUsedAgoMs: 60_000 });
    const before = await lastUsedAt(user);
    await http(t.url, 'GET', '/api/me', { token: user.token });
    const socket = await connect(t.url, user.token);
    socket.close();
    expect(await lastUsedAt(user)).toBe(before);
  });

  it('the sweep deletes ended sessions and disconnects their sockets; live ones stay', async () => {
    const ended = await registerUser(t.url, 'swept');
    const live = await registerUser(t.url, 'kept');
    const endedSocket = await connect(t.url, ended.token);
    const liveSocket = await connect(t.url, live.token);
    await age(ended, { lastUsedAgoMs: IDLE_MS + 60_000 });

    const gone = disconnection(endedSocket, 5000);
    expect(await t.server.sessionSweeper.sweep()).toBeGreaterThanOrEqual(1);
    expect(await gone).toBe('io server disconnect');
    expect(await lastUsedAt(ended)).toBeUndefined();
    // The live session's socket is still served: its request is answered.
    expect(await request(liveSocket, 'presence:get', { userIds: [live.user.id] })).toMatchObject({
      ok: true,
    });
    expect(await lastUsedAt(live)).toBeDefined();
    liveSocket.close();
  });

  it("the cookie's Max-Age is the session's absolute lifetime", async () => {
    const user = await registerUser(t.url, 'cookie');
    const res = await http(t.url, 'POST', '/api/auth/login', {
      body: { username: user.user.username, password: user.password },
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('natter_session='));
    expect(cookie).toContain(`Max-Age=${MAX_MS / 1000}`);
  });
});

describe('POST /api/auth/logout-all', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ rateLimits: true });
  });
  afterAll(() => t.close());

  it('ends every session of the user, disconnects all their sockets, and no one else’s', async () => {
    const user = await registerUser(t.url, 'all');
    const other = await registerUser(t.url, 'oth');
    const secondToken = await login(t.url, user);
    const sockets: ClientSocket[] = [
      await connect(t.url, user.token),
      await connect(t.url, user.token),
      await connect(t.url, secondToken),
    ];
    const otherSocket = await connect(t.url, other.token);
    const gone = sockets.map((socket) => disconnection(socket, 5000));

    const res = await http(t.url, 'POST', '/api/auth/logout-all', { token: user.token });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join()).toMatch(/natter_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(await Promise.all(gone)).toEqual(Array(3).fill('io server disconnect'));
    for (const token of [user.token, secondToken]) {
      expectHttpError(await http(t.url, 'GET', '/api/me', { token }), 401, 'unauthorized');
      expect((await tryConnect(t.url, { auth: { token } })).error?.message).toBe('unauthorized');
    }
    expect(await request(otherSocket, 'presence:get', { userIds: [] })).toMatchObject({ ok: true });
    expect((await http(t.url, 'GET', '/api/me', { token: other.token })).status).toBe(200);
    otherSocket.close();
  });

  it('refuses an anonymous caller with 401', async () => {
    expectHttpError(await http(t.url, 'POST', '/api/auth/logout-all'), 401, 'unauthorized');
  });

  it('is rate limited per user: 429 rate_limited with retryAfterMs, sessions kept', async () => {
    const user = await registerUser(t.url, 'lall');
    let limited;
    for (let i = 0; i < 12 && !limited; i++) {
      const token = await login(t.url, user);
      const res = await http(t.url, 'POST', '/api/auth/logout-all', { token });
      if (res.status === 429) limited = { res, token };
      else expect(res.status).toBe(204);
    }
    if (!limited) throw new Error('12 sign-outs everywhere in a row were all accepted');
    expectHttpError(limited.res, 429, 'rate_limited');
    const { retryAfterMs } = (limited.res.body as { error: { retryAfterMs: number } }).error;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect((await http(t.url, 'GET', '/api/me', { token: limited.token })).status).toBe(200);
  });
});
