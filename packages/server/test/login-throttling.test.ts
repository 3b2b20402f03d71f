import type { AuthResponse } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, registerUser, uniqueName } from './helpers/clients.js';
import { expectHttpError } from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** rate-budgets.ts: loginPerAccountAndIp and loginPerAccount. */
const PER_ACCOUNT_AND_ADDRESS = 10;
const PER_ACCOUNT = 30;

const attemptFrom = (t: TestServer, address: string, username: string, password: string) =>
  http<AuthResponse>(t.url, 'POST', '/api/auth/login', {
    headers: { 'x-forwarded-for': address },
    body: { username, password },
  });

/** `count` wrong guesses at `username`, the i-th from `addressOf(i)`; each must be answered 401. */
async function failedGuesses(
  t: TestServer,
  username: string,
  count: number,
  addressOf: (i: number) => string,
) {
  for (let i = 0; i < count; i++) {
    expectHttpError(
      await attemptFrom(t, addressOf(i), username, `guess ${i}`),
      401,
      'unauthorized',
    );
  }
}

const retryAfterMs = (res: { body: unknown }) =>
  (res.body as { error: { retryAfterMs: number } }).error.retryAfterMs;

describe('login throttling behind a trusted proxy (TRUST_PROXY=1)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ rateLimits: true, trustProxy: 1 });
  });
  afterAll(() => t.close());

  it('guesses spread over many addresses hit the per-account budget, which then blocks even the right password', async () => {
    const victim = await registerUser(t.url, 'bot');
    await failedGuesses(t, victim.user.username, PER_ACCOUNT, (i) => `198.51.100.${i + 1}`);
    const blocked = await attemptFrom(t, '203.0.113.200', victim.user.username, victim.password);
    expectHttpError(blocked, 429, 'rate_limited');
    // The account backs off for the block, not just until the window's next point.
    expect(retryAfterMs(blocked)).toBeGreaterThan(10 * 60_000);
  });

  it('counts guesses at an unknown username exactly like guesses at a known one', async () => {
    const known = await registerUser(t.url, 'known');
    const unknown = uniqueName('ghost');
    for (const username of [known.user.username, unknown]) {
      await failedGuesses(t, username, PER_ACCOUNT_AND_ADDRESS, () => '192.0.2.10');
      expectHttpError(await attemptFrom(t, '192.0.2.10', username, 'x'), 429, 'rate_limited');
    }
  });

  it('counts every address of an IPv6 /64 as one address', async () => {
    const user = await registerUser(t.url, 'six');
    await failedGuesses(
      t,
      user.user.username,
      PER_ACCOUNT_AND_ADDRESS,
      (i) => `2001:db8:0:1::${i + 1}`,
    );
    const same64 = await attemptFrom(t, '2001:db8:0:1:ffff::9', user.user.username, user.password);
    expectHttpError(same64, 429, 'rate_limited');
    const other64 = await attemptFrom(t, '2001:db8:0:2::1', user.user.username, user.password);
    expect(other64.status).toBe(200);
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', async () => {
    const user = await registerUser(t.url, 'map');
    await failedGuesses(t, user.user.username, PER_ACCOUNT_AND_ADDRESS, () => '192.0.2.77');
    const mapped = await attemptFrom(t, '::ffff:192.0.2.77', user.user.username, user.password);
    expectHttpError(mapped, 429, 'rate_limited');
  });
});

describe('login throttling without a trusted proxy (the default)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ rateLimits: true });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: changing it does not buy fresh guesses', async () => {
    const user = await registerUser(t.url, 'xff');
    await failedGuesses(
      t,
      user.user.username,
      PER_ACCOUNT_AND_ADDRESS,
      (i) => `198.51.100.${i + 1}`,
    );
    const res = await attemptFrom(t, '203.0.113.1', user.user.username, user.password);
    expectHttpError(res, 429, 'rate_limited');
  });
});
