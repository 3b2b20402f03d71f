import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { siteAgents, supportConversations } from '../db/schema.js';

/**
 * The site of a conversation that should be auto-assigned now: `seq` is its visitor's first
 * message, the site has `auto_assign` on, and nobody is assigned yet. Undefined otherwise.
 */
export async function findSiteToAutoAssign(
  db: Executor,
  roomId: string,
  visitorId: string,
  seq: number,
): Promise<string | undefined> {
  const result = await db.execute(sql`
    SELECT sc.site_id FROM support_conversations sc
    JOIN sites s ON s.id = sc.site_id
    WHERE sc.room_id = ${roomId} AND sc.visitor_id = ${visitorId}
      AND s.auto_assign AND sc.assignee_id IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM messages m
        WHERE m.room_id = sc.room_id AND m.sender_id = sc.visitor_id AND m.seq < ${seq})`);
  return rawRows<{ site_id: string }>(result)[0]?.site_id;
}

/** The site's agents in turn order: the longest since their last assignment (never first). */
export async function findAgentsInTurnOrder(db: Executor, siteId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: siteAgents.userId })
    .from(siteAgents)
    .where(eq(siteAgents.siteId, siteId))
    .orderBy(
      sql`${siteAgents.lastAssignedAt} ASC NULLS FIRST`,
      asc(siteAgents.createdAt),
      asc(siteAgents.userId),
    );
  return rows.map((row) => row.userId);
}

/** Assigns the conversation unless someone already is (a claim, a concurrent assignment). */
export async function assignIfUnassigned(
  db: Executor,
  roomId: string,
  assigneeId: string,
): Promise<boolean> {
  const rows = await db
    .update(supportConversations)
    .set({ assigneeId })
    .where(and(eq(supportConversations.roomId, roomId), isNull(supportConversations.assigneeId)))
    .returning({ roomId: supportConversations.roomId });
  return rows.length > 0;
}

/** Moves the agent to the back of the site's turn order. */
export async function markAssigned(
  db: Executor,
  siteId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await db
    .update(siteAgents)
    .set({ lastAssignedAt: at })
    .where(and(eq(siteAgents.siteId, siteId), eq(siteAgents.userId, userId)));
}
