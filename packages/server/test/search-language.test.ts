import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { createDirectRoom } from './helpers/clients.js';
import { connectReady, registerUsers, sendOk } from './helpers/message-helpers.js';
import type { ScratchDatabase } from './helpers/scratch-database.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import { searchContents } from './helpers/search-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

/**
 * SEARCH_LANGUAGE: a server started with another language rebuilds the search configuration and
 * re-indexes what is stored. Each test database is this file's own (a scratch PostgreSQL
 * database, or a PGlite directory), since the configuration is database-wide.
 */
describe('SEARCH_LANGUAGE', () => {
  let storage: { databaseUrl?: string; pgliteDir?: string };
  let scratch: ScratchDatabase | undefined;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'natter-search-language-'));
    if (testDriver === 'postgres') {
      scratch = await createScratchDatabase('natter_search_language');
      storage = { databaseUrl: scratch.url };
    } else {
      storage = { pgliteDir: join(dir, 'db') };
    }
  });
  afterAll(async () => {
    await scratch?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const start = (searchLanguage: string): Promise<TestServer> =>
    startTestServer({ ...storage, dataDir: dir, searchLanguage });

  it('english stems (running finds runs and run), re-indexing what was stored; simple again does not', async () => {
    let t = await start('simple');
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('register failed');
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const a = await connectReady(t.url, alice.token);
    await sendOk(a, room.id, 'she runs every day');
    await sendOk(a, room.id, 'a long run');
    a.close();
    const running = () => searchContents(t.url, alice.token, { q: 'running ', order: 'newest' });
    expect(await running()).toEqual([]);
    await t.close();

    t = await start('english');
    try {
      expect(await running()).toEqual(['a long run', 'she runs every day']);
      // A prefix is stemmed as the word it is, so a half-typed form need not reach the stem.
      expect(await searchContents(t.url, alice.token, { q: 'runnin', order: 'newest' })).toEqual(
        [],
      );
    } finally {
      await t.close();
    }

    t = await start('simple');
    try {
      expect(await running()).toEqual([]);
      expect(await searchContents(t.url, alice.token, { q: 'runs ' })).toEqual([
        'she runs every day',
      ]);
    } finally {
      await t.close();
    }
  });

  it('a language without a stemmer fails start-up, naming it', async () => {
    await expect(
      createServer({
        port: 0,
        host: '127.0.0.1',
        dataDir: dir,
        ...storage,
        rateLimits: false,
        logLevel: 'silent',
        searchLanguage: 'klingon',
      }),
    ).rejects.toThrow(/SEARCH_LANGUAGE=klingon.*klingon_stem/);
  });
});
