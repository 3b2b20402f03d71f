import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { uploads } from '../db/schema.js';

export type UploadRow = typeof uploads.$inferSelect;
export type NewUpload = typeof uploads.$inferInsert;

export async function insertUpload(db: Executor, upload: NewUpload): Promise<void> {
  await db.insert(uploads).values(upload);
}

export async function findUpload(db: Executor, id: string): Promise<UploadRow | undefined> {
  const [row] = await db.select().from(uploads).where(eq(uploads.id, id)).limit(1);
  return row;
}

/** Bytes of a user's uploads that no message names yet (`uploads_pending_by_uploader_idx`). */
export async function sumPendingBytes(db: Executor, uploaderId: string): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string | null>`sum(${uploads.size})` })
    .from(uploads)
    .where(and(eq(uploads.uploaderId, uploaderId), isNull(uploads.messageId)));
  return Number(row?.bytes ?? 0);
}

/** Uploads by id, but only those of this uploader in this room that no message names yet. */
export function findAttachable(
  db: Executor,
  ids: readonly string[],
  uploaderId: string,
  roomId: string,
): Promise<UploadRow[]> {
  return db
    .select()
    .from(uploads)
    .where(
      and(
        inArray(uploads.id, [...ids]),
        eq(uploads.uploaderId, uploaderId),
        eq(uploads.roomId, roomId),
        isNull(uploads.messageId),
      ),
    );
}

/** Records what the check of the stored bytes found. */
export async function markReady(
  db: Executor,
  id: string,
  facts: Pick<UploadRow, 'kind' | 'mimeType' | 'width' | 'height' | 'hasThumbnail'>,
): Promise<void> {
  await db
    .update(uploads)
    .set({ ...facts, state: 'ready' })
    .where(eq(uploads.id, id));
}

/**
 * Links checked uploads to a message, in the order named. The `message_id IS NULL` condition is
 * re-checked under the row lock, so of two sends racing for one upload only one links it; the
 * caller compares the count and rolls back on a shortfall.
 */
export async function attachUploads(
  tx: Executor,
  messageId: string,
  ids: readonly string[],
  uploaderId: string,
  roomId: string,
): Promise<number> {
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await tx
    .update(uploads)
    .set({ messageId, position: sql`array_position(ARRAY[${list}]::text[], ${uploads.id})` })
    .where(
      and(
        inArray(uploads.id, [...ids]),
        eq(uploads.uploaderId, uploaderId),
        eq(uploads.roomId, roomId),
        eq(uploads.state, 'ready'),
        isNull(uploads.messageId),
      ),
    )
    .returning({ id: uploads.id });
  return rows.length;
}

/** The attachments of a page of messages, in one query. */
export function findAttachedTo(db: Executor, messageIds: readonly string[]): Promise<UploadRow[]> {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(uploads)
    .where(inArray(uploads.messageId, [...messageIds]))
    .orderBy(asc(uploads.messageId), asc(uploads.position));
}

/** Forgets a message's uploads; answers their ids so their objects can be deleted. */
export async function deleteAttachedTo(tx: Executor, messageId: string): Promise<string[]> {
  const rows = await tx
    .delete(uploads)
    .where(eq(uploads.messageId, messageId))
    .returning({ id: uploads.id });
  return rows.map((r) => r.id);
}

/** Forgets uploads no message named before `cutoff`; answers their ids. */
export async function deleteUnattachedBefore(tx: Executor, cutoff: Date): Promise<string[]> {
  const rows = await tx
    .delete(uploads)
    .where(and(isNull(uploads.messageId), lt(uploads.createdAt, cutoff)))
    .returning({ id: uploads.id });
  return rows.map((r) => r.id);
}

/**
 * Forgets the uploader's avatar upload `id` as its avatar takes its place; false when it is
 * gone (already taken by a concurrent `PATCH /api/me`, or swept). Runs in that transaction.
 */
export async function claimAvatarUpload(
  tx: Executor,
  id: string,
  uploaderId: string,
): Promise<boolean> {
  const rows = await tx
    .delete(uploads)
    .where(and(eq(uploads.id, id), eq(uploads.uploaderId, uploaderId), isNull(uploads.roomId)))
    .returning({ id: uploads.id });
  return rows.length > 0;
}
