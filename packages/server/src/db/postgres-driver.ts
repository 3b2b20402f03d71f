import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, Db } from './database.js';
import { MIGRATIONS_FOLDER } from './database.js';
import * as schema from './schema.js';

/** Any number stable across nodes; it only has to be the same for every Natter node. */
const MIGRATION_LOCK_KEY = 7_346_201;

/** PostgreSQL over node-postgres, for production and for several nodes. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  return {
    db: db as unknown as Db,
    driver: 'postgres',
    async migrate() {
      // Several nodes may start at once: one migrates, the others wait and then find nothing to do.
      const lock = await pool.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lock
          .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
          .catch(() => undefined);
        lock.release();
      }
    },
    close: () => pool.end(),
  };
}
