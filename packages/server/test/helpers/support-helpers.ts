import type { Site, WidgetSessionBody, WidgetSessionResponse } from '@natter/protocol';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema.js';
import type { TestUser } from './clients.js';
import { connect, http, ok, registerUser, sendText } from './clients.js';
import type { TestServer } from './test-server.js';

/**
 * A user made the instance's admin. The run's database is shared by the files (PostgreSQL), so
 * "the first account" is some other file's: the flag is set directly (first-admin.test.ts tests
 * how an instance gets it).
 */
export async function registerAdmin(t: TestServer): Promise<TestUser> {
  const admin = await registerUser(t.url, 'admin');
  await t.server.database.db
    .update(users)
    .set({ isAdmin: true })
    .where(eq(users.id, admin.user.id));
  return admin;
}

/** The host pages of test sites: origins no test server listens on. */
export const SITE_ORIGIN = 'https://shop.example';
export const OTHER_ORIGIN = 'https://evil.example';

/** Creates a site as the admin (throws unless 201). */
export async function createSite(
  t: TestServer,
  admin: TestUser,
  settings: Record<string, unknown> = {},
): Promise<Site> {
  const { status, body } = await http<{ site: Site }>(t.url, 'POST', '/api/sites', {
    token: admin.token,
    body: { name: 'Shop', allowedOrigins: [SITE_ORIGIN], ...settings },
  });
  if (status !== 201) throw new Error(`create site failed: ${status} ${JSON.stringify(body)}`);
  return body.site;
}

/** Makes a user an agent of a site (throws unless 201). */
export async function addAgent(t: TestServer, admin: TestUser, siteId: string, userId: string) {
  const { status, body } = await http(t.url, 'POST', `/api/sites/${siteId}/agents`, {
    token: admin.token,
    body: { userId },
  });
  if (status !== 201) throw new Error(`add agent failed: ${status} ${JSON.stringify(body)}`);
}

/** `POST /api/widget/session` as a page of `origin` would call it (no Origin: a server's call). */
export function widgetSession(
  t: TestServer,
  body: WidgetSessionBody,
  origin: string | undefined = SITE_ORIGIN,
) {
  return http<WidgetSessionResponse>(t.url, 'POST', '/api/widget/session', {
    body,
    headers: origin === undefined ? {} : { origin },
  });
}

/** A new visitor of a site (throws unless 200). */
export async function startVisitor(
  t: TestServer,
  site: Site,
  extra: Partial<WidgetSessionBody> = {},
): Promise<WidgetSessionResponse> {
  const { status, body } = await widgetSession(t, { siteKey: site.key, ...extra });
  if (status !== 200) throw new Error(`widget session failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * A new visitor who has written `content` (the inbox lists only conversations with a message).
 */
export async function startTalkingVisitor(
  t: TestServer,
  site: Site,
  content = 'Hello?',
): Promise<WidgetSessionResponse> {
  const visitor = await startVisitor(t, site);
  const socket = await connect(t.url, visitor.token);
  try {
    ok(await sendText(socket, visitor.room.id, content));
  } finally {
    socket.close();
  }
  return visitor;
}
