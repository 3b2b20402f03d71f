import type { RoomsResponse } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHttpError } from './helpers/authz-helpers.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { connect, createGroupRoom, http, ok, registerUser, sendText } from './helpers/clients.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

describe('GET /api/rooms, paged', () => {
  let t: TestServer;
  let user: TestUser;
  let socket: ClientSocket;
  /** The user's rooms in one page, most recent activity first. */
  let expected: string[];
  let bumped: string;

  const page = (query: string) =>
    http<RoomsResponse>(t.url, 'GET', `/api/rooms${query}`, { token: user.token });

  beforeAll(async () => {
    t = await startTestServer();
    user = await registerUser(t.url, 'pages');
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await createGroupRoom(t.url, user.token, [], `g${i}`));
    // Activity reorders the list: the oldest room gets the latest message.
    socket = await connect(t.url, user.token);
    ok(await sendText(socket, created[0]!.id, 'bump'));
    bumped = created[0]!.id;
    expected = (await page(`?limit=${LIMITS.roomsPageMax}`)).body.rooms.map((r) => r.id);
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it('walks the list in pages of `limit` by nextCursor, in order, each room once', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await page(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.rooms.map((r) => r.id));
      sizes.push(res.body.rooms.length);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(5);
    expect(seen[0]).toBe(bumped);
  });

  it('without parameters answers PROTOCOL.md’s { rooms }: all of them when they fit one page', async () => {
    const res = await page('');
    expect(res.body.rooms.map((r) => r.id)).toEqual(expected);
    expect(res.body).not.toHaveProperty('nextCursor');
    expect(LIMITS.roomsPageDefault).toBeGreaterThan(expected.length);
  });

  it('an exact last page has no nextCursor', async () => {
    const res = await page('?limit=5');
    expect(res.body.rooms).toHaveLength(5);
    expect(res.body).not.toHaveProperty('nextCursor');
  });

  it('refuses a limit out of range and a cursor that is not one: 400 naming the parameter', async () => {
    for (const limit of ['0', String(LIMITS.roomsPageMax + 1), 'many']) {
      expect(expectHttpError(await page(`?limit=${limit}`), 400, 'bad_request')).toContain('limit');
    }
    expect(expectHttpError(await page('?cursor=bm9wZQ'), 400, 'bad_request')).toContain('cursor');
    expect(expectHttpError(await page('?sort=name'), 400, 'bad_request')).toContain('sort');
  });
});
