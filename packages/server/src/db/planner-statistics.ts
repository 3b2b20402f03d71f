import { sql } from 'drizzle-orm';
import type { Logger } from '../logger.js';
import { PeriodicTask } from '../util/periodic-task.js';
import type { Database, Db } from './database.js';
import { rawRows } from './raw-rows.js';

/**
 * How often the counters are looked at (one small query; an ANALYZE only after 10% growth):
 * more often than autovacuum's minute, as a new install's tables grow fastest at first.
 */
const UPKEEP_INTERVAL_MS = 10_000;

/**
 * Keeps the planner's statistics fresh where nothing else does: the embedded database (PGlite
 * runs no autovacuum) and a PostgreSQL whose autovacuum is off. Statistics taken while a table
 * was small (a new install, a fresh database) otherwise stay for good, and with them the plans
 * a connection has cached: `append_messages` went on checking each batch's clientIds against
 * every stored message with a sequential scan, planned when `messages` held 176 rows, at
 * 100,000 rows 20–30 ms a statement (docs/performance.md, "Stale planner statistics"). An ANALYZE
 * also makes every connection plan its statements again.
 *
 * Answers the task (to start), or undefined where autovacuum does this.
 */
export async function plannerStatisticsUpkeep(
  database: Database,
  log: Logger,
): Promise<PeriodicTask | undefined> {
  if (!(await lacksAutovacuum(database))) return undefined;
  return new PeriodicTask(
    async () => {
      const analyzed = await analyzeChangedTables(database.db);
      if (analyzed.length > 0) log.debug({ tables: analyzed }, 'planner statistics refreshed');
    },
    UPKEEP_INTERVAL_MS,
    log,
  );
}

/** Whether nothing analyzes the tables but us. */
export async function lacksAutovacuum(database: Database): Promise<boolean> {
  // PGlite says `on`, but a single-user backend runs no autovacuum launcher.
  if (database.driver === 'pglite') return true;
  const [row] = rawRows<{ autovacuum: string }>(await database.db.execute(sql`SHOW autovacuum`));
  return row?.autovacuum !== 'on';
}

/**
 * ANALYZEs each table changed by more than autovacuum's default threshold since its last
 * analysis (50 rows plus 10% of the table), as autovacuum would; answers their names.
 */
export async function analyzeChangedTables(db: Db): Promise<string[]> {
  const tables = rawRows<{ relname: string }>(
    await db.execute(sql`
      SELECT relname FROM pg_stat_user_tables
      WHERE schemaname = current_schema()
        AND n_mod_since_analyze > 50 + 0.1 * GREATEST(n_live_tup, 0)
      ORDER BY relname`),
  ).map((row) => row.relname);
  for (const table of tables) await db.execute(sql`ANALYZE ${sql.identifier(table)}`);
  return tables;
}
