import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../packages/server/src/db/pglite-driver.js';

/**
 * Creates one migrated embedded database directory for the run; each browser test's server
 * starts on a copy of it (server.ts). Creating a PGlite database and running every migration
 * costs seconds per server, and every browser test file starts one; a copy takes a fraction. The copy holds the schema only: no users, keys or settings, so each server still
 * meets its data directory as a fresh install does.
 */
export default async function setup(project: TestProject) {
  const parent = await mkdtemp(join(tmpdir(), 'natter-e2e-template-'));
  const template = join(parent, 'db');
  const database = await openPglite(template);
  await database.migrate();
  await database.close();
  project.provide('dataDirTemplate', template);
  return () => rm(parent, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    dataDirTemplate: string;
  }
}
