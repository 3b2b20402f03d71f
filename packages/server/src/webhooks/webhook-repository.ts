import type { RoomType } from '@natter/protocol';
import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rooms, supportConversations, webhooks } from '../db/schema.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookChanges = Partial<Pick<WebhookRow, 'url' | 'events' | 'enabled' | 'secret'>>;

/** A webhook as the event queue needs it: who hears of what. */
export type WebhookSubscription = Pick<WebhookRow, 'id' | 'siteId' | 'events'>;

/** A scope's condition: the instance's webhooks (`siteId` null) or one site's. */
const inScope = (siteId: string | null) =>
  siteId === null ? isNull(webhooks.siteId) : eq(webhooks.siteId, siteId);

/** The webhooks of a scope, oldest first (the order the admin added them). */
export function findWebhooks(db: Executor, siteId: string | null): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(inScope(siteId))
    .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

export async function findWebhook(db: Executor, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id)).limit(1);
  return row;
}

export async function countWebhooks(db: Executor, siteId: string | null): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(webhooks)
    .where(inScope(siteId));
  return row?.count ?? 0;
}

/** Every enabled webhook of the instance and its sites: the event queue's cached list. */
export function findEnabledSubscriptions(db: Executor): Promise<WebhookSubscription[]> {
  return db
    .select({ id: webhooks.id, siteId: webhooks.siteId, events: webhooks.events })
    .from(webhooks)
    .where(eq(webhooks.enabled, true));
}

export async function insertWebhook(
  db: Executor,
  row: Omit<WebhookRow, 'enabled' | 'createdAt'>,
): Promise<WebhookRow> {
  const [inserted] = await db
    .insert(webhooks)
    .values({ ...row, createdAt: new Date() })
    .returning();
  if (!inserted) throw new Error('webhook insert returned nothing');
  return inserted;
}

export async function updateWebhook(
  db: Executor,
  id: string,
  changes: WebhookChanges,
): Promise<WebhookRow | undefined> {
  const [row] = await db.update(webhooks).set(changes).where(eq(webhooks.id, id)).returning();
  return row;
}

/** Deletes a webhook and (by cascade) its deliveries; false when there was none. */
export async function deleteWebhook(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  return rows.length > 0;
}

/** Which webhooks may hear of a room's messages: its type, and its site for a support room. */
export interface RoomScope {
  type: RoomType;
  siteId: string | null;
}

/** The scope of each room (one read for a whole batch of events); a deleted room is absent. */
export async function findRoomScopes(
  db: Executor,
  roomIds: readonly string[],
): Promise<Map<string, RoomScope>> {
  const rows = await db
    .select({ id: rooms.id, type: rooms.type, siteId: supportConversations.siteId })
    .from(rooms)
    .leftJoin(supportConversations, eq(supportConversations.roomId, rooms.id))
    .where(inArray(rooms.id, [...roomIds]));
  return new Map(rows.map((row) => [row.id, { type: row.type, siteId: row.siteId }]));
}

/** Every webhook's id (the log pruner walks them one by one). */
export async function findWebhookIds(db: Executor): Promise<string[]> {
  return (await db.select({ id: webhooks.id }).from(webhooks)).map((row) => row.id);
}
