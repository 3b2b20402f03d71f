import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { createServer } from '../../src/index.js';
import type { NatterServer, ServerConfig } from '../../src/index.js';
import { createLogger } from '../../src/logger.js';
import type { Logger } from '../../src/logger.js';

export interface TestServer {
  url: string;
  server: NatterServer;
  close(): Promise<void>;
}

/** Which storage this test run uses: set per Vitest project (PGlite or PostgreSQL). */
export const testDriver = process.env.NATTER_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/**
 * Starts a real Natter server on an ephemeral port. One per test file: tests isolate by data
 * (fresh users and rooms), not by new databases. PGlite runs in memory, started from the run's
 * migrated snapshot; PostgreSQL uses the run's fresh database, shared by the files of the run.
 */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  log: Logger = createLogger(process.env.NATTER_TEST_LOG ?? 'silent'),
): Promise<TestServer> {
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    pgliteDir: 'memory://',
    databaseUrl: testDriver === 'postgres' ? inject('databaseUrl') : undefined,
    rateLimits: false,
    // The suites send and reconnect faster than any user; socket-budgets.test.ts tests the caps.
    sockets: { maxRequestsInFlight: 10_000, maxSocketsPerUser: 10_000 },
    logLevel: 'silent',
    ...overrides,
  };
  if (!config.databaseUrl && config.pgliteDir === 'memory://') {
    config.pgliteSeed ??= await migratedSnapshot();
  }
  const server = await createServer(config, log);
  const url = await server.listen();
  return { url, server, close: () => server.close() };
}

let snapshot: Promise<Blob> | undefined;

/**
 * The run's migrated PGlite data directory (pglite-snapshot-setup.ts), read once per worker;
 * undefined in a project without that setup (its servers create their database as usual).
 */
async function migratedSnapshot(): Promise<Blob | undefined> {
  const path = inject('pgliteSnapshot');
  if (!path) return undefined;
  snapshot ??= readFile(path).then((bytes) => new Blob([bytes]));
  return snapshot;
}
