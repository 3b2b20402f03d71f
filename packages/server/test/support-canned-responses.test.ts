import type { CannedResponse, Site } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannedResponses } from '../src/db/schema.js';
import { CANNED_RESPONSES_PER_SITE_MAX } from '../src/support/canned-response-service.js';
import { http, registerUser } from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import { expectHttpError } from './helpers/authz-helpers.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

type Listed = { cannedResponses: CannedResponse[] };
type Created = { cannedResponse: CannedResponse };

const path = (siteId: string, responseId?: string) =>
  `/api/sites/${siteId}/canned-responses${responseId === undefined ? '' : `/${responseId}`}`;

describe('canned responses', () => {
  let t: TestServer;
  let admin: TestUser;
  let agent: TestUser;
  let foreignAgent: TestUser;
  let site: Site;

  const list = (token: string, siteId = site.id) =>
    http<Listed>(t.url, 'GET', path(siteId), { token });
  const create = (token: string, body: unknown, siteId = site.id) =>
    http<Created>(t.url, 'POST', path(siteId), { token, body });
  const remove = (token: string, responseId: string, siteId = site.id) =>
    http(t.url, 'DELETE', path(siteId, responseId), { token });

  beforeAll(async () => {
    t = await startTestServer();
    admin = await registerAdmin(t);
    [agent, foreignAgent] = await Promise.all([
      registerUser(t.url, 'agent'),
      registerUser(t.url, 'foreign'),
    ]);
    const foreignSite = await createSite(t, admin);
    site = await createSite(t, admin);
    await addAgent(t, admin, site.id, agent.user.id);
    await addAgent(t, admin, foreignSite.id, foreignAgent.user.id);
  });
  afterAll(() => t.close());

  it('lets an agent add, list (by shortcut) and delete them; the admin too', async () => {
    const thanks = await create(agent.token, { shortcut: 'thanks', content: 'Thank you!' });
    expect(thanks.status).toBe(201);
    expect(thanks.body.cannedResponse).toMatchObject({
      siteId: site.id,
      shortcut: 'thanks',
      content: 'Thank you!',
    });
    const hello = await create(admin.token, {
      shortcut: 'hello',
      content: 'Hello, how can I help?',
    });
    expect(hello.status).toBe(201);

    for (const token of [agent.token, admin.token]) {
      const listed = await list(token);
      expect(listed.status).toBe(200);
      expect(listed.body.cannedResponses.map((r) => r.shortcut)).toEqual(['hello', 'thanks']);
    }

    expect((await remove(admin.token, hello.body.cannedResponse.id)).status).toBe(204);
    expect((await remove(agent.token, thanks.body.cannedResponse.id)).status).toBe(204);
    expect((await list(agent.token)).body.cannedResponses).toEqual([]);
    expectHttpError(await remove(agent.token, thanks.body.cannedResponse.id), 404, 'not_found');
  });

  it('refuses a shortcut the site already has with 409 conflict', async () => {
    expect((await create(agent.token, { shortcut: 'dup', content: 'one' })).status).toBe(201);
    const message = expectHttpError(
      await create(admin.token, { shortcut: 'dup', content: 'two' }),
      409,
      'conflict',
    );
    expect(message).toContain('/dup');
  });

  it("hides the site from another site's agent (404) and refuses visitors (403)", async () => {
    const own = await create(agent.token, { shortcut: 'mine', content: 'ours' });
    expectHttpError(await list(foreignAgent.token), 404, 'not_found');
    expectHttpError(
      await create(foreignAgent.token, { shortcut: 'x', content: 'y' }),
      404,
      'not_found',
    );
    expectHttpError(await remove(foreignAgent.token, own.body.cannedResponse.id), 404, 'not_found');

    const stranger = await registerUser(t.url, 'stranger');
    expectHttpError(await list(stranger.token), 404, 'not_found');

    const visitor = await startVisitor(t, site);
    expectHttpError(await list(visitor.token), 403, 'forbidden');
    expectHttpError(await create(visitor.token, { shortcut: 'v', content: 'v' }), 403, 'forbidden');
    expectHttpError(await remove(visitor.token, own.body.cannedResponse.id), 403, 'forbidden');
    expect((await list(agent.token)).body.cannedResponses.map((r) => r.shortcut)).toContain('mine');
  });

  it("cannot delete another site's response through one's own site", async () => {
    const foreignSite = await createSite(t, admin);
    await addAgent(t, admin, foreignSite.id, agent.user.id);
    const theirs = await create(agent.token, { shortcut: 'theirs', content: 'x' }, foreignSite.id);
    expectHttpError(
      await remove(agent.token, theirs.body.cannedResponse.id, site.id),
      404,
      'not_found',
    );
    expect((await list(agent.token, foreignSite.id)).body.cannedResponses).toHaveLength(1);
  });

  it('answers 400 naming the field for a bad shortcut, empty content or an unknown field', async () => {
    const cases = [
      { shortcut: 'Has Space', content: 'x' },
      { shortcut: '', content: 'x' },
      { shortcut: 'x'.repeat(33), content: 'x' },
      { shortcut: 'ok', content: '' },
      { shortcut: 'ok', content: 'x', extra: 1 },
      { content: 'x' },
    ];
    for (const body of cases) {
      expectHttpError(await create(agent.token, body), 400, 'bad_request');
    }
    expect(expectHttpError(await create(agent.token, cases[0]), 400, 'bad_request')).toContain(
      'shortcut',
    );
  });

  it(`keeps at most ${CANNED_RESPONSES_PER_SITE_MAX} per site (409 naming the cap)`, async () => {
    const full = await createSite(t, admin);
    await addAgent(t, admin, full.id, agent.user.id);
    await t.server.database.db.insert(cannedResponses).values(
      Array.from({ length: CANNED_RESPONSES_PER_SITE_MAX - 1 }, (_, i) => ({
        id: crypto.randomUUID(),
        siteId: full.id,
        shortcut: `s${i}`,
        content: 'x',
        createdAt: new Date(),
      })),
    );
    // Two at once for the last place: the lock on the site lets exactly one in.
    const raced = await Promise.all([
      create(agent.token, { shortcut: 'last-a', content: 'x' }, full.id),
      create(agent.token, { shortcut: 'last-b', content: 'x' }, full.id),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = raced.find((r) => r.status === 409);
    if (!refused) throw new Error('expected a refusal');
    expect(expectHttpError(refused, 409, 'conflict')).toContain(
      String(CANNED_RESPONSES_PER_SITE_MAX),
    );
    expect((await list(agent.token, full.id)).body.cannedResponses).toHaveLength(
      CANNED_RESPONSES_PER_SITE_MAX,
    );
  });
});

describe('canned responses: rate budgets', () => {
  let t: TestServer;
  let agent: TestUser;
  let site: Site;
  beforeAll(async () => {
    t = await startTestServer({ rateLimits: true });
    const admin = await registerAdmin(t);
    agent = await registerUser(t.url, 'agent');
    site = await createSite(t, admin);
    await addAgent(t, admin, site.id, agent.user.id);
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited past 30 changes a minute and 60 reads a minute', async () => {
    for (let i = 0; i < 30; i++) {
      const created = await http(t.url, 'POST', path(site.id), {
        token: agent.token,
        body: { shortcut: `r${i}`, content: 'x' },
      });
      expect(created.status).toBe(201);
    }
    expectHttpError(
      await http(t.url, 'POST', path(site.id), {
        token: agent.token,
        body: { shortcut: 'one-more', content: 'x' },
      }),
      429,
      'rate_limited',
    );
    for (let i = 0; i < 60; i++) {
      expect((await http(t.url, 'GET', path(site.id), { token: agent.token })).status).toBe(200);
    }
    expectHttpError(
      await http(t.url, 'GET', path(site.id), { token: agent.token }),
      429,
      'rate_limited',
    );
  });
});
