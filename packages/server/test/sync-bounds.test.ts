import type { SyncRoomResult } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { SYNC_CONTENT_BYTES_MAX, SYNC_MESSAGES_MAX } from '../src/messages/sync-budget.js';
import { createDirectRoom, newClientId, ok, request } from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { codeOf, registerUsers, sendOk, useSocketTestServer } from './helpers/message-helpers.js';

const { t, sockets } = useSocketTestServer();

type SyncRequest = { roomId: string; afterSeq: number; changesSince?: string };

const contentBytes = (results: readonly SyncRoomResult[]) =>
  results
    .flatMap((r) => [...r.messages, ...r.changes])
    .reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);
const messageCount = (results: readonly SyncRoomResult[]) =>
  results.reduce((sum, r) => sum + r.messages.length + r.changes.length, 0);

/** `count` messages of `content` in a fresh direct room between `me` and a new user. */
async function roomWith(me: TestUser, count: number, content: string): Promise<string> {
  const [other] = await registerUsers(t.url, ['peer']);
  const room = await createDirectRoom(t.url, me.token, other!.user.id);
  const socket = await sockets.connect(other!);
  // A few sends in flight at a time: the socket's cap on requests in flight is 32.
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, () =>
        request(socket, 'message:send', {
          roomId: room.id,
          clientId: newClientId(),
          type: 'text',
          content,
        }).then(ok),
      ),
    );
  }
  return room.id;
}

/**
 * Syncs like a client: asks again for the rooms that said `hasMore`, from where each got to.
 * Returns every answer and what each room received, in order.
 */
async function syncUntilDone(socket: ClientSocket, first: SyncRequest[]) {
  const answers: SyncRoomResult[][] = [];
  const received = new Map<string, number[]>();
  const changed = new Map<string, string[]>();
  let pending = first;
  while (pending.length > 0) {
    if (answers.length > 100) throw new Error('sync does not end');
    const rooms = ok(await request(socket, 'messages:sync', { rooms: pending })).rooms;
    answers.push(rooms);
    pending = rooms.flatMap((result) => {
      const asked = pending.find((p) => p.roomId === result.roomId)!;
      const seqs = received.get(result.roomId) ?? [];
      seqs.push(...result.messages.map((m) => m.seq));
      received.set(result.roomId, seqs);
      changed.set(result.roomId, [
        ...(changed.get(result.roomId) ?? []),
        ...result.changes.map((m) => m.content),
      ]);
      if (!result.hasMore) return [];
      return [
        {
          roomId: result.roomId,
          afterSeq: result.messages.at(-1)?.seq ?? asked.afterSeq,
          changesSince: result.changesCursor,
        },
      ];
    });
  }
  return { answers, received, changed };
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

describe('messages:sync bounds', () => {
  it('refuses a room named twice with bad_request naming it', async () => {
    const [me, other] = await registerUsers(t.url, ['me', 'other']);
    const room = await createDirectRoom(t.url, me!.token, other!.user.id);
    const socket = await sockets.connect(me!);
    const answer = await request(socket, 'messages:sync', {
      rooms: [
        { roomId: room.id, afterSeq: 0 },
        { roomId: room.id, afterSeq: 3 },
      ],
    });
    expect(codeOf(answer)).toBe('bad_request');
    if (answer.ok) throw new Error('unreachable');
    expect(answer.error.message).toContain('rooms.1.roomId');
    expect(answer.error.message).toContain(`room ${room.id} is named more than once`);
  });

  it('caps one answer’s content bytes across rooms; looping on hasMore gets every message exactly once', async () => {
    const [me] = await registerUsers(t.url, ['reader']);
    const big = 'x'.repeat(LIMITS.messageContentMax);
    // 4 × 80 messages of 10,000 bytes: more than one answer may carry (about 209 of them).
    const roomIds = [];
    for (let i = 0; i < 4; i++) roomIds.push(await roomWith(me!, 80, big));
    const socket = await sockets.connect(me!);

    const { answers, received } = await syncUntilDone(
      socket,
      roomIds.map((roomId) => ({ roomId, afterSeq: 0 })),
    );
    for (const answer of answers) {
      expect(contentBytes(answer)).toBeLessThanOrEqual(SYNC_CONTENT_BYTES_MAX);
    }
    const [first] = answers;
    expect(contentBytes(first!)).toBeGreaterThan(SYNC_CONTENT_BYTES_MAX - big.length * 2);
    // The answer fills up inside the third room; the fourth comes back empty. Both say hasMore.
    expect(first!.map((r) => [r.messages.length, r.hasMore])).toEqual([
      [80, false],
      [80, false],
      [Math.floor(SYNC_CONTENT_BYTES_MAX / big.length) - 160, true],
      [0, true],
    ]);
    for (const roomId of roomIds) expect(received.get(roomId)).toEqual(range(80));
  });

  it('a room left out of a full answer keeps its changesCursor, and its edits arrive on a later round', async () => {
    const [me] = await registerUsers(t.url, ['reader']);
    const big = 'x'.repeat(LIMITS.messageContentMax);
    const [peer] = await registerUsers(t.url, ['peer']);
    const quiet = await createDirectRoom(t.url, me!.token, peer!.user.id);
    const p = await sockets.connect(peer!);
    const first = await sendOk(p, quiet.id, 'first');
    const socket = await sockets.connect(me!);
    const [caughtUp] = ok(
      await request(socket, 'messages:sync', { rooms: [{ roomId: quiet.id, afterSeq: 0 }] }),
    ).rooms;
    ok(await request(p, 'message:edit', { messageId: first.id, content: 'first, edited' }));
    // Three rooms of more than an answer's bytes, named before the quiet room.
    const busy = [];
    for (let i = 0; i < 3; i++) busy.push(await roomWith(me!, 80, big));

    const quietRequest = { roomId: quiet.id, afterSeq: 1, changesSince: caughtUp!.changesCursor };
    const { answers, changed } = await syncUntilDone(socket, [
      ...busy.map((roomId) => ({ roomId, afterSeq: 0 })),
      quietRequest,
    ]);
    expect(answers[0]!.at(-1)).toEqual(
      expect.objectContaining({
        messages: [],
        changes: [],
        hasMore: true,
        changesCursor: caughtUp!.changesCursor,
      }),
    );
    expect(changed.get(quiet.id)).toEqual(['first, edited']);
  });

  it(`caps one answer at ${SYNC_MESSAGES_MAX} messages across rooms; looping on hasMore gets every message exactly once`, async () => {
    const [me] = await registerUsers(t.url, ['reader']);
    const roomIds = [];
    for (let i = 0; i < 11; i++) roomIds.push(await roomWith(me!, 100, `short ${i}`));
    const socket = await sockets.connect(me!);

    const { answers, received } = await syncUntilDone(
      socket,
      roomIds.map((roomId) => ({ roomId, afterSeq: 0 })),
    );
    expect(messageCount(answers[0]!)).toBe(SYNC_MESSAGES_MAX);
    expect(answers.length).toBeGreaterThan(1);
    for (const roomId of roomIds) expect(received.get(roomId)).toEqual(range(100));
  });
});
