import type { AuthResponse, MeResponse, UsersResponse } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  http,
  nextEvent,
  ok,
  registerUser,
  sendText,
  uniqueName,
} from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import {
  disconnection,
  expectHttpError,
  login,
  rawHttp,
  tryConnect,
} from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const PASSWORD = 'correct horse battery';

/** The session cookie in a response's Set-Cookie headers, split into its attributes. */
function sessionCookie(headers: Headers): { value: string; attributes: string[] } | undefined {
  const line = headers.getSetCookie().find((c) => c.startsWith('natter_session='));
  if (!line) return undefined;
  const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
  return { value: pair.slice('natter_session='.length), attributes };
}

describe('accounts', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const register = (body: unknown) =>
    http<AuthResponse>(t.url, 'POST', '/api/auth/register', { body });

  describe('register', () => {
    it('answers 201 with { user, token }, user exactly { id, username, displayName }', async () => {
      const username = uniqueName('reg');
      const res = await register({ username, password: PASSWORD, displayName: 'Reg Istered' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['token', 'user']);
      expect(res.body.user).toEqual({
        id: res.body.user.id,
        username,
        displayName: 'Reg Istered',
      });
      expect(res.body.user.id).toMatch(/^\S{8,64}$/);
      expect(res.body.token).toMatch(/^\S{20,128}$/);
    });

    it('never lets the password or its hash leave the server', async () => {
      const username = uniqueName('leak');
      const res = await rawHttp(t.url, 'POST', '/api/auth/register', {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(res.status).toBe(201);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/argon2|password|hash|isAdmin/i);
      const me = await http<MeResponse>(t.url, 'GET', '/api/me', {
        token: (res.body as AuthResponse).token,
      });
      // The user's own admin flag is a field of its /api/me answer, never of a user.
      expect(JSON.stringify(me.body.user)).not.toMatch(/argon2|password|hash|isAdmin/i);
      expect(JSON.stringify(me.body)).not.toMatch(/argon2|password|hash/i);
    });

    it('uses the username as the display name when none is given', async () => {
      const username = uniqueName('nodn');
      const res = await register({ username, password: PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body.user.displayName).toBe(username);
    });

    it('refuses a taken username with 409 conflict, and keeps the first account', async () => {
      const first = await registerUser(t.url, 'dup');
      const res = await register({
        username: first.user.username,
        password: 'another password',
        displayName: 'Impostor',
      });
      expectHttpError(res, 409, 'conflict');
      // The original account and its password are untouched.
      expect(await login(t.url, first)).toMatch(/^\S{20,}$/);
      const me = await http<MeResponse>(t.url, 'GET', '/api/me', { token: first.token });
      expect(me.body.user.displayName).toBe(first.user.displayName);
    });

    it('accepts the boundary lengths: 3 and 32 character usernames, 8 and 256 character passwords', async () => {
      // Each run has a fresh database, and only this test uses 3-character names.
      const short = Math.random().toString(36).slice(2, 5).padEnd(3, 'x');
      const long = uniqueName('b').padEnd(32, '9');
      expect((await register({ username: short, password: '8'.repeat(8) })).status).toBe(201);
      expect((await register({ username: long, password: 'p'.repeat(256) })).status).toBe(201);
    });

    const invalid: { name: string; body: (username: string) => unknown; field: string }[] = [
      {
        name: 'a 2-character username',
        body: () => ({ username: 'ab', password: PASSWORD }),
        field: 'username',
      },
      {
        name: 'a 33-character username',
        body: (u) => ({ username: u.padEnd(33, 'x'), password: PASSWORD }),
        field: 'username',
      },
      {
        name: 'upper-case letters',
        body: (u) => ({ username: `A${u}`, password: PASSWORD }),
        field: 'username',
      },
      {
        name: 'a space in the username',
        body: (u) => ({ username: `${u} x`, password: PASSWORD }),
        field: 'username',
      },
      { name: 'a missing username', body: () => ({ password: PASSWORD }), field: 'username' },
      {
        name: 'a numeric username',
        body: () => ({ username: 12345, password: PASSWORD }),
        field: 'username',
      },
      {
        name: 'a 7-character password',
        body: (u) => ({ username: u, password: '7654321' }),
        field: 'password',
      },
      {
        name: 'a 257-character password',
        body: (u) => ({ username: u, password: 'p'.repeat(257) }),
        field: 'password',
      },
      { name: 'a missing password', body: (u) => ({ username: u }), field: 'password' },
      {
        name: 'a blank display name',
        body: (u) => ({ username: u, password: PASSWORD, displayName: '   ' }),
        field: 'displayName',
      },
      {
        name: 'a 65-character display name',
        body: (u) => ({ username: u, password: PASSWORD, displayName: 'd'.repeat(65) }),
        field: 'displayName',
      },
    ];

    it.each(invalid)(
      'refuses $name with 400 bad_request naming $field',
      async ({ body, field }) => {
        const username = uniqueName('inv').slice(0, 24);
        const message = expectHttpError(await register(body(username)), 400, 'bad_request');
        expect(message).toContain(field);
        // Nothing was stored: the (valid) username is still free.
        expect((await register({ username, password: PASSWORD })).status).toBe(201);
      },
    );
  });

  describe('login', () => {
    let user: TestUser;
    beforeAll(async () => {
      user = await registerUser(t.url, 'login');
    });

    it('answers 200 { user, token } with a new token; both sessions work', async () => {
      const res = await http<AuthResponse>(t.url, 'POST', '/api/auth/login', {
        body: { username: user.user.username, password: user.password },
      });
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual(user.user);
      expect(res.body.token).not.toBe(user.token);
      for (const token of [user.token, res.body.token]) {
        const me = await http<MeResponse>(t.url, 'GET', '/api/me', { token });
        expect(me.body.user).toEqual(user.user);
      }
    });

    it('answers a wrong password and an unknown user alike: 401 unauthorized, same message', async () => {
      const wrong = await http(t.url, 'POST', '/api/auth/login', {
        body: { username: user.user.username, password: 'not the password' },
      });
      const unknown = await http(t.url, 'POST', '/api/auth/login', {
        body: { username: uniqueName('ghost'), password: user.password },
      });
      const wrongMessage = expectHttpError(wrong, 401, 'unauthorized');
      const unknownMessage = expectHttpError(unknown, 401, 'unauthorized');
      expect(wrongMessage).toBe(unknownMessage);
      expect(sessionCookie(wrong.headers)).toBeUndefined();
    });

    it('refuses a malformed login body with 400 bad_request naming the field', async () => {
      const res = await http(t.url, 'POST', '/api/auth/login', {
        body: { username: user.user.username },
      });
      expect(expectHttpError(res, 400, 'bad_request')).toContain('password');
    });
  });

  describe('/api/me and the session cookie', () => {
    it('answers { user } for a bearer token', async () => {
      const user = await registerUser(t.url, 'me');
      const res = await http<MeResponse>(t.url, 'GET', '/api/me', { token: user.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ user: user.user, isAdmin: false });
    });

    it('sets an httpOnly, SameSite session cookie at login that authenticates /api/me', async () => {
      const user = await registerUser(t.url, 'cookie');
      const res = await http<AuthResponse>(t.url, 'POST', '/api/auth/login', {
        body: { username: user.user.username, password: user.password },
      });
      const cookie = sessionCookie(res.headers);
      expect(cookie?.value).toBe(res.body.token);
      const attributes = cookie?.attributes.map((a) => a.toLowerCase()) ?? [];
      expect(attributes).toContain('httponly');
      expect(attributes).toContain('path=/');
      expect(attributes.some((a) => a === 'samesite=lax' || a === 'samesite=strict')).toBe(true);
      // Never in a URL: the token is not echoed anywhere but the body and the cookie.
      expect(res.headers.get('location')).toBeNull();

      const me = await http<MeResponse>(t.url, 'GET', '/api/me', {
        headers: { cookie: `natter_session=${cookie?.value ?? ''}` },
      });
      expect(me.status).toBe(200);
      expect(me.body.user).toEqual(user.user);
    });

    it('sets the session cookie at registration too', async () => {
      const res = await register({ username: uniqueName('regc'), password: PASSWORD });
      expect(sessionCookie(res.headers)?.value).toBe(res.body.token);
    });

    it('does not take a token from the URL, over HTTP or in the socket handshake', async () => {
      const user = await registerUser(t.url, 'url');
      const res = await http(t.url, 'GET', `/api/me?token=${user.token}`);
      expectHttpError(res, 401, 'unauthorized');
      const res2 = await http(t.url, 'GET', `/api/me?access_token=${user.token}`);
      expectHttpError(res2, 401, 'unauthorized');
      const socket = await tryConnect(t.url, { query: { token: user.token } });
      expect(socket.error?.message).toBe('unauthorized');
    });

    it('the session cookie authenticates the socket handshake, until logout', async () => {
      const user = await registerUser(t.url, 'sockc');
      const token = await login(t.url, user);
      const cookie = { cookie: `natter_session=${token}` };
      for (const transports of [['websocket'], ['polling']]) {
        const result = await tryConnect(t.url, { transports, extraHeaders: cookie });
        expect(result.socket?.connected).toBe(true);
        result.socket?.close();
      }
      expect((await http(t.url, 'POST', '/api/auth/logout', { headers: cookie })).status).toBe(204);
      const after = await tryConnect(t.url, { extraHeaders: cookie });
      expect(after.error?.message).toBe('unauthorized');
    });
  });

  describe('logout', () => {
    it('answers 204 and clears the cookie; the token then fails over HTTP and the socket handshake', async () => {
      const user = await registerUser(t.url, 'out');
      const token = await login(t.url, user);
      const res = await http(t.url, 'POST', '/api/auth/logout', { token });
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      const cleared = sessionCookie(res.headers);
      expect(cleared?.value).toBe('');

      expectHttpError(await http(t.url, 'GET', '/api/me', { token }), 401, 'unauthorized');
      expectHttpError(
        await http(t.url, 'POST', '/api/auth/logout', { token }),
        401,
        'unauthorized',
      );
      await expect(connect(t.url, token)).rejects.toThrow(/^unauthorized$/);
      // The other session of the same user is not affected.
      const me = await http<MeResponse>(t.url, 'GET', '/api/me', { token: user.token });
      expect(me.status).toBe(200);
    });

    it('logs out the session a cookie names', async () => {
      const user = await registerUser(t.url, 'outc');
      const token = await login(t.url, user);
      const cookie = { cookie: `natter_session=${token}` };
      const res = await http(t.url, 'POST', '/api/auth/logout', { headers: cookie });
      expect(res.status).toBe(204);
      expectHttpError(
        await http(t.url, 'GET', '/api/me', { headers: cookie }),
        401,
        'unauthorized',
      );
      expectHttpError(await http(t.url, 'GET', '/api/me', { token }), 401, 'unauthorized');
    });

    it("disconnects every socket of the token's session, and no other session's", async () => {
      const user = await registerUser(t.url, 'outs');
      const friend = await registerUser(t.url, 'friend');
      const room = await createDirectRoom(t.url, user.token, friend.user.id);
      const doomedToken = await login(t.url, user);
      const doomed = [await connect(t.url, doomedToken), await connect(t.url, doomedToken)];
      const survivor = await connect(t.url, user.token);
      const friendSocket = await connect(t.url, friend.token);

      const reasons = doomed.map((s) => disconnection(s));
      const survivorReason = disconnection(survivor, 500);
      expect((await http(t.url, 'POST', '/api/auth/logout', { token: doomedToken })).status).toBe(
        204,
      );
      expect(await Promise.all(reasons)).toEqual(['io server disconnect', 'io server disconnect']);
      expect(await survivorReason).toBe('still connected');

      // The surviving session still receives and sends.
      const arrival = nextEvent(survivor, 'message:new');
      const sent = ok(await sendText(friendSocket, room.id, 'still there?'));
      expect((await arrival).id).toBe(sent.message.id);
      expect(ok(await sendText(survivor, room.id, 'yes')).message.seq).toBe(2);
      survivor.close();
      friendSocket.close();
    });
  });

  describe('GET /api/users', () => {
    let me: TestUser;
    let tag: string;
    const found: TestUser[] = [];
    beforeAll(async () => {
      // A tag only these users carry, so a shared database's other users never match.
      tag = Math.random().toString(36).slice(2, 8);
      me = await registerUser(t.url, `q${tag}`);
      for (const [username, displayName] of [
        [`q${tag}_ab`, `Underscore ${tag}`],
        [`q${tag}xab`, `Plain ${tag}`],
        [`z${uniqueName('x').slice(0, 12)}`, `Zed 100% ${tag}`],
        [`y${uniqueName('x').slice(0, 12)}`, `Zed 1000 ${tag}`],
      ] as const) {
        const res = await register({ username, password: PASSWORD, displayName });
        expect(res.status).toBe(201);
        found.push({ ...res.body, password: PASSWORD });
      }
    });

    const search = (query: string, token = me.token) =>
      http<UsersResponse>(t.url, 'GET', `/api/users?query=${encodeURIComponent(query)}`, {
        token,
      });
    const names = (res: { body: UsersResponse }) => res.body.users.map((u) => u.username).sort();

    it('finds users by username, with the public user shape only, excluding the caller', async () => {
      const res = await search(`q${tag}`);
      expect(res.status).toBe(200);
      expect(names(res)).toEqual([`q${tag}_ab`, `q${tag}xab`]);
      for (const user of res.body.users) {
        expect(Object.keys(user).sort()).toEqual(['displayName', 'id', 'username']);
      }
      expect(res.body.users.map((u) => u.id)).not.toContain(me.user.id);
    });

    it('finds users by display name, case-insensitively', async () => {
      const res = await search(`zed 100`);
      expect(res.body.users.map((u) => u.displayName).filter((d) => d.endsWith(tag))).toEqual(
        expect.arrayContaining([`Zed 100% ${tag}`, `Zed 1000 ${tag}`]),
      );
      expect(names(await search(`PLAIN ${tag}`))).toEqual([`q${tag}xab`]);
    });

    it('treats _ and % as text, not wildcards', async () => {
      expect(names(await search(`q${tag}_`))).toEqual([`q${tag}_ab`]);
      const percent = await search(`100% ${tag}`);
      expect(percent.body.users.map((u) => u.displayName)).toEqual([`Zed 100% ${tag}`]);
    });

    it('answers an empty list when nothing matches', async () => {
      const res = await search(`nobody-${tag}-at-all`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ users: [] });
    });

    it('refuses a query longer than 64 characters with 400 bad_request', async () => {
      const message = expectHttpError(await search('q'.repeat(65)), 400, 'bad_request');
      expect(message).toContain('query');
    });
  });
});

describe('login rate limiting', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ rateLimits: true });
  });
  afterAll(() => t.close());

  const attempt = (username: string, password: string) =>
    http<AuthResponse>(t.url, 'POST', '/api/auth/login', { body: { username, password } });

  /** The per-account-and-address budget (rate-limits.ts: loginPerAccountAndIp). */
  const BUDGET = 10;

  it('answers 429 rate_limited with retryAfterMs after too many failures, even for the right password', async () => {
    const victim = await registerUser(t.url, 'rl');
    for (let i = 0; i < BUDGET; i++) {
      expectHttpError(await attempt(victim.user.username, `wrong ${i}`), 401, 'unauthorized');
    }
    const limited = await attempt(victim.user.username, 'wrong again');
    expectHttpError(limited, 429, 'rate_limited');
    const { retryAfterMs } = (limited.body as unknown as { error: { retryAfterMs: number } }).error;
    expect(Number.isInteger(retryAfterMs)).toBe(true);
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(limited.headers.get('retry-after')).toBe(String(Math.ceil(retryAfterMs / 1000)));

    const right = await attempt(victim.user.username, victim.password);
    expectHttpError(right, 429, 'rate_limited');
    expect(sessionCookie(right.headers)).toBeUndefined();
  });

  it('limits per account: another account from the same address still signs in', async () => {
    const victim = await registerUser(t.url, 'rlv');
    const bystander = await registerUser(t.url, 'rlb');
    for (let i = 0; i <= BUDGET; i++) await attempt(victim.user.username, `wrong ${i}`);
    expectHttpError(await attempt(victim.user.username, 'wrong'), 429, 'rate_limited');

    const res = await attempt(bystander.user.username, bystander.password);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(bystander.user.id);
    // The bystander's own failures are still counted separately and answered 401.
    expectHttpError(await attempt(bystander.user.username, 'nope'), 401, 'unauthorized');
  });

  it('a successful login clears the account’s failure count', async () => {
    const user = await registerUser(t.url, 'rlr');
    for (let i = 0; i < BUDGET - 1; i++) await attempt(user.user.username, `wrong ${i}`);
    expect((await attempt(user.user.username, user.password)).status).toBe(200);
    for (let i = 0; i < BUDGET; i++) {
      expectHttpError(await attempt(user.user.username, `wrong ${i}`), 401, 'unauthorized');
    }
    expectHttpError(await attempt(user.user.username, 'wrong'), 429, 'rate_limited');
  });

  // Last in this block: it uses up the address's sign-ups on this server.
  it('limits sign-ups per address: 429 rate_limited with retryAfterMs, no account created', async () => {
    let limited: Awaited<ReturnType<typeof http>> | undefined;
    let username = '';
    for (let i = 0; i < 25 && !limited; i++) {
      username = uniqueName('su');
      const res = await http(t.url, 'POST', '/api/auth/register', {
        body: { username, password: PASSWORD },
      });
      if (res.status !== 201) limited = res;
    }
    if (!limited) throw new Error('25 sign-ups from one address were all accepted');
    expectHttpError(limited, 429, 'rate_limited');
    const { retryAfterMs } = (limited.body as { error: { retryAfterMs: number } }).error;
    expect(retryAfterMs).toBeGreaterThan(0);
    expectHttpError(await attempt(username, PASSWORD), 401, 'unauthorized');
  });
});
