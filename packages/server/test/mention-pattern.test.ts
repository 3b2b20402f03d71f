import { mentionedUsernames } from '@natter/protocol';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/database.js';
import { rawRows } from '../src/db/raw-rows.js';
import { testDriver } from './helpers/test-server.js';

/**
 * Clients find mentions with protocol's MENTION_PATTERN (to show them), the server with SQL's
 * `mention_usernames` (to resolve them, migration 0014): two spellings of one rule. This holds
 * them together on the same strings, on each storage driver, so a client never shows as a
 * mention what the server did not resolve, or the reverse.
 */

/** Cases a reader would write by hand: each says what it is about. */
const WRITTEN = [
  'hi @bob',
  '@bob at the start',
  '@Bob and @BOB are one',
  'end of a sentence: @bob.',
  'trailing dashes @bob-- and dots @carol...',
  'a name with dots inside @bob.smith and dashes @ann-marie',
  'a name ending in _ @bob_',
  'punctuation around (@bob), [@carol]; "@dave"! ¿@erin?',
  'commas @bob,@carol',
  'one after the other @bob@carol',
  'a dot then a mention @bob.@carol',
  'emails mention nobody: ann@example.com, first.last@example.org',
  'not after a letter: x@bob 1@bob _@bob @@bob',
  'after text in other scripts: é@bob 日本@bob ²@bob',
  'too short @ab, just enough @abc',
  `thirty-two characters @${'a'.repeat(32)}`,
  `thirty-three run on @${'a'.repeat(33)}`,
  `thirty-two then dots @${'a'.repeat(32)}...`,
  'a name of dots only @... and @-._',
  'the group: @all @here @everyone @channel',
  'not ASCII in the name: @jösé @ſam @\u212Abob',
  'a newline\n@bob\n@carol',
  'a markdown **@bob** and _@carol_ and `@dave`',
  'a URL https://example.com/@bob/posts',
  'repeated @bob @carol @bob',
  '',
  '@',
  'no mention at all',
];

/** Deterministic random strings over the characters that matter to the rule. */
function generatedCorpus(count: number, seed: number): string[] {
  const alphabet = [
    '@',
    '@',
    '@',
    'a',
    'b',
    'Z',
    '0',
    '_',
    '.',
    '.',
    '-',
    ' ',
    '\n',
    ',',
    'é',
    '日',
    '²',
    'ſ',
    '\u212A',
    '😀',
    'all',
    'here',
  ];
  let state = seed;
  // mulberry32: a tiny seeded generator, so a failure is reproducible from the seed.
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 1 + Math.floor(random() * 40) },
      () => alphabet[Math.floor(random() * alphabet.length)],
    ).join(''),
  );
}

describe(`MENTION_PATTERN and SQL's mention_usernames (${testDriver})`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({
      databaseUrl: testDriver === 'postgres' ? inject('databaseUrl') : undefined,
      pgliteDir: 'memory://',
    });
    await database.migrate();
  });
  afterAll(() => database.close());

  /** `mention_usernames` of each text, in one statement. */
  async function inSql(texts: readonly string[]): Promise<string[][]> {
    const result = await database.db.execute(sql`
      SELECT t.ord, mention_usernames(t.text) AS names
      FROM unnest(${sql.param([...texts])}::text[]) WITH ORDINALITY AS t(text, ord)
      ORDER BY t.ord`);
    return rawRows<{ names: string[] }>(result).map((row) => row.names);
  }

  it('agree on the written cases', async () => {
    const fromSql = await inSql(WRITTEN);
    expect(WRITTEN.map((text, i) => ({ text, names: fromSql[i] }))).toEqual(
      WRITTEN.map((text) => ({ text, names: mentionedUsernames(text) })),
    );
  });

  it('read the written cases as the docs say', () => {
    const names = (text: string) => mentionedUsernames(text);
    expect(names('@Bob and @BOB are one')).toEqual(['bob']);
    expect(names('end of a sentence: @bob.')).toEqual(['bob']);
    expect(names('trailing dashes @bob-- and dots @carol...')).toEqual(['bob', 'carol']);
    expect(names('a name with dots inside @bob.smith and dashes @ann-marie')).toEqual([
      'bob.smith',
      'ann-marie',
    ]);
    expect(names('emails mention nobody: ann@example.com, first.last@example.org')).toEqual([]);
    expect(names('not after a letter: x@bob 1@bob _@bob @@bob')).toEqual([]);
    expect(names('after text in other scripts: é@bob 日本@bob ²@bob')).toEqual(['bob']);
    expect(names('one after the other @bob@carol')).toEqual(['bob']);
    expect(names('a dot then a mention @bob.@carol')).toEqual(['bob', 'carol']);
    expect(names('too short @ab, just enough @abc')).toEqual(['abc']);
    expect(names(`thirty-two characters @${'a'.repeat(32)}`)).toEqual(['a'.repeat(32)]);
    expect(names(`thirty-three run on @${'a'.repeat(33)}`)).toEqual([]);
    expect(names('not ASCII in the name: @jösé @ſam @\u212Abob')).toEqual([]);
    expect(names('the group: @all @here @everyone @channel')).toEqual([
      'all',
      'here',
      'everyone',
      'channel',
    ]);
  });

  it('agree on 3,000 generated strings', async () => {
    const corpus = generatedCorpus(3000, 15);
    const fromSql = await inSql(corpus);
    const disagreements = corpus
      .map((text, i) => ({ text, sql: fromSql[i], protocol: mentionedUsernames(text) }))
      .filter((row) => JSON.stringify(row.sql) !== JSON.stringify(row.protocol));
    expect(disagreements).toEqual([]);
    // The corpus is worth something only if it holds mentions, several to a string at times.
    expect(corpus.filter((text) => mentionedUsernames(text).length > 1).length).toBeGreaterThan(50);
  });
});
