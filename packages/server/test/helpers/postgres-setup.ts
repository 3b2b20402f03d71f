import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Creates a fresh PostgreSQL database for this run and drops it afterwards, so runs never see
 * each other's data. The admin URL defaults to the local server CI starts.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.NATTER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `natter_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  project.provide('databaseUrl', url.toString());

  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
