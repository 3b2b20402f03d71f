import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import type { DatabaseConfig } from '../src/index.js';
import { migrateDatabase, sessionTokenHash } from '../src/index.js';
import { sessions } from '../src/db/schema.js';
import { insertUser } from '../src/users/user-repository.js';
import { http, uniqueName } from './helpers/clients.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

/**
 * What tools that seed storage (the benchmark) rely on from the package's public exports: the
 * migrator brings a fresh database to the schema, and a session stored under `sessionTokenHash`
 * signs its token in, so no tool copies the hashing.
 */
describe(`seeding through the package exports (${testDriver})`, () => {
  let dir: string;
  let storage: DatabaseConfig;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'natter-seed-'));
    storage =
      testDriver === 'postgres'
        ? { databaseUrl: inject('databaseUrl'), pgliteDir: '' }
        : { pgliteDir: join(dir, 'db') };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a session seeded with the exported token hash into a migrated database signs in', async () => {
    await migrateDatabase(storage);
    const token = `seeded-token-${uniqueName()}`;
    const database = await openDatabase(storage);
    const user = await insertUser(database.db, {
      username: uniqueName('seed'),
      displayName: 'Seeded',
      passwordHash: 'x',
    });
    if (!user) throw new Error('user insert failed');
    await database.db.insert(sessions).values({
      id: crypto.randomUUID(),
      userId: user.id,
      tokenHash: sessionTokenHash(token),
      createdAt: new Date(),
    });
    await database.close();

    const server = await startTestServer(storage);
    try {
      const me = await http<{ user: { id: string } }>(server.url, 'GET', '/api/me', { token });
      expect(me.status).toBe(200);
      expect(me.body.user.id).toBe(user.id);
      const wrong = await http(server.url, 'GET', '/api/me', { token: `${token}x` });
      expect(wrong.status).toBe(401);
    } finally {
      await server.close();
    }
  }, 90_000); // three cold opens of an on-disk database: slow on a busy machine
});
