import { SEARCH_MATCH_END, SEARCH_MATCH_START, splitHighlight } from '@natter/protocol';
import type { Room } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDirectRoom,
  createGroupRoom,
  http,
  request,
  ok,
  uniqueName,
} from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  pngBytes,
  sendWithAttachments,
  useFileTestServer,
  uploadFile,
} from './helpers/file-helpers.js';
import { registerUsers, sendConcurrently, sendOk } from './helpers/message-helpers.js';
import { createSite, registerAdmin, startTalkingVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';
import { searchAllIds, searchContents, searchHttp, searchOk } from './helpers/search-helpers.js';

/** A word no other test's messages contain, so each test reads only its own matches. */
const uniqueWord = (prefix = 'w') => uniqueName(prefix).replace(/[^a-z0-9]/g, '');

// Local file storage, so messages can carry real attachments (has:file, has:image).
const files = useFileTestServer('local');
const { sockets } = files;
const t = {
  get url() {
    return files.started().url;
  },
};

/** Alice, Bob and Carol in a group, Alice's socket to send with. */
async function trio() {
  const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
  if (!alice || !bob || !carol) throw new Error('registering failed');
  const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id], 'Search');
  const a = await sockets.connect(alice);
  return { alice, bob, carol, room, a };
}

describe('GET /api/search: what matches', () => {
  it('finds a message by a word, presented as history presents it, the match delimited', async () => {
    const { alice, room, a } = await trio();
    const word = uniqueWord();
    const sent = await sendOk(a, room.id, `the ${word} is on the table`);
    await sendOk(a, room.id, 'nothing to see here');
    const { results, nextCursor } = await searchOk(t.url, alice.token, { q: `${word} ` });
    const [history] = ok(
      await request(a, 'messages:load', { roomId: room.id, limit: 2 }),
    ).messages.filter((m) => m.id === sent.id);
    expect(results.map((r) => r.message)).toEqual([history]);
    // A fragment around the match, its words as written.
    expect(results[0]?.highlight).toContain(
      `${SEARCH_MATCH_START}${word}${SEARCH_MATCH_END} is on the table`,
    );
    expect(nextCursor).toBeNull();
  });

  it('matches the last word as a prefix while it is typed, from three letters, and highlights it', async () => {
    const { alice, room, a } = await trio();
    const stem = uniqueWord('p');
    await sendOk(a, room.id, `about ${stem}xyz today`);
    const found = await searchOk(t.url, alice.token, { q: stem });
    expect(found.results).toHaveLength(1);
    expect(splitHighlight(found.results[0]?.highlight ?? '')).toContainEqual({
      text: `${stem}xyz`,
      match: true,
    });
    // A finished word (a space after it) matches whole words only.
    expect(await searchContents(t.url, alice.token, { q: `${stem} ` })).toEqual([]);
    // In a quoted phrase, negated, or followed by an operator, it is not a prefix either.
    expect(await searchContents(t.url, alice.token, { q: `"x ${stem}` })).toEqual([]);
    expect(await searchContents(t.url, alice.token, { q: `about -${stem}` })).toHaveLength(1);
    expect(await searchContents(t.url, alice.token, { q: `${stem} has:file` })).toEqual([]);
    // Two letters: no prefix (it would expand to most of the index).
    await sendOk(a, room.id, `${stem.slice(0, 2)}q`);
    expect(
      await searchContents(t.url, alice.token, { q: stem.slice(0, 2), roomId: room.id }),
    ).toEqual([]);
    // With words before it, both must match.
    expect(await searchContents(t.url, alice.token, { q: `about ${stem}` })).toHaveLength(1);
    expect(await searchContents(t.url, alice.token, { q: `tomorrow ${stem}` })).toEqual([]);
  });

  it('folds accents: cafe finds café and café finds cafe', async () => {
    const { alice, room, a } = await trio();
    const word = uniqueWord('c');
    await sendOk(a, room.id, `${word} café`);
    await sendOk(a, room.id, `${word} cafe`);
    expect(await searchContents(t.url, alice.token, { q: `${word} cafe ` })).toHaveLength(2);
    expect(await searchContents(t.url, alice.token, { q: `${word} café ` })).toHaveLength(2);
  });

  it('web-search syntax: a quoted phrase, -word, or', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('s');
    await sendOk(a, room.id, `${w} red apple`);
    await sendOk(a, room.id, `${w} apple red`);
    await sendOk(a, room.id, `${w} green pear`);
    const q = (text: string) =>
      searchContents(t.url, alice.token, { q: `${w} ${text} `, order: 'newest' });
    expect(await q('"red apple"')).toEqual([`${w} red apple`]);
    expect(await q('apple -green')).toHaveLength(2);
    expect(await q('-apple')).toEqual([`${w} green pear`]);
    expect(await q('pear or red')).toHaveLength(3);
  });

  it('punctuation alone makes no words: no results without a filter, filter-only with one', async () => {
    const { alice, room, a } = await trio();
    await sendOk(a, room.id, 'some words');
    expect(await searchOk(t.url, alice.token, { q: `'"():*&|!` })).toEqual({
      results: [],
      nextCursor: null,
    });
    expect(await searchContents(t.url, alice.token, { q: '!!!', roomId: room.id })).toEqual([
      'some words',
    ]);
  });

  it('filter-only: the newest messages of the room, the highlight the start of the text', async () => {
    const { alice, room, a } = await trio();
    await sendOk(a, room.id, 'first');
    await sendOk(a, room.id, `second ${SEARCH_MATCH_START}not a match${SEARCH_MATCH_END}`);
    const { results } = await searchOk(t.url, alice.token, { roomId: room.id });
    expect(results.map((r) => r.highlight)).toEqual(['second not a match', 'first']);
  });
});

describe('GET /api/search: who sees what', () => {
  it('a non-member never sees a room, a removed member no longer does, naming it is forbidden', async () => {
    const { alice, carol, room, a } = await trio();
    const [dave] = await registerUsers(t.url, ['dave']);
    if (!dave) throw new Error('register failed');
    // Both have rooms of their own: the search runs, scoped to those.
    await createDirectRoom(t.url, dave.token, carol.user.id);
    const word = uniqueWord('m');
    await sendOk(a, room.id, `secret ${word}`);
    expect(await searchContents(t.url, carol.token, { q: `${word} ` })).toHaveLength(1);
    expect(await searchContents(t.url, dave.token, { q: `${word} ` })).toEqual([]);
    const named = await searchHttp(t.url, dave.token, { q: `${word} `, roomId: room.id });
    expect(named.status).toBe(403);
    expect(named.body.error?.code).toBe('forbidden');

    const removed = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${carol.user.id}`, {
      token: alice.token,
    });
    expect(removed.status).toBe(204);
    expect(await searchContents(t.url, carol.token, { q: `${word} ` })).toEqual([]);
    expect((await searchHttp(t.url, carol.token, { q: word, roomId: room.id })).status).toBe(403);
  });

  it('unauthenticated is 401', async () => {
    const res = await searchHttp(t.url, undefined, { q: 'anything' });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/search: website visitors', () => {
  it('a visitor finds the messages of its own conversation only', async () => {
    const server = files.started();
    const site = await createSite(server, await registerAdmin(server));
    const w = uniqueWord('v');
    const visitor = await startTalkingVisitor(server, site, `${w} my order`);
    const other = await startTalkingVisitor(server, site, `${w} someone else's order`);
    expect(await searchContents(t.url, visitor.token, { q: `${w} ` })).toEqual([`${w} my order`]);
    const named = await searchHttp(t.url, visitor.token, { q: w, roomId: other.room.id });
    expect(named.status).toBe(403);
  });
});

describe('GET /api/search: deleted and edited messages', () => {
  it('a deleted message never matches; an edited one matches by its new text only', async () => {
    const { alice, room, a } = await trio();
    const [gone, kept] = [uniqueWord('d'), uniqueWord('e')];
    const deleted = await sendOk(a, room.id, `${gone} to be deleted`);
    const edited = await sendOk(a, room.id, `${kept} before`);
    ok(await request(a, 'message:delete', { messageId: deleted.id }));
    ok(await request(a, 'message:edit', { messageId: edited.id, content: `${kept} after` }));
    expect(await searchContents(t.url, alice.token, { q: `${gone} ` })).toEqual([]);
    expect(await searchContents(t.url, alice.token, { q: `${kept} before ` })).toEqual([]);
    expect(await searchContents(t.url, alice.token, { q: `${kept} after ` })).toEqual([
      `${kept} after`,
    ]);
    // Filter-only searches skip the tombstone too.
    const ids = await searchAllIds(t.url, alice.token, { roomId: room.id });
    expect(ids).toEqual([edited.id]);
  });
});

describe('GET /api/search: filters and operators', () => {
  let alice: TestUser;
  let bob: TestUser;
  let room: Room;
  let a: ClientSocket;
  let word: string;
  const sent: Record<string, string> = {};
  beforeAll(async () => {
    const set = await trio();
    ({ alice, bob, room } = set);
    a = set.a;
    word = uniqueWord('f');
    sent.text = (await sendOk(a, room.id, `${word} text from alice`)).id;
    const b = await sockets.connect(bob);
    sent.bob = (await sendOk(b, room.id, `${word} text from bob`)).id;
    const file = await uploadFile(t.url, alice.token, {
      roomId: room.id,
      filename: 'notes.txt',
      mimeType: 'text/plain',
      bytes: Buffer.from('notes'),
    });
    sent.file = ok(
      await sendWithAttachments(a, room.id, [file], 'file', `${word} a file`),
    ).message.id;
    const image = await uploadFile(t.url, alice.token, {
      roomId: room.id,
      filename: 'pic.png',
      mimeType: 'image/png',
      bytes: await pngBytes(20, 20),
    });
    sent.image = ok(
      await sendWithAttachments(a, room.id, [image], 'image', `${word} an image`),
    ).message.id;
  });
  afterAll(() => sockets.closeAll());

  const ids = (params: Record<string, string>) =>
    searchAllIds(t.url, alice.token, { q: `${word} `, order: 'newest', ...params });

  it('from (a user id), has=file (files and images), has=image', async () => {
    expect(await ids({ from: bob.user.id })).toEqual([sent.bob]);
    expect(await ids({ has: 'file' })).toEqual([sent.image, sent.file]);
    expect(await ids({ has: 'image' })).toEqual([sent.image]);
    expect(await ids({ has: 'image', from: bob.user.id })).toEqual([]);
  });

  it('results with attachments carry them, URLs signed, as history does', async () => {
    const { results } = await searchOk(t.url, alice.token, { q: `${word} `, has: 'image' });
    expect(results[0]?.message.attachments?.[0]?.url).toMatch(/./);
  });

  it('after is inclusive, before exclusive, a bare date is midnight UTC', async () => {
    const all = await ids({});
    expect(all).toHaveLength(4);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await ids({ after: today })).toEqual(all);
    expect(await ids({ after: tomorrow })).toEqual([]);
    expect(await ids({ before: tomorrow })).toEqual(all);
    expect(await ids({ before: today })).toEqual([]);
    const { results } = await searchOk(t.url, alice.token, { q: `${word} `, from: bob.user.id });
    const at = results[0]?.message.createdAt ?? '';
    expect(await ids({ after: at, from: bob.user.id })).toEqual([sent.bob]);
    expect(await ids({ before: at, from: bob.user.id })).toEqual([]);
  });

  it('operators in q: from:, has:, after:, before:; a parameter wins over the same operator', async () => {
    const q = (text: string, params: Record<string, string> = {}) =>
      searchAllIds(t.url, alice.token, { q: text, order: 'newest', ...params });
    expect(await q(`from:@${bob.user.username} ${word} `)).toEqual([sent.bob]);
    expect(await q(`${word} has:image`)).toEqual([sent.image]);
    expect(await q(`${word} has:file after:2000-01-01 before:2999-01-01`)).toEqual([
      sent.image,
      sent.file,
    ]);
    expect(await q(`from:${bob.user.username} ${word} `, { from: alice.user.id })).not.toContain(
      sent.bob,
    );
    // An operator alone is a filter-only search.
    expect(await q(`from:${bob.user.username}`, { roomId: room.id })).toEqual([sent.bob]);
    // An unknown user matches nothing; it is not an error.
    expect(await q(`from:nobody_${word} ${word}`)).toEqual([]);
  });
});

describe('GET /api/search: order and pages', () => {
  it('relevance puts the better match first; newest puts the newest first', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('r');
    const dense = await sendOk(a, room.id, `${w} ${w} ${w}`);
    const sparse = await sendOk(
      a,
      room.id,
      `${w} is mentioned once in this much longer message about many other things entirely`,
    );
    const order = async (o: string) =>
      (await searchOk(t.url, alice.token, { q: `${w} `, order: o })).results.map(
        (r) => r.message.id,
      );
    expect(await order('relevance')).toEqual([dense.id, sparse.id]);
    expect(await order('newest')).toEqual([sparse.id, dense.id]);
  });

  it('pages through every match once, in either order (60 matches, 7 a page)', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('g');
    const sent = await sendConcurrently([a], room.id, 60, w);
    const expected = sent.map((m) => m.id).sort();
    for (const order of ['relevance', 'newest']) {
      const ids = await searchAllIds(t.url, alice.token, { q: `${w} `, order, limit: 7 });
      expect(ids).toHaveLength(60);
      expect([...ids].sort()).toEqual(expected);
    }
  });

  it('past the ranked window of 200, pages go on newest first; new messages shift nothing', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('h');
    const sent = await sendConcurrently([a], room.id, 230, w);
    const first = await searchOk(t.url, alice.token, { q: `${w} `, limit: 50 });
    // A match arriving between pages is newer than the pinned window: not in this walk.
    const late = await sendOk(a, room.id, `${w} late`);
    const ids = first.results.map((r) => r.message.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await searchOk(t.url, alice.token, { q: `${w} `, limit: 50, cursor });
      ids.push(...page.results.map((r) => r.message.id));
      cursor = page.nextCursor;
    }
    expect(ids).not.toContain(late.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(sent.map((m) => m.id).sort());
  });

  it('limit is clamped to 1–50; a limit that is not a number is a bad_request', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('l');
    await sendConcurrently([a], room.id, 55, w);
    expect((await searchOk(t.url, alice.token, { q: `${w} `, limit: 0 })).results).toHaveLength(1);
    expect((await searchOk(t.url, alice.token, { q: `${w} `, limit: 1000 })).results).toHaveLength(
      50,
    );
    const bad = await searchHttp(t.url, alice.token, { q: w, limit: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/limit/);
  });

  it('a cursor that is not one of ours is a bad_request', async () => {
    const { alice } = await trio();
    const forged = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'garbage',
      forged({ kind: 'ranked' }),
      forged({ kind: 'newest', before: { at: '0000-01-01T00:00:00Z', id: 'x' } }),
    ]) {
      const res = await searchHttp(t.url, alice.token, { q: 'x', cursor });
      expect(res.status).toBe(400);
      expect(res.body.error?.message).toBe('cursor is not valid');
    }
  });
});

describe('GET /api/search: hostile input', () => {
  it('never a 5xx nor a query error; the tables stay intact', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('register failed');
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const a = await sockets.connect(alice);
    const w = uniqueWord('x');
    await sendOk(a, room.id, `${w} still here`);
    const hostile = [
      `'"():*&|!`,
      'a:* & !b',
      '\\',
      "' OR 1=1 --",
      "'); DROP TABLE messages; --",
      '<script>alert(1)</script>',
      '\ud800 lone \udfff',
      `${w}'`,
      `${w}:*`,
      '"unclosed',
      '-',
      'or',
      'x'.repeat(512),
      `${'word '.repeat(102)}ab`,
    ];
    for (const q of hostile) {
      const res = await searchHttp(t.url, alice.token, { q });
      expect(res.status, q).toBe(200);
    }
    // Dates the format accepts but PostgreSQL would not.
    for (const after of ['0000-01-01', '2026-02-30']) {
      expect((await searchHttp(t.url, alice.token, { q: w, after })).status, after).toBe(400);
    }
    expect((await searchHttp(t.url, alice.token, { q: `${w} after:0000-01-01` })).status).toBe(200);
    const nul = await searchHttp(t.url, alice.token, { q: 'a\u0000b' });
    expect(nul.status).toBe(400);
    const long = await searchHttp(t.url, alice.token, { q: 'x'.repeat(10_000) });
    expect(long.status).toBe(400);
    expect(long.body.error?.message).toMatch(/^q: .*at most 512/);
    expect(await searchContents(t.url, alice.token, { q: `${w} ` })).toEqual([`${w} still here`]);
  });

  it('a message carrying the delimiters itself cannot fake a highlight', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('z');
    await sendOk(a, room.id, `${w} ${SEARCH_MATCH_START}fake${SEARCH_MATCH_END} then more`);
    const { results } = await searchOk(t.url, alice.token, { q: `${w} ` });
    expect(splitHighlight(results[0]?.highlight ?? '').filter((s) => s.match)).toEqual([
      { text: w, match: true },
    ]);
  });
  it('a short message is its own snippet, whole: markup, short words and punctuation kept', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('s');
    const texts = [
      `<img src=x onerror=alert(1)> ${w} "><script>window.injected=1</script>`,
      `Launch date confirmed: ${w} 4.`,
    ];
    for (const text of texts) await sendOk(a, room.id, text);
    const { results } = await searchOk(t.url, alice.token, { q: `${w} `, order: 'newest' });
    const shown = results.map((r) =>
      splitHighlight(r.highlight)
        .map((s) => s.text)
        .join(''),
    );
    expect(shown).toEqual([...texts].reverse());
  });

  it('a long message gets fragments around its matches, markup in them kept', async () => {
    const { alice, room, a } = await trio();
    const w = uniqueWord('l');
    const filler = Array.from({ length: 80 }, (_, i) => `filler${i}`).join(' ');
    await sendOk(a, room.id, `${filler} a <b> before ${w} after ${filler}`);
    const { results } = await searchOk(t.url, alice.token, { q: `${w} ` });
    const highlight = results[0]?.highlight ?? '';
    expect(highlight).toContain(`a <b> before ${SEARCH_MATCH_START}${w}${SEARCH_MATCH_END} after`);
    expect(highlight.length).toBeLessThan(filler.length);
  });
});

describe('GET /api/search: budget', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: true });
  });
  afterAll(() => limited.close());

  it('past searchesPerUser (30 per 10 s) a search is answered 429 rate_limited', async () => {
    const [alice] = await registerUsers(limited.url, ['alice']);
    if (!alice) throw new Error('register failed');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push((await searchHttp(limited.url, alice.token, { q: `word${i} ` })).status);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await searchHttp(limited.url, alice.token, { q: 'again ' });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: expect.any(Number),
    });
  });
});
