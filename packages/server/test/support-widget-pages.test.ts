import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Conversation, Site, Visitor } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  http,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import { expectHttpError, history } from './helpers/authz-helpers.js';
import {
  OTHER_ORIGIN,
  SITE_ORIGIN,
  addAgent,
  createSite,
  registerAdmin,
  startVisitor,
} from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** A stand-in for packages/widget/dist: the server serves whatever the build left there. */
async function fakeWidgetDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'natter-widget-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'widget.js'), '/* the loader */');
  await writeFile(
    join(dir, 'frame.html'),
    '<!doctype html><html><head><meta name="natter-site" content="" /></head><body></body></html>',
  );
  await writeFile(join(dir, 'assets', 'frame-abc123.js'), 'export {};');
  return dir;
}

const frameAncestors = (csp: string | null) => /frame-ancestors ([^;]+)/.exec(csp ?? '')?.[1];
const linkOf = (path: string) => path.replace(/^\/c\//, '');

describe('widget assets', () => {
  let t: TestServer;
  let site: Site;
  let widgetDir: string;

  beforeAll(async () => {
    widgetDir = await fakeWidgetDir();
    t = await startTestServer({ widgetDir });
    site = await createSite(t, await registerAdmin(t), {
      name: 'Shop "<b>"',
      allowedOrigins: [SITE_ORIGIN, 'http://localhost:8080'],
      accentColor: '#ff0000',
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(widgetDir, { recursive: true, force: true });
  });

  it('serves /widget.js as JavaScript with a short cache', async () => {
    const response = await fetch(`${t.url}/widget.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.text()).toBe('/* the loader */');
  });

  it("serves the frame page framable by the site's origins only, with its name and colour", async () => {
    const response = await fetch(`${t.url}/widget/frame?site=${site.key}&host=${SITE_ORIGIN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy');
    expect(frameAncestors(csp)).toBe(`${SITE_ORIGIN} http://localhost:8080`);
    expect(csp).toContain("script-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    // The name is data in an attribute: its quotes and markup are entities, never markup.
    expect(html).toContain(
      '<meta name="natter-site" content="{&quot;name&quot;:&quot;Shop \\&quot;&lt;b&gt;\\&quot;&quot;,&quot;accentColor&quot;:&quot;#ff0000&quot;}" />',
    );
    expect(html).not.toContain('<b>');
  });

  it('answers an unknown or missing site key with a 404 nobody may frame', async () => {
    for (const path of ['/widget/frame?site=nope', '/widget/frame']) {
      const response = await fetch(t.url + path);
      expect(response.status).toBe(404);
      expect(frameAncestors(response.headers.get('content-security-policy'))).toBe("'none'");
    }
  });

  it('serves the hashed assets immutable, and 404s (not the web app) for a missing one', async () => {
    const asset = await fetch(`${t.url}/widget/assets/frame-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${t.url}/widget/assets/missing.js`)).status).toBe(404);
  });

  it('serves the standalone page for a well-formed link, never framable; 404 for a malformed one', async () => {
    const response = await fetch(`${t.url}/c/${'a'.repeat(32)}`);
    expect(response.status).toBe(200);
    expect(frameAncestors(response.headers.get('content-security-policy'))).toBe("'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${t.url}/c/not*a*link`)).status).toBe(404);
  });
});

describe('conversation links', () => {
  let t: TestServer;
  let agent: TestUser;
  let site: Site;

  beforeAll(async () => {
    t = await startTestServer();
    const admin = await registerAdmin(t);
    agent = await registerUser(t.url, 'agent');
    site = await createSite(t, admin);
    await addAgent(t, admin, site.id, agent.user.id);
  });
  afterAll(() => t.close());

  const linkSession = (link: string) =>
    http<{ visitor: Visitor; token: string; room: { id: string }; link: string }>(
      t.url,
      'POST',
      '/api/widget/link-session',
      { body: { link } },
    );

  it("answers the conversation's link (/c/ and 192 random bits) with every session", async () => {
    const first = await startVisitor(t, site);
    expect(first.link).toMatch(/^\/c\/[A-Za-z0-9_-]{32}$/);
    const resumed = await startVisitor(t, site, { visitorToken: first.token });
    expect(resumed.link).toBe(first.link);
    expect((await startVisitor(t, site)).link).not.toBe(first.link);
  });

  it('trades a link for a session of its visitor that continues the same conversation', async () => {
    const visitor = await startVisitor(t, site);
    const agentSocket = await connect(t.url, agent.token);
    const before = await connect(t.url, visitor.token);
    ok(await sendText(before, visitor.room.id, 'from the shop'));
    before.close();

    const { status, body } = await linkSession(linkOf(visitor.link));
    expect(status).toBe(200);
    expect(body.visitor.id).toBe(visitor.visitor.id);
    expect(body.room.id).toBe(visitor.room.id);
    expect(body.link).toBe(visitor.link);
    expect(body.token).not.toBe(visitor.token);

    const elsewhere = await connect(t.url, body.token);
    expect((await history(elsewhere, visitor.room.id)).map((m) => m.content)).toEqual([
      'from the shop',
    ]);
    const heard = nextEvent(agentSocket, 'message:new', (m) => m.content === 'from the page');
    ok(await sendText(elsewhere, visitor.room.id, 'from the page'));
    expect((await heard).senderId).toBe(visitor.visitor.id);
    elsewhere.close();
    agentSocket.close();
  });

  it('answers 404 for an unknown link and 400 for a malformed one', async () => {
    expectHttpError(await linkSession('A'.repeat(32)), 404, 'not_found');
    expectHttpError(await linkSession('no/such'), 400, 'bad_request');
    const extra = await http(t.url, 'POST', '/api/widget/link-session', {
      body: { link: 'A'.repeat(32), roomId: 'x' },
    });
    expectHttpError(extra, 400, 'bad_request');
  });

  it("gives a visitor's session: it reaches that visitor's conversations, nothing else", async () => {
    const visitor = await startVisitor(t, site);
    const other = await startVisitor(t, site);
    const user = await registerUser(t.url, 'bystander');
    const { body } = await linkSession(linkOf(visitor.link));
    const rooms = await http<{ rooms: { id: string }[] }>(t.url, 'GET', '/api/rooms', {
      token: body.token,
    });
    expect(rooms.body.rooms.map((r) => r.id)).toEqual([visitor.room.id]);
    const otherRoom = await http(t.url, 'GET', `/api/rooms/${other.room.id}`, {
      token: body.token,
    });
    expect(otherRoom.status).toBeGreaterThanOrEqual(403);
    expect(otherRoom.status).toBeLessThan(405);
    expect(
      (await http(t.url, 'GET', '/api/support/conversations', { token: body.token })).status,
    ).toBe(403);
    expect((await http(t.url, 'GET', '/api/users?query=a', { token: body.token })).status).toBe(
      403,
    );

    const socket = await connect(t.url, body.token);
    const ack = await request(socket, 'messages:load', { roomId: other.room.id, limit: 10 });
    expect(ack.ok).toBe(false);
    socket.close();
    // The link is the credential: a user's token adds nothing and takes nothing away.
    const withUser = await http(t.url, 'POST', '/api/widget/link-session', {
      token: user.token,
      body: { link: linkOf(other.link) },
    });
    expect((withUser.body as { visitor: Visitor }).visitor.id).toBe(other.visitor.id);
  });
});

describe('conversation link budget', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer({ rateLimits: true, trustProxy: 1 });
  });
  afterAll(() => t.close());

  it('limits link sessions per address (guessing), then answers rate_limited', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const guess = (address: string) =>
      http(t.url, 'POST', '/api/widget/link-session', {
        body: { link: 'B'.repeat(32) },
        headers: from(address),
      });
    for (let i = 0; i < 30; i++) expect((await guess('203.0.113.9')).status).toBe(404);
    expect(expectHttpError(await guess('203.0.113.9'), 429, 'rate_limited')).toMatch(
      /conversation link sessions/,
    );
    expect((await guess('203.0.113.10')).status).toBe(404);
  });
});

describe('visitor details', () => {
  let t: TestServer;
  let agent: TestUser;
  let site: Site;

  beforeAll(async () => {
    t = await startTestServer();
    const admin = await registerAdmin(t);
    agent = await registerUser(t.url, 'agent');
    site = await createSite(t, admin, { preChat: { askName: true, askEmail: true } });
    await addAgent(t, admin, site.id, agent.user.id);
  });
  afterAll(() => t.close());

  const patch = (token: string | undefined, body: unknown) =>
    http<{ visitor: Visitor }>(t.url, 'PATCH', '/api/widget/visitor', {
      ...(token && { token }),
      body,
    });

  it("saves the visitor's name and email, and tells the site's agents", async () => {
    const visitor = await startVisitor(t, site);
    const agentSocket = await connect(t.url, agent.token);
    const updated = nextEvent(
      agentSocket,
      'conversation:updated',
      (c: Conversation) => c.roomId === visitor.room.id,
    );
    const { status, body } = await patch(visitor.token, {
      name: 'Grace',
      email: 'grace@example.com',
    });
    expect(status).toBe(200);
    expect(body.visitor).toMatchObject({
      id: visitor.visitor.id,
      displayName: 'Grace',
      email: 'grace@example.com',
    });
    expect((await updated).visitor).toMatchObject({
      displayName: 'Grace',
      email: 'grace@example.com',
    });
    const inbox = await http<{ conversation: Conversation }>(
      t.url,
      'GET',
      `/api/support/conversations/${visitor.room.id}`,
      { token: agent.token },
    );
    expect(inbox.body.conversation.visitor.email).toBe('grace@example.com');
    agentSocket.close();
  });

  it('validates the fields as the session does', async () => {
    const { token } = await startVisitor(t, site);
    expect(expectHttpError(await patch(token, {}), 400, 'bad_request')).toMatch(/name or an email/);
    expectHttpError(await patch(token, { email: 'not an email' }), 400, 'bad_request');
    expectHttpError(await patch(token, { name: 'x'.repeat(200) }), 400, 'bad_request');
    expectHttpError(await patch(token, { name: 'Ok', admin: true }), 400, 'bad_request');
    const invisible = await patch(token, { name: '\u200bAda\u200b' });
    expect(invisible.body.visitor.displayName).toBe('Ada');
  });

  it('refuses users and callers without a session', async () => {
    expectHttpError(await patch(agent.token, { name: 'Agent' }), 403, 'forbidden');
    expectHttpError(await patch(undefined, { name: 'Nobody' }), 401, 'unauthorized');
  });

  it('is refused to a host page (the frame on the server origin calls it)', async () => {
    const { token } = await startVisitor(t, site);
    const fromHost = await http(t.url, 'PATCH', '/api/widget/visitor', {
      token,
      body: { name: 'X' },
      headers: { origin: OTHER_ORIGIN },
    });
    expect(fromHost.status).toBe(403);
  });
});
