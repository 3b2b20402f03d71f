import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { cannedResponses } from '../db/schema.js';

export type CannedResponseRow = typeof cannedResponses.$inferSelect;

/** The unique key that makes a shortcut a site's own. */
export const CANNED_SHORTCUT_KEY = 'canned_responses_site_shortcut_key';

/** A site's canned responses, by shortcut (the order the composer's `/` menu lists them in). */
export function findCannedResponses(db: Executor, siteId: string): Promise<CannedResponseRow[]> {
  return db
    .select()
    .from(cannedResponses)
    .where(eq(cannedResponses.siteId, siteId))
    .orderBy(asc(cannedResponses.shortcut));
}

export async function countCannedResponses(db: Executor, siteId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cannedResponses)
    .where(eq(cannedResponses.siteId, siteId));
  return row?.count ?? 0;
}

export async function insertCannedResponse(
  db: Executor,
  row: Omit<CannedResponseRow, 'createdAt'>,
): Promise<CannedResponseRow> {
  const [inserted] = await db
    .insert(cannedResponses)
    .values({ ...row, createdAt: new Date() })
    .returning();
  if (!inserted) throw new Error('canned response insert returned nothing');
  return inserted;
}

/** Deletes one of the site's canned responses; false when the site has no such response. */
export async function deleteCannedResponse(
  db: Executor,
  siteId: string,
  id: string,
): Promise<boolean> {
  const rows = await db
    .delete(cannedResponses)
    .where(and(eq(cannedResponses.siteId, siteId), eq(cannedResponses.id, id)))
    .returning({ id: cannedResponses.id });
  return rows.length > 0;
}
