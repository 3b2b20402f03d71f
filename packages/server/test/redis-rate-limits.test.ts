import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHttpError } from './helpers/authz-helpers.js';
import { http, registerUser } from './helpers/clients.js';
import { freePort, PrivateRedis } from './helpers/private-redis.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** The machine's Redis (DEVELOPERS.md); never stopped here, other tests use it. */
const REDIS_URL = 'redis://127.0.0.1:6379';
/** rate-budgets.ts: loginPerAccountAndIp. */
const PER_ACCOUNT_AND_ADDRESS = 10;

/** A wrong guess at `username` from `address`, answered 401 while within the budget. */
const wrongGuess = (t: TestServer, address: string, username: string) =>
  http(t.url, 'POST', '/api/auth/login', {
    headers: { 'x-forwarded-for': address },
    body: { username, password: 'not the password' },
  });

/**
 * Spends the `loginPerAccountAndIp` budget of `username` from `address`, the guesses taking turns
 * over `nodes`; each must be answered 401.
 */
async function spendLoginBudget(nodes: TestServer[], address: string, username: string) {
  for (let i = 0; i < PER_ACCOUNT_AND_ADDRESS; i++) {
    const node = nodes[i % nodes.length]!;
    expectHttpError(await wrongGuess(node, address, username), 401, 'unauthorized');
  }
}

/** Deletes every key under `prefix`: each run counts under its own, so runs never collide. */
async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
    keys.push(...batch);
  }
  if (keys.length > 0) await client.del(keys);
  await client.close();
}

describe('rate limits with REDIS_URL: one budget across nodes', () => {
  const keyPrefix = `natter-test:${randomUUID()}:`;
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    const config = { rateLimits: true, trustProxy: 1, redis: { url: REDIS_URL, keyPrefix } };
    [nodeA, nodeB] = await Promise.all([startTestServer(config), startTestServer(config)]);
  });
  afterAll(async () => {
    await Promise.all([nodeA.close(), nodeB.close()]);
    await deleteKeys(keyPrefix);
  });

  it('says Redis is up in /healthz', async () => {
    for (const node of [nodeA, nodeB]) {
      expect((await http(node.url, 'GET', '/healthz')).body).toEqual({
        ok: true,
        status: 'ok',
        redis: 'up',
      });
    }
  });

  it('counts guesses made on node A against the budget node B enforces', async () => {
    const victim = await registerUser(nodeA.url, 'shared');
    const { username } = victim.user;
    // Half the budget on each node (on PGlite node B does not know the user: an unknown name is
    // counted exactly like a known one).
    await spendLoginBudget([nodeA, nodeB], '192.0.2.40', username);
    expectHttpError(await wrongGuess(nodeA, '192.0.2.40', username), 429, 'rate_limited');
    expectHttpError(await wrongGuess(nodeB, '192.0.2.40', username), 429, 'rate_limited');
    // Another address still has its own budget: the count is per key, not global.
    expectHttpError(await wrongGuess(nodeB, '192.0.2.41', username), 401, 'unauthorized');
  });

  it('writes its counts under the configured key prefix only', async () => {
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    const keys = await client.keys(`${keyPrefix}rl:loginPerAccountAndIp*`);
    await client.close();
    expect(keys.length).toBeGreaterThan(0);
  });
});

describe('rate limits with REDIS_URL while Redis is unreachable', () => {
  let t: TestServer;
  beforeAll(async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    t = await startTestServer({ rateLimits: true, trustProxy: 1, redis: { url, keyPrefix: 'x:' } });
  });
  afterAll(() => t.close());

  it('starts, and /healthz answers ok with Redis down', async () => {
    const res = await http(t.url, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, status: 'degraded', redis: 'down' });
  });

  it('keeps limiting on this node through the in-memory insurance', async () => {
    const user = await registerUser(t.url, 'insured');
    await spendLoginBudget([t], '192.0.2.50', user.user.username);
    expectHttpError(await wrongGuess(t, '192.0.2.50', user.user.username), 429, 'rate_limited');
  });
});

describe('rate limits when Redis goes away and comes back', () => {
  let redis: PrivateRedis;
  let t: TestServer;
  const healthz = async () => (await http(t.url, 'GET', '/healthz')).body;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startTestServer({
      rateLimits: true,
      trustProxy: 1,
      redis: { url: redis.url, keyPrefix: 'natter:' },
    });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('says degraded while Redis is down, limits per node meanwhile, and counts in Redis once it is back', async () => {
    const user = await registerUser(t.url, 'outage');
    expect(await healthz()).toEqual({ ok: true, status: 'ok', redis: 'up' });

    await redis.stop();
    await expect.poll(healthz).toEqual({ ok: true, status: 'degraded', redis: 'down' });
    await spendLoginBudget([t], '192.0.2.70', user.user.username);
    expectHttpError(await wrongGuess(t, '192.0.2.70', user.user.username), 429, 'rate_limited');

    await redis.restart();
    await expect
      .poll(healthz, { timeout: 15_000 })
      .toEqual({ ok: true, status: 'ok', redis: 'up' });
    // The restarted Redis kept nothing, and the counts are read from it again, not from the
    // insurance that had spent the budget.
    expectHttpError(await wrongGuess(t, '192.0.2.70', user.user.username), 401, 'unauthorized');
  });
});

// Without REDIS_URL (the default) the limits count in memory as before: login-throttling.test.ts.
describe('without REDIS_URL (the default)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('answers /healthz ok with no Redis field', async () => {
    expect((await http(t.url, 'GET', '/healthz')).body).toEqual({ ok: true, status: 'ok' });
  });
});
