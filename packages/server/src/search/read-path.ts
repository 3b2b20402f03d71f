import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';

/**
 * Above this many expected matches in the searched rooms, a search walks `created_at` newest
 * first (it finds a page of a common word within a few thousand rows); at or below it, it reads
 * the GIN index, which costs about one heap row per match in those rooms. Measured on the
 * benchmark's 1,000,000 messages (docs/performance.md, "Search"): the crossing is near there.
 */
export const WALK_ABOVE_MATCHES = 5_000;

/**
 * Steers the rest of the search's transaction to the cheaper of its two ways to read matches.
 * PostgreSQL estimates a word's matches well, but it costs a newest-first walk as if checking a
 * row's words were nearly free, when it means reading the row's tsvector: left alone it walked
 * 300,000 rows for a common word next to a medium one ("the item", 150 ms) where the index
 * reads a few hundred (docs/search.md). So its own estimate, from one EXPLAIN, picks the way,
 * and the other is switched off until the transaction ends.
 */
export async function steerReadPath(tx: Executor, rooms: SQL, query: SQL): Promise<void> {
  const result = await tx.execute(
    sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM messages m WHERE ${rooms} AND m.search_vector @@ ${query}`,
  );
  const expected = expectedRows(rawRows<Record<string, unknown>>(result)[0]);
  const off = expected > WALK_ABOVE_MATCHES ? 'enable_bitmapscan' : 'enable_indexscan';
  await tx.execute(sql`SELECT set_config(${off}, 'off', true)`);
}

/** "Plan Rows" of EXPLAIN (FORMAT JSON)'s one row, parsed or not by the driver. */
function expectedRows(row: Record<string, unknown> | undefined): number {
  const cell = row?.['QUERY PLAN'];
  const plans = (typeof cell === 'string' ? JSON.parse(cell) : cell) as
    { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  return plans?.[0]?.Plan?.['Plan Rows'] ?? 0;
}
