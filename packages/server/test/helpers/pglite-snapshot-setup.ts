import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_FOLDER } from '../../src/db/database.js';
import { pgliteExtensions } from '../../src/db/pglite-extensions.js';

/**
 * Creates one migrated embedded database for the run and hands its data directory (a tarball in
 * a temporary file) to the test files, whose servers start from it (`pgliteSeed`): a new PGlite
 * database and fourteen migrations cost seconds per test file, loading the snapshot a fraction.
 * The server still runs its migrations on start, which finds nothing to do.
 */
export default async function setup(project: TestProject) {
  const client = await PGlite.create('memory://', { extensions: pgliteExtensions });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  const snapshot = await client.dumpDataDir('none');
  await client.close();
  const path = join(tmpdir(), `natter-pglite-snapshot-${process.pid}-${Date.now()}.tar`);
  await writeFile(path, Buffer.from(await snapshot.arrayBuffer()));
  project.provide('pgliteSnapshot', path);
  return () => rm(path, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}
