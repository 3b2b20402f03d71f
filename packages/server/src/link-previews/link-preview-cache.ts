import { eq, lt } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import type { StoredLinkPreview } from '../db/schema.js';
import { linkPreviews } from '../db/schema.js';

/** How long a cached answer is believed: a preview, and the lack of one (shorter). */
export interface CacheLifetimes {
  ttlMs: number;
  failureTtlMs: number;
}

/**
 * What the cache knows of a link, if it is fresh: its preview, or null for a page that gave
 * none. Undefined: never read, or too long ago.
 */
export async function findCachedPreview(
  db: Executor,
  url: string,
  lifetimes: CacheLifetimes,
  now = Date.now(),
): Promise<{ preview: StoredLinkPreview | null } | undefined> {
  const [row] = await db.select().from(linkPreviews).where(eq(linkPreviews.url, url)).limit(1);
  if (!row) return undefined;
  const ttl = row.preview ? lifetimes.ttlMs : lifetimes.failureTtlMs;
  return now - row.fetchedAt.getTime() < ttl ? { preview: row.preview } : undefined;
}

/** Remembers what a link gave (null: nothing), replacing what was known. */
export async function saveCachedPreview(
  db: Executor,
  url: string,
  preview: StoredLinkPreview | null,
  fetchedAt = new Date(),
): Promise<void> {
  await db
    .insert(linkPreviews)
    .values({ url, preview, fetchedAt })
    .onConflictDoUpdate({ target: linkPreviews.url, set: { preview, fetchedAt } });
}

/** Forgets links read before `cutoff` (`link_previews_fetched_idx`); answers how many. */
export async function deleteCachedBefore(db: Executor, cutoff: Date): Promise<number> {
  const rows = await db
    .delete(linkPreviews)
    .where(lt(linkPreviews.fetchedAt, cutoff))
    .returning({ url: linkPreviews.url });
  return rows.length;
}
