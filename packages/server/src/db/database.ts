import { fileURLToPath } from 'node:url';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

export type Schema = typeof schema;

/** One PostgreSQL dialect, whichever driver runs it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Something queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

/** A storage driver: the database handle plus its lifecycle. */
export interface Database {
  readonly db: Db;
  readonly driver: 'pglite' | 'postgres';
  /** Applies pending migrations; safe to call from several nodes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** `postgres://...` selects PostgreSQL; otherwise the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` keeps them in memory (tests). */
  pgliteDir: string;
  /**
   * A data directory (PGlite's `dumpDataDir` tarball) a new database starts from instead of an
   * empty one. The tests start each server from one migrated snapshot: creating a PGlite
   * database and running every migration costs seconds per server, loading one a fraction.
   */
  pgliteSeed?: Blob | undefined;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The one place that picks the storage driver. Drivers load lazily: each pulls a heavy module. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres-driver.js');
    return openPostgres(config.databaseUrl);
  }
  const { openPglite } = await import('./pglite-driver.js');
  return openPglite(config.pgliteDir, config.pgliteSeed);
}
