import pg from 'pg';
import { inject } from 'vitest';

export interface ScratchDatabase {
  url: string;
  /** Drops the database, closing whatever connections are left in it. */
  drop(): Promise<void>;
}

/**
 * A new PostgreSQL database beside the run's (server-postgres only), for a test that must have
 * one to itself: an empty instance, or database-wide counters nothing else moves. Elsewhere (the
 * e2e project has no run database) pass `runUrl`: any database on the server to create it from.
 */
export async function createScratchDatabase(
  prefix: string,
  runUrl: string = inject('databaseUrl'),
): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  await runOn(runUrl, `CREATE DATABASE ${name}`);
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => runOn(runUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function runOn(connectionString: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
