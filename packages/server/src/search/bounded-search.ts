import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/database.js';
import { AppError } from '../errors.js';

/**
 * The longest a search may run on PostgreSQL. A search is bounded by design (the rank window,
 * the page size), but a pathological query over a huge history could still read much; past
 * this, PostgreSQL cancels it and the caller is told to retry rather than hold a connection.
 */
export const SEARCH_TIMEOUT_MS = 5_000;
/** How long a client is told to wait after a cancelled search. */
export const SEARCH_RETRY_AFTER_MS = 2_000;

/** PostgreSQL's "canceling statement due to statement timeout". */
const QUERY_CANCELED = '57014';

function isQueryCanceled(error: unknown): boolean {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    if (typeof e !== 'object') return false;
    if ((e as { code?: unknown }).code === QUERY_CANCELED) return true;
  }
  return false;
}

/**
 * Runs a search's statements in one read transaction (one snapshot: the page's hits and their
 * records agree). On PostgreSQL under `SET LOCAL statement_timeout`; PGlite runs in the
 * server's own process and has no timer to cancel a statement with (docs/search.md).
 */
export async function boundedSearch<T>(
  database: { db: Database['db']; driver: Database['driver'] },
  work: (tx: Executor) => Promise<T>,
): Promise<T> {
  try {
    return await database.db.transaction(async (tx) => {
      if (database.driver === 'postgres') {
        // Parallel workers made the worst searches slower, not faster: a search reads little,
        // and starting workers on a busy machine cost hundreds of ms (docs/performance.md).
        await tx.execute(sql`SELECT set_config('statement_timeout', ${String(SEARCH_TIMEOUT_MS)}, true),
          set_config('max_parallel_workers_per_gather', '0', true)`);
      }
      return work(tx);
    });
  } catch (error) {
    if (isQueryCanceled(error)) {
      throw new AppError(
        'unavailable',
        'the search took too long; try more specific words or filters',
        SEARCH_RETRY_AFTER_MS,
      );
    }
    throw error;
  }
}
