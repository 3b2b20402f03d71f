import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../src/db/schema.js';
import { insertUser } from '../src/users/user-repository.js';
import { http, uniqueName } from './helpers/clients.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

/** Sign-ups fired at the same instant on an empty instance. */
const AT_ONCE = 12;

/**
 * A server on a database of its own with no account yet: PGlite in memory, or a new PostgreSQL
 * database beside the run's (dropped afterwards).
 */
async function startOnEmptyDatabase(): Promise<{ t: TestServer; drop(): Promise<void> }> {
  if (testDriver === 'pglite') {
    const t = await startTestServer();
    return { t, drop: () => t.close() };
  }
  const database = await createScratchDatabase('natter_first_admin');
  const t = await startTestServer({ databaseUrl: database.url });
  return {
    t,
    async drop() {
      await t.close();
      await database.drop();
    },
  };
}

const adminsOf = (t: TestServer) =>
  t.server.database.db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true));

describe('the first account', () => {
  let instance: Awaited<ReturnType<typeof startOnEmptyDatabase>>;
  beforeEach(async () => {
    instance = await startOnEmptyDatabase();
  });
  afterEach(() => instance.drop());

  it('is stored as admin exactly once when the inserts themselves race (no hashing between)', async () => {
    const { t } = instance;
    const rows = await Promise.all(
      Array.from({ length: AT_ONCE }, () =>
        insertUser(t.server.database.db, {
          username: uniqueName('raw'),
          displayName: 'Raw',
          passwordHash: 'not a real hash',
        }),
      ),
    );
    expect(rows.filter(Boolean)).toHaveLength(AT_ONCE);
    expect(await adminsOf(t)).toHaveLength(1);
  });

  it('becomes admin exactly once, even when several sign up at the same instant', async () => {
    const { t } = instance;
    const results = await Promise.all(
      Array.from({ length: AT_ONCE }, () =>
        http(t.url, 'POST', '/api/auth/register', {
          body: { username: uniqueName('first'), password: 'correct horse battery' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(AT_ONCE).fill(201));
    const admins = await adminsOf(t);
    expect(admins).toHaveLength(1);

    // Later accounts are never admins.
    await http(t.url, 'POST', '/api/auth/register', {
      body: { username: uniqueName('later'), password: 'correct horse battery' },
    });
    expect(await adminsOf(t)).toEqual(admins);
  });
});
