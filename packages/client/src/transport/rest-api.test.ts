import type { Room } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from './http-client.js';
import { createRestApi } from './rest-api.js';

const room = (id: string): Room => ({
  id,
  type: 'group',
  participants: ['me'],
  unreadCount: 0,
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  lastReadSeq: 0,
  lastSeq: 0,
});

describe('listRooms', () => {
  it('fetches every page of GET /api/rooms, following nextCursor, largest pages first', async () => {
    const pages: Record<string, { rooms: Room[]; nextCursor?: string }> = {
      '': { rooms: [room('a'), room('b')], nextCursor: 'after-b' },
      'after-b': { rooms: [room('c')], nextCursor: 'after-c' },
      'after-c': { rooms: [] },
    };
    const asked: URL[] = [];
    const api = createRestApi(
      createHttpClient({
        baseUrl: 'http://natter.test',
        getToken: () => 'token',
        timeoutMs: 1000,
        fetch: async (input) => {
          const url = new URL(input);
          asked.push(url);
          const body = pages[url.searchParams.get('cursor') ?? ''];
          return new Response(JSON.stringify(body), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          });
        },
      }),
    );
    expect((await api.listRooms()).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(asked.map((url) => url.searchParams.get('cursor'))).toEqual([
      null,
      'after-b',
      'after-c',
    ]);
    expect(
      asked.every((url) => url.searchParams.get('limit') === String(LIMITS.roomsPageMax)),
    ).toBe(true);
  });
});
