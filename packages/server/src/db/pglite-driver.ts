import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Database, Db } from './database.js';
import { MIGRATIONS_FOLDER } from './database.js';
import { pgliteExtensions } from './pglite-extensions.js';
import * as schema from './schema.js';

/** Embedded PostgreSQL (WASM) in a directory: the zero-setup default. One process owns it. */
export async function openPglite(dir: string, seed?: Blob): Promise<Database> {
  if (!dir.startsWith('memory://')) await mkdir(dir, { recursive: true });
  const client = await PGlite.create(dir, { extensions: pgliteExtensions, loadDataDir: seed });
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: () => migrate(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}
