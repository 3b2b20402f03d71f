import type { DatabaseConfig } from './database.js';
import { openDatabase } from './database.js';

/**
 * Brings a database to the current schema without starting a server: for tools that fill storage
 * before a server opens it (the benchmark's seeding), so they never reach into the build's
 * internals or repeat the migrations folder's location.
 */
export async function migrateDatabase(config: DatabaseConfig): Promise<void> {
  const database = await openDatabase(config);
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}
