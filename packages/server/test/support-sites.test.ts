import type { MeResponse, Site } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, registerUser } from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import { expectHttpError } from './helpers/authz-helpers.js';
import {
  addAgent,
  createSite,
  registerAdmin,
  SITE_ORIGIN,
  startVisitor,
} from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

describe('sites and agents', () => {
  let t: TestServer;
  let admin: TestUser;
  let agent: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await registerAdmin(t);
    [agent, stranger] = await Promise.all([registerUser(t.url, 'agent'), registerUser(t.url, 'x')]);
  });
  afterAll(() => t.close());

  it("tells the admin, and only the admin, that it is one in /api/me (the web app's Settings)", async () => {
    const site = await createSite(t, admin);
    const siteAgent = await registerUser(t.url, 'flag');
    await addAgent(t, admin, site.id, siteAgent.user.id);
    const visitor = await startVisitor(t, site);
    const flagOf = async (token: string) =>
      (await http<MeResponse>(t.url, 'GET', '/api/me', { token })).body.isAdmin;
    expect(await flagOf(admin.token)).toBe(true);
    expect(await flagOf(siteAgent.token)).toBe(false);
    expect(await flagOf(stranger.token)).toBe(false);
    expect(await flagOf(visitor.token)).toBe(false);
  });

  it('lets the admin create a site and answers its key, secret and embed snippet', async () => {
    const { status, body } = await http<{ site: Site }>(t.url, 'POST', '/api/sites', {
      token: admin.token,
      body: {
        name: 'Shop',
        allowedOrigins: [SITE_ORIGIN, 'http://localhost:8080'],
        greeting: 'Hi!',
        accentColor: '#1a73e8',
        businessHours: {
          timeZone: 'Europe/Paris',
          days: [{ day: 1, open: '09:00', close: '17:00' }],
        },
        expectedReplyMinutes: 30,
        preChat: { askName: true, askEmail: false },
      },
    });
    expect(status).toBe(201);
    expect(body.site).toMatchObject({
      name: 'Shop',
      allowedOrigins: [SITE_ORIGIN, 'http://localhost:8080'],
      greeting: 'Hi!',
      accentColor: '#1a73e8',
      expectedReplyMinutes: 30,
      preChat: { askName: true, askEmail: false },
      autoAssign: false,
    });
    expect(body.site.key).toMatch(/^[\w-]{16}$/);
    expect(body.site.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    expect(body.site.embedSnippet).toBe(
      `<script src="${t.url}/widget.js" data-site="${body.site.key}" async></script>`,
    );
  });

  it('refuses a site from anyone but the admin', async () => {
    const result = await http(t.url, 'POST', '/api/sites', {
      token: stranger.token,
      body: { name: 'Mine', allowedOrigins: [SITE_ORIGIN] },
    });
    expectHttpError(result, 403, 'forbidden');
  });

  it.each([
    ['https://shop.example/', 'a trailing slash'],
    ['https://shop.example/path', 'a path'],
    ['ftp://shop.example', 'another scheme'],
    ['shop.example', 'no scheme'],
    ['https://shop.example?x=1', 'a query'],
  ])('refuses the origin %s (%s), naming the field', async (origin) => {
    const result = await http(t.url, 'POST', '/api/sites', {
      token: admin.token,
      body: { name: 'Shop', allowedOrigins: [origin] },
    });
    expect(expectHttpError(result, 400, 'bad_request')).toMatch(/^allowedOrigins\.0: /);
  });

  it.each([
    [{ accentColor: 'red' }, /^accentColor: /],
    [{ businessHours: { timeZone: 'Mars/Olympus', days: [] } }, /^businessHours\.timeZone: /],
    [
      { businessHours: { timeZone: 'UTC', days: [{ day: 7, open: '09:00', close: '10:00' }] } },
      /^businessHours\.days\.0\.day: /,
    ],
    [{ allowedOrigins: [] }, /^allowedOrigins: /],
    [{ identitySecret: 'mine' }, /identitySecret/],
  ])('refuses bad settings %j, naming the field', async (settings, message) => {
    const result = await http(t.url, 'POST', '/api/sites', {
      token: admin.token,
      body: { name: 'Shop', allowedOrigins: [SITE_ORIGIN], ...settings },
    });
    expect(expectHttpError(result, 400, 'bad_request')).toMatch(message);
  });

  it('lists every site for the admin and only their sites, without secrets, for an agent', async () => {
    const mine = await createSite(t, admin);
    const other = await createSite(t, admin, { name: 'Other' });
    await addAgent(t, admin, mine.id, agent.user.id);

    const forAdmin = await http<{ sites: Site[] }>(t.url, 'GET', '/api/sites', {
      token: admin.token,
    });
    expect(forAdmin.body.sites.map((s) => s.id)).toEqual(
      expect.arrayContaining([mine.id, other.id]),
    );
    expect(forAdmin.body.sites.every((s) => s.identitySecret !== undefined)).toBe(true);

    const forAgent = await http<{ sites: Site[] }>(t.url, 'GET', '/api/sites', {
      token: agent.token,
    });
    expect(forAgent.body.sites.map((s) => s.id)).toEqual([mine.id]);
    expect(forAgent.body.sites[0]).not.toHaveProperty('identitySecret');
    expect(forAgent.body.sites[0]).not.toHaveProperty('embedSnippet');

    const one = await http<{ site: Site }>(t.url, 'GET', `/api/sites/${mine.id}`, {
      token: agent.token,
    });
    expect(one.body.site.id).toBe(mine.id);
    expect(one.body.site).not.toHaveProperty('identitySecret');
    expectHttpError(
      await http(t.url, 'GET', `/api/sites/${other.id}`, { token: agent.token }),
      404,
      'not_found',
    );
    expectHttpError(
      await http(t.url, 'GET', `/api/sites/${mine.id}/agents`, { token: stranger.token }),
      404,
      'not_found',
    );
    const none = await http<{ sites: Site[] }>(t.url, 'GET', '/api/sites', {
      token: stranger.token,
    });
    expect(none.body.sites).toEqual([]);
  });

  it('lets the admin change settings and clear optional ones; nobody else', async () => {
    const site = await createSite(t, admin, { greeting: 'Hello' });
    await addAgent(t, admin, site.id, agent.user.id);
    const changed = await http<{ site: Site }>(t.url, 'PATCH', `/api/sites/${site.id}`, {
      token: admin.token,
      body: {
        name: 'Renamed',
        greeting: null,
        allowedOrigins: ['https://new.example'],
        autoAssign: true,
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.site).toMatchObject({
      name: 'Renamed',
      allowedOrigins: ['https://new.example'],
      autoAssign: true,
    });
    expect(changed.body.site).not.toHaveProperty('greeting');
    expectHttpError(
      await http(t.url, 'PATCH', `/api/sites/${site.id}`, {
        token: agent.token,
        body: { name: 'X' },
      }),
      403,
      'forbidden',
    );
    expectHttpError(
      await http(t.url, 'PATCH', `/api/sites/${site.id}`, { token: admin.token, body: {} }),
      400,
      'bad_request',
    );
  });

  it('adds, lists and removes agents; only the admin may', async () => {
    const site = await createSite(t, admin);
    await addAgent(t, admin, site.id, agent.user.id);
    const listed = await http<{ agents: { id: string }[] }>(
      t.url,
      'GET',
      `/api/sites/${site.id}/agents`,
      {
        token: agent.token,
      },
    );
    // The admin who made the site is its first agent.
    expect(listed.body.agents.map((a) => a.id).sort()).toEqual(
      [admin.user.id, agent.user.id].sort(),
    );

    expectHttpError(
      await http(t.url, 'POST', `/api/sites/${site.id}/agents`, {
        token: agent.token,
        body: { userId: stranger.user.id },
      }),
      403,
      'forbidden',
    );
    expectHttpError(
      await http(t.url, 'DELETE', `/api/sites/${site.id}/agents/${agent.user.id}`, {
        token: agent.token,
      }),
      403,
      'forbidden',
    );
    expectHttpError(
      await http(t.url, 'POST', `/api/sites/${site.id}/agents`, {
        token: admin.token,
        body: { userId: 'no-such-user' },
      }),
      404,
      'not_found',
    );
    // A website visitor is nobody's agent.
    const visitor = await startVisitor(t, site);
    expectHttpError(
      await http(t.url, 'POST', `/api/sites/${site.id}/agents`, {
        token: admin.token,
        body: { userId: visitor.visitor.id },
      }),
      404,
      'not_found',
    );
    expectHttpError(
      await http(t.url, 'POST', '/api/sites/no-such-site/agents', {
        token: admin.token,
        body: { userId: agent.user.id },
      }),
      404,
      'not_found',
    );

    const removed = await http(t.url, 'DELETE', `/api/sites/${site.id}/agents/${agent.user.id}`, {
      token: admin.token,
    });
    expect(removed.status).toBe(204);
    expectHttpError(
      await http(t.url, 'DELETE', `/api/sites/${site.id}/agents/${agent.user.id}`, {
        token: admin.token,
      }),
      404,
      'not_found',
    );
    expectHttpError(
      await http(t.url, 'GET', `/api/sites/${site.id}`, { token: agent.token }),
      404,
      'not_found',
    );
  });
});
