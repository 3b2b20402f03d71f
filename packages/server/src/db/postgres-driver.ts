import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, Db } from './database.js';
import { MIGRATIONS_FOLDER } from './database.js';
import * as schema from './schema.js';

/** Any number stable across nodes; it only has to be the same for every Natter node. */
const MIGRATION_LOCK_KEY = 7_346_201;

/**
 * How long a request waits for a connection. Without a bound, every request made while
 * PostgreSQL is down or restarting would queue in the pool until it came back: hanging sends
 * instead of a retriable `unavailable`, and a burst of work all at once when it does.
 */
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * How long one statement may run before the node gives up on it (the server side stops it too,
 * with `statement_timeout`). Natter's statements are bounded and indexed and take milliseconds;
 * this only ends a wait on a database that accepted the connection and then went silent.
 */
const QUERY_TIMEOUT_MS = 30_000;

/** PostgreSQL over node-postgres, for production and for several nodes. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    statement_timeout: QUERY_TIMEOUT_MS,
    // A peer that vanished without closing (a failover, a cut network) is noticed by the OS.
    keepAlive: true,
  });
  // An idle client that errors (server restart) must not crash the process; the pool drops it and
  // the next request opens a fresh connection: the pool recovers by itself once PostgreSQL is back.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  return {
    db: db as unknown as Db,
    driver: 'postgres',
    async migrate() {
      // Several nodes may start at once: one migrates, the others wait and then find nothing to do.
      // On a connection of its own, without the pool's timeouts: waiting for the lock, or a
      // migration of a large table, may rightly take longer than any request should.
      const lock = new pg.Client({ connectionString: url });
      await lock.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrate(drizzle(lock, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await lock
          .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
          .catch(() => undefined);
        await lock.end();
      }
    },
    close: () => pool.end(),
  };
}
