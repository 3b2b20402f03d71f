import { createHmac } from 'node:crypto';
import type { Site } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, http, registerUser } from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import { expectHttpError, rawHttp } from './helpers/authz-helpers.js';
import {
  OTHER_ORIGIN,
  SITE_ORIGIN,
  addAgent,
  createSite,
  registerAdmin,
  startVisitor,
  widgetSession,
} from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const hashOf = (site: Site, userId: string) =>
  createHmac('sha256', site.identitySecret ?? '')
    .update(userId)
    .digest('hex');

describe('visitor sessions', () => {
  let t: TestServer;
  let admin: TestUser;
  let agent: TestUser;
  let site: Site;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await registerAdmin(t);
    agent = await registerUser(t.url, 'agent');
    site = await createSite(t, admin, {
      greeting: 'Welcome',
      accentColor: '#ff0000',
      expectedReplyMinutes: 15,
      preChat: { askName: true, askEmail: true },
    });
    await addAgent(t, admin, site.id, agent.user.id);
  });
  afterAll(() => t.close());

  it('starts a visitor with a token, a support room and the widget settings', async () => {
    const { status, body } = await widgetSession(t, {
      siteKey: site.key,
      name: 'Ada',
      email: 'ada@example.com',
      context: { pageUrl: `${SITE_ORIGIN}/pricing`, pageTitle: 'Pricing', language: 'en-GB' },
    });
    expect(status).toBe(200);
    expect(body.visitor).toMatchObject({
      displayName: 'Ada',
      email: 'ada@example.com',
      verified: false,
    });
    expect(body.token).toEqual(expect.any(String));
    expect(body.room).toMatchObject({ type: 'support' });
    expect(body.room.participants).toEqual(
      expect.arrayContaining([body.visitor.id, agent.user.id]),
    );
    expect(body.site).toEqual({
      name: 'Shop',
      greeting: 'Welcome',
      accentColor: '#ff0000',
      expectedReplyMinutes: 15,
      preChat: { askName: true, askEmail: true },
      online: false,
    });
  });

  it('says online once an agent is connected within business hours', async () => {
    const socket = await connect(t.url, agent.token);
    try {
      expect((await startVisitor(t, site)).site.online).toBe(true);
      const closed = await createSite(t, admin, {
        // No span on any day: always outside business hours.
        businessHours: { timeZone: 'UTC', days: [] },
      });
      await addAgent(t, admin, closed.id, agent.user.id);
      expect((await startVisitor(t, closed)).site.online).toBe(false);
    } finally {
      socket.close();
    }
  });

  it('answers CORS for the site origins only, on this route only', async () => {
    const preflight = await rawHttp(t.url, 'OPTIONS', '/api/widget/session', {
      headers: {
        origin: SITE_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const foreign = await rawHttp(t.url, 'OPTIONS', '/api/widget/session', {
      headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const allowed = await widgetSession(t, { siteKey: site.key }, SITE_ORIGIN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);

    // Every other route keeps the door shut to the site's origin.
    const elsewhere = await http(t.url, 'GET', '/api/sites', {
      token: admin.token,
      headers: { origin: SITE_ORIGIN },
    });
    expectHttpError(elsewhere, 403, 'forbidden');
  });

  it('refuses a browser origin the site does not list, and one another site lists', async () => {
    expectHttpError(await widgetSession(t, { siteKey: site.key }, OTHER_ORIGIN), 403, 'forbidden');
    const otherSite = await createSite(t, admin, { allowedOrigins: [OTHER_ORIGIN] });
    expect((await widgetSession(t, { siteKey: otherSite.key }, OTHER_ORIGIN)).status).toBe(200);
    expectHttpError(await widgetSession(t, { siteKey: site.key }, OTHER_ORIGIN), 403, 'forbidden');
  });

  it("allows the server's own origin (the widget's iframe) and callers without an Origin", async () => {
    expect((await widgetSession(t, { siteKey: site.key }, t.url)).status).toBe(200);
    expect((await widgetSession(t, { siteKey: site.key }, undefined)).status).toBe(200);
  });

  it('answers not_found for an unknown site key', async () => {
    expectHttpError(await widgetSession(t, { siteKey: 'nope' }), 404, 'not_found');
  });

  it.each([
    [{ email: 'not an email' }, /^email: /],
    [{ name: '\u200b\u202e' }, /^name: /],
    [{ userId: 'a' }, /^userHash: /],
    [{ userHash: 'zz' }, /^userHash: /],
    [{ context: { pageUrl: 'javascript:alert(1)' } }, /^context\.pageUrl: /],
    [{ role: 'admin' }, /role/],
  ])('refuses %j, naming the field', async (extra, message) => {
    const result = await widgetSession(t, { siteKey: site.key, ...extra } as never);
    expect(expectHttpError(result, 400, 'bad_request')).toMatch(message);
  });

  it('strips invisible characters from the name', async () => {
    const { visitor } = await startVisitor(t, site, { name: 'A\u202eda\u200b' });
    expect(visitor.displayName).toBe('Ada');
  });

  it('resumes the same visitor and open conversation with the visitor token', async () => {
    const first = await startVisitor(t, site);
    const again = await startVisitor(t, site, { visitorToken: first.token, name: 'Later' });
    expect(again.visitor.id).toBe(first.visitor.id);
    expect(again.visitor.displayName).toBe('Later');
    expect(again.room.id).toBe(first.room.id);
    expect(again.token).toBe(first.token);
  });

  it('opens a new conversation after the last one was resolved', async () => {
    const first = await startVisitor(t, site);
    const resolved = await http(
      t.url,
      'PUT',
      `/api/support/conversations/${first.room.id}/status`,
      {
        token: agent.token,
        body: { status: 'resolved' },
      },
    );
    expect(resolved.status).toBe(200);
    const again = await startVisitor(t, site, { visitorToken: first.token });
    expect(again.visitor.id).toBe(first.visitor.id);
    expect(again.room.id).not.toBe(first.room.id);
    // The old conversation stays in the visitor's rooms.
    const rooms = await http<{ rooms: { id: string }[] }>(t.url, 'GET', '/api/rooms', {
      token: again.token,
    });
    expect(rooms.body.rooms.map((r) => r.id).sort()).toEqual([first.room.id, again.room.id].sort());
  });

  it('starts a new visitor for a token of another site or of a user, or an unknown one', async () => {
    const first = await startVisitor(t, site);
    const otherSite = await createSite(t, admin);
    const elsewhere = await startVisitor(t, otherSite, { visitorToken: first.token });
    expect(elsewhere.visitor.id).not.toBe(first.visitor.id);
    const withUserToken = await startVisitor(t, site, { visitorToken: agent.token });
    expect(withUserToken.visitor.id).not.toBe(agent.user.id);
    const unknown = await startVisitor(t, site, { visitorToken: 'made-up' });
    expect(unknown.visitor.id).not.toBe(first.visitor.id);
  });

  it('makes a verified user the same visitor on every device', async () => {
    const hostUserId = `customer-${Date.now()}`;
    const userHash = hashOf(site, hostUserId);
    const laptop = await startVisitor(t, site, { userId: hostUserId, userHash });
    const phone = await startVisitor(t, site, { userId: hostUserId, userHash });
    expect(laptop.visitor.verified).toBe(true);
    expect(phone.visitor.id).toBe(laptop.visitor.id);
    expect(phone.room.id).toBe(laptop.room.id);
    expect(phone.token).not.toBe(laptop.token);
  });

  it('makes devices of one verified user arriving at once one visitor with one conversation', async () => {
    const hostUserId = `racing-${Date.now()}`;
    const userHash = hashOf(site, hostUserId);
    const devices = await Promise.all(
      Array.from({ length: 6 }, () => startVisitor(t, site, { userId: hostUserId, userHash })),
    );
    expect(new Set(devices.map((d) => d.visitor.id)).size).toBe(1);
    expect(new Set(devices.map((d) => d.room.id)).size).toBe(1);
  });

  it('opens one new conversation when tabs of a resolved visitor come back at once', async () => {
    const first = await startVisitor(t, site);
    const resolved = await http(
      t.url,
      'PUT',
      `/api/support/conversations/${first.room.id}/status`,
      { token: agent.token, body: { status: 'resolved' } },
    );
    expect(resolved.status).toBe(200);
    const tabs = await Promise.all(
      Array.from({ length: 6 }, () => startVisitor(t, site, { visitorToken: first.token })),
    );
    const roomIds = new Set(tabs.map((tab) => tab.room.id));
    expect(roomIds.size).toBe(1);
    expect(roomIds.has(first.room.id)).toBe(false);
  });

  it('links an anonymous visitor to the verified id it proves', async () => {
    const anonymous = await startVisitor(t, site);
    const hostUserId = `linked-${Date.now()}`;
    const userHash = hashOf(site, hostUserId);
    const linked = await startVisitor(t, site, {
      visitorToken: anonymous.token,
      userId: hostUserId,
      userHash,
    });
    expect(linked.visitor).toMatchObject({ id: anonymous.visitor.id, verified: true });
    const elsewhere = await startVisitor(t, site, { userId: hostUserId, userHash });
    expect(elsewhere.visitor.id).toBe(anonymous.visitor.id);
  });

  it('refuses a forged userHash and never links it', async () => {
    const hostUserId = `victim-${Date.now()}`;
    const real = await startVisitor(t, site, {
      userId: hostUserId,
      userHash: hashOf(site, hostUserId),
    });
    const attacker = await startVisitor(t, site);
    const otherSite = await createSite(t, admin);
    for (const userHash of [
      '0'.repeat(64),
      hashOf(otherSite, hostUserId),
      hashOf(site, `${hostUserId}x`),
    ]) {
      const forged = await widgetSession(t, {
        siteKey: site.key,
        visitorToken: attacker.token,
        userId: hostUserId,
        userHash,
      });
      expectHttpError(forged, 403, 'forbidden');
    }
    const again = await startVisitor(t, site, { visitorToken: attacker.token });
    expect(again.visitor).toMatchObject({ id: attacker.visitor.id, verified: false });
    expect(again.visitor.id).not.toBe(real.visitor.id);
  });
});

describe('visitor session budgets', () => {
  let t: TestServer;
  let site: Site;
  const sessionFrom = (headers: Record<string, string>, siteKey: string) =>
    http(t.url, 'POST', '/api/widget/session', { body: { siteKey }, headers });

  beforeAll(async () => {
    // Trusting one proxy hop lets a test speak from many addresses (X-Forwarded-For).
    t = await startTestServer({ rateLimits: true, trustProxy: 1 });
    site = await createSite(t, await registerAdmin(t));
  });
  afterAll(() => t.close());

  it('limits sessions per address, then answers rate_limited with retryAfterMs', async () => {
    const answers: number[] = [];
    const fromOne = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 30; i++) answers.push((await sessionFrom(fromOne, site.key)).status);
    expect(answers).toEqual(Array(30).fill(200));
    const over = await sessionFrom(fromOne, site.key);
    const message = expectHttpError(over, 429, 'rate_limited');
    expect(message).toMatch(/visitor sessions/);
    expect(
      (over.body as unknown as { error: { retryAfterMs: number } }).error.retryAfterMs,
    ).toBeGreaterThan(0);
    // Another address still gets in.
    expect((await sessionFrom({ 'x-forwarded-for': '203.0.113.8' }, site.key)).status).toBe(200);
  });

  it('limits sessions per site key, whatever the addresses', async () => {
    // An unknown key is counted before the lookup (cheap 404s): 600 a minute, from 20 addresses.
    const key = `flood-${Date.now()}`;
    for (let address = 0; address < 20; address++) {
      const from = { 'x-forwarded-for': `198.51.100.${address}` };
      const statuses = await Promise.all(
        Array.from({ length: 30 }, async () => (await sessionFrom(from, key)).status),
      );
      expect(statuses).toEqual(Array(30).fill(404));
    }
    const over = await sessionFrom({ 'x-forwarded-for': '198.51.100.200' }, key);
    expect(expectHttpError(over, 429, 'rate_limited')).toMatch(/visitor sessions/);
    expect((await sessionFrom({ 'x-forwarded-for': '198.51.100.201' }, site.key)).status).toBe(200);
  });
});
