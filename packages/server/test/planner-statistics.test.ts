import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/database.js';
import { analyzeChangedTables, lacksAutovacuum } from '../src/db/planner-statistics.js';
import { rawRows } from '../src/db/raw-rows.js';
import { eventually } from './helpers/message-helpers.js';
import type { ScratchDatabase } from './helpers/scratch-database.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import { testDriver } from './helpers/test-server.js';

/**
 * Where no autovacuum runs (PGlite; a PostgreSQL with it off), the server analyzes the tables
 * that changed by autovacuum's rule. On a database of the test's own: its counters move only
 * with what the test does.
 */
describe(`planner statistics upkeep (${testDriver})`, () => {
  let scratch: ScratchDatabase | undefined;
  let database: Database;

  beforeAll(async () => {
    scratch = testDriver === 'postgres' ? await createScratchDatabase('natter_stats') : undefined;
    database = await openDatabase({ databaseUrl: scratch?.url, pgliteDir: 'memory://' });
    await database.migrate();
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  /** The statistics counters of one table (PostgreSQL publishes a backend's within seconds). */
  async function counters(table: string) {
    const [row] = rawRows<{ changed: number; analyses: number }>(
      await database.db.execute(sql`
        SELECT n_mod_since_analyze::int AS changed,
               (analyze_count + autoanalyze_count)::int AS analyses
        FROM pg_stat_user_tables WHERE relname = ${table}`),
    );
    return row ?? { changed: 0, analyses: 0 };
  }

  async function insertUsers(count: number) {
    await database.db.execute(sql`
      INSERT INTO users (id, username, display_name, password_hash, created_at)
      SELECT gen_random_uuid()::text, 'stats' || i || '_' || ${Date.now()}, 'S', 'x', now()
      FROM generate_series(1, ${count}) AS i`);
  }

  it('analyzes a table changed past 50 rows plus 10% of it, and not again until it changes', async () => {
    await insertUsers(200);
    await eventually(async () => (await counters('users')).changed >= 200, { timeoutMs: 20_000 });
    const before = await counters('users');

    expect(await analyzeChangedTables(database.db)).toContain('users');
    expect(await counters('users')).toMatchObject({ changed: 0, analyses: before.analyses + 1 });
    expect(await analyzeChangedTables(database.db)).not.toContain('users');
  });

  it('leaves a table changed below the threshold alone', async () => {
    await analyzeChangedTables(database.db);
    // 200 rows now: the threshold is 50 + 20 = 70 changed rows.
    await insertUsers(30);
    await eventually(async () => (await counters('users')).changed >= 30, { timeoutMs: 20_000 });
    expect(await analyzeChangedTables(database.db)).not.toContain('users');
  });

  it.runIf(testDriver === 'pglite')(
    'runs on the embedded database, which has no autovacuum',
    async () => {
      expect(await lacksAutovacuum(database)).toBe(true);
    },
  );
});
