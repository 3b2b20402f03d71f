import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { siteAgents, sites, users } from '../db/schema.js';

export type SiteRow = typeof sites.$inferSelect;
export type NewSite = Omit<typeof sites.$inferInsert, 'createdAt'>;
export type SiteChanges = Partial<Omit<SiteRow, 'id' | 'key' | 'identitySecret' | 'createdAt'>>;

export async function insertSite(db: Executor, site: NewSite): Promise<SiteRow> {
  const [row] = await db
    .insert(sites)
    .values({ ...site, createdAt: new Date() })
    .returning();
  if (!row) throw new Error('site insert returned nothing');
  return row;
}

export async function updateSite(
  db: Executor,
  siteId: string,
  changes: SiteChanges,
): Promise<SiteRow | undefined> {
  const [row] = await db.update(sites).set(changes).where(eq(sites.id, siteId)).returning();
  return row;
}

export async function findSite(db: Executor, siteId: string): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(sites).where(eq(sites.id, siteId)).limit(1);
  return row;
}

export async function findSiteByKey(db: Executor, key: string): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(sites).where(eq(sites.key, key)).limit(1);
  return row;
}

/** Every site (the admin's list), or those a user is an agent of, oldest first. */
export function findSites(db: Executor, agentId?: string): Promise<SiteRow[]> {
  const query = db.select().from(sites).orderBy(asc(sites.createdAt), asc(sites.id));
  if (agentId === undefined) return query;
  const mine = db
    .select({ id: siteAgents.siteId })
    .from(siteAgents)
    .where(eq(siteAgents.userId, agentId));
  return query.where(inArray(sites.id, mine));
}

/** Whether any site lists this origin: the widget session's CORS preflight answers only then. */
export async function isOriginOfAnySite(db: Executor, origin: string): Promise<boolean> {
  const [row] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(sql`${sites.allowedOrigins} @> ${JSON.stringify([origin])}::jsonb`)
    .limit(1);
  return row !== undefined;
}

export async function isAgentOf(db: Executor, siteId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: siteAgents.userId })
    .from(siteAgents)
    .where(and(eq(siteAgents.siteId, siteId), eq(siteAgents.userId, userId)))
    .limit(1);
  return row !== undefined;
}

/** Adds an agent; false when they already were one. */
export async function insertAgent(db: Executor, siteId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(siteAgents)
    .values({ siteId, userId, createdAt: new Date() })
    .onConflictDoNothing()
    .returning({ userId: siteAgents.userId });
  return rows.length > 0;
}

/** Removes an agent; false when they were not one. */
export async function deleteAgent(db: Executor, siteId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(siteAgents)
    .where(and(eq(siteAgents.siteId, siteId), eq(siteAgents.userId, userId)))
    .returning({ userId: siteAgents.userId });
  return rows.length > 0;
}

export function findAgents(db: Executor, siteId: string) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(siteAgents)
    .innerJoin(users, eq(users.id, siteAgents.userId))
    .where(eq(siteAgents.siteId, siteId))
    .orderBy(asc(siteAgents.createdAt), asc(users.id));
}

export async function findAgentIds(db: Executor, siteId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: siteAgents.userId })
    .from(siteAgents)
    .where(eq(siteAgents.siteId, siteId));
  return rows.map((r) => r.userId);
}

/** Whether a user is the instance's admin. */
export async function isAdmin(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ isAdmin: users.isAdmin })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row?.isAdmin === true;
}
