import type { MessagesLoadPayload } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { ok, registerUser, request } from './helpers/clients.js';
import type { ClientSocket } from './helpers/clients.js';
import { codeOf, sendConcurrently, useSocketTestServer } from './helpers/message-helpers.js';

const { t, sockets, directPair } = useSocketTestServer();

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function load(socket: ClientSocket, payload: MessagesLoadPayload) {
  const { ok: _ok, ...page } = ok(await request(socket, 'messages:load', payload));
  return { ...page, seqs: page.messages.map((m) => m.seq) };
}

/** A direct room with 20 messages (seqs 1–20), and their ids by seq. */
async function roomOfTwenty() {
  const pair = await directPair();
  const sent = await sendConcurrently([pair.a], pair.room.id, 20);
  const idOf = new Map(sent.map((m) => [m.seq, m.id]));
  return { ...pair, id: (seq: number) => idOf.get(seq) ?? '' };
}

describe('messages:load around a message', () => {
  it('centres on the target: ceil(limit/2) at or before it, the rest after, oldest first, both cursors', async () => {
    const { room, a, id } = await roomOfTwenty();
    const page = await load(a, { roomId: room.id, around: id(10), limit: 5 });
    expect(page.seqs).toEqual([8, 9, 10, 11, 12]);
    expect(page.hasMore).toBe(true);
    expect(page.hasNewer).toBe(true);
    expect(typeof page.changesCursor).toBe('string');
    expect(page.receipts.length).toBe(2);
    // The cursors continue exactly where the page ends, each way.
    const older = await load(a, { roomId: room.id, before: page.nextCursor!, limit: 3 });
    expect(older.seqs).toEqual([5, 6, 7]);
    const newer = await load(a, { roomId: room.id, after: page.newerCursor!, limit: 3 });
    expect(newer.seqs).toEqual([13, 14, 15]);
  });

  it('at the edges of history: the first and the last message', async () => {
    const { room, a, id } = await roomOfTwenty();
    const first = await load(a, { roomId: room.id, around: id(1), limit: 6 });
    expect(first.seqs).toEqual([1, 2, 3, 4]);
    expect(first.hasMore).toBe(false);
    expect(first.nextCursor).toBeUndefined();
    expect(first.hasNewer).toBe(true);
    const last = await load(a, { roomId: room.id, around: id(20), limit: 6 });
    expect(last.seqs).toEqual([18, 19, 20]);
    expect(last.hasMore).toBe(true);
    expect(last.hasNewer).toBe(false);
    expect(last.newerCursor).toBeUndefined();
  });

  it('a deleted target is still centred, as its tombstone', async () => {
    const { room, a, id } = await roomOfTwenty();
    ok(await request(a, 'message:delete', { messageId: id(10) }));
    const page = await load(a, { roomId: room.id, around: id(10), limit: 3 });
    expect(page.seqs).toEqual([9, 10, 11]);
    expect(page.messages[1]?.deletedAt).toEqual(expect.any(String));
  });

  it('a message of another room is not_found; a room the caller is not in is forbidden', async () => {
    const { room, a, id } = await roomOfTwenty();
    const other = await directPair();
    const [otherMessage] = await sendConcurrently([other.a], other.room.id, 1);
    expect(
      codeOf(await request(a, 'messages:load', { roomId: room.id, around: otherMessage!.id })),
    ).toBe('not_found');
    expect(
      codeOf(await request(a, 'messages:load', { roomId: room.id, around: 'no-such-message' })),
    ).toBe('not_found');
    const stranger = await registerUser(t.url, 'stranger');
    const s = await sockets.connect(stranger);
    expect(codeOf(await request(s, 'messages:load', { roomId: room.id, around: id(5) }))).toBe(
      'forbidden',
    );
    expect(codeOf(await request(s, 'messages:load', { roomId: room.id, around: 'nope' }))).toBe(
      'forbidden',
    );
  });

  it('two positions at once are a bad_request', async () => {
    const { room, a, id } = await roomOfTwenty();
    for (const payload of [
      { before: '5', around: id(3) },
      { after: '5', around: id(3) },
      { before: '5', after: '2' },
    ]) {
      expect(codeOf(await request(a, 'messages:load', { roomId: room.id, ...payload }))).toBe(
        'bad_request',
      );
    }
  });
});

describe('messages:load after a cursor', () => {
  it('the oldest messages newer than the cursor, oldest first, with both cursors', async () => {
    const { room, a } = await roomOfTwenty();
    const page = await load(a, { roomId: room.id, after: '5', limit: 4 });
    expect(page.seqs).toEqual(range(6, 9));
    expect(page.hasNewer).toBe(true);
    expect(page.hasMore).toBe(true);
    const next = await load(a, { roomId: room.id, after: page.newerCursor!, limit: 20 });
    expect(next.seqs).toEqual(range(10, 20));
    expect(next.hasNewer).toBe(false);
    expect(next.newerCursor).toBeUndefined();
    const fromStart = await load(a, { roomId: room.id, after: '0', limit: 2 });
    expect(fromStart.seqs).toEqual([1, 2]);
    expect(fromStart.hasMore).toBe(false);
  });

  it('a room the caller is not in is forbidden', async () => {
    const { room } = await roomOfTwenty();
    const stranger = await registerUser(t.url, 'stranger');
    const s = await sockets.connect(stranger);
    expect(codeOf(await request(s, 'messages:load', { roomId: room.id, after: '1' }))).toBe(
      'forbidden',
    );
  });
});
