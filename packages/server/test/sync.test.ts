import type { SyncRoomResult } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { createDirectRoom, createGroupRoom, ok, registerUser, request } from './helpers/clients.js';
import type { ClientSocket } from './helpers/clients.js';
import {
  closeSocket,
  codeOf,
  loadPage,
  registerUsers,
  sendConcurrently,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets, directPair } = useSocketTestServer();

type SyncRequest = { roomId: string; afterSeq: number; changesSince?: string };

async function sync(socket: ClientSocket, rooms: SyncRequest[]): Promise<SyncRoomResult[]> {
  return ok(await request(socket, 'messages:sync', { rooms })).rooms;
}

async function syncOne(socket: ClientSocket, room: SyncRequest): Promise<SyncRoomResult> {
  const [result] = await sync(socket, [room]);
  if (!result) throw new Error('sync answered no room');
  return result;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('messages:sync', () => {
  it('D6: after a disconnect: exactly the new messages and the changes to older ones, nothing twice', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const a = await sockets.connect(alice!);
    const c = await sockets.connect(carol!);
    let b = await sockets.connect(bob!);
    const old = [];
    for (let i = 1; i <= 5; i++) old.push(await sendOk(i % 2 ? a : c, room.id, `old ${i}`));

    // Bob's client is up to date, then goes offline.
    const seen = await loadPage(b, room.id);
    const afterSeq = seen.messages.at(-1)!.seq;
    expect(afterSeq).toBe(5);
    await closeSocket(b);

    const n6 = await sendOk(a, room.id, 'new 6');
    const n7 = await sendOk(c, room.id, 'new 7');
    const n8 = await sendOk(a, room.id, 'new 8');
    ok(await request(c, 'message:edit', { messageId: old[1]!.id, content: 'old 2 edited' }));
    ok(await request(c, 'message:edit', { messageId: old[1]!.id, content: 'old 2 edited again' }));
    ok(await request(a, 'message:delete', { messageId: old[2]!.id }));
    ok(await request(c, 'message:edit', { messageId: n7.id, content: 'new 7 edited' }));
    ok(await request(a, 'message:delete', { messageId: n8.id }));

    b = await sockets.connect(bob!);
    const result = await syncOne(b, {
      roomId: room.id,
      afterSeq,
      changesSince: seen.changesCursor,
    });
    expect(result.roomId).toBe(room.id);
    expect(result.hasMore).toBe(false);
    expect(result.messages.map((m) => [m.id, m.seq, m.content, !!m.deletedAt])).toEqual([
      [n6.id, 6, 'new 6', false],
      [n7.id, 7, 'new 7 edited', false],
      [n8.id, 8, '', true],
    ]);
    expect(result.changes.map((m) => [m.id, m.seq, m.content, !!m.deletedAt])).toEqual([
      [old[1]!.id, 2, 'old 2 edited again', false],
      [old[2]!.id, 3, '', true],
    ]);
    expect(result.changes[0]!.editedAt).toBeDefined();
    expect(typeof result.changesCursor).toBe('string');

    // Nothing twice: asking again from where this answer ends returns nothing.
    const again = await syncOne(b, {
      roomId: room.id,
      afterSeq: result.messages.at(-1)!.seq,
      changesSince: result.changesCursor,
    });
    expect(again).toMatchObject({ messages: [], changes: [], hasMore: false });
  });

  it('D6: a change made after the answer is reported by the next sync', async () => {
    const { room, a, b } = await directPair();
    const m1 = await sendOk(a, room.id, 'one');
    const first = await syncOne(b, { roomId: room.id, afterSeq: 0 });
    expect(first.messages.map((m) => m.id)).toEqual([m1.id]);
    ok(await request(a, 'message:edit', { messageId: m1.id, content: 'uno' }));
    const second = await syncOne(b, {
      roomId: room.id,
      afterSeq: 1,
      changesSince: first.changesCursor,
    });
    expect(second.messages).toEqual([]);
    expect(second.changes.map((m) => [m.id, m.content])).toEqual([[m1.id, 'uno']]);
  });

  it('D6: pages with hasMore when more than 100 messages were missed', async () => {
    const { bob, room, a, b } = await directPair();
    const old = await sendOk(a, room.id, 'before');
    const start = await loadPage(b, room.id);
    await closeSocket(b);
    await sendConcurrently([a], room.id, 130);
    ok(await request(a, 'message:edit', { messageId: old.id, content: 'before, edited' }));

    const b2 = await sockets.connect(bob);
    const page1 = await syncOne(b2, {
      roomId: room.id,
      afterSeq: 1,
      changesSince: start.changesCursor,
    });
    expect(page1.hasMore).toBe(true);
    expect(page1.messages.map((m) => m.seq)).toEqual(range(2, 101));
    expect(page1.changes.map((m) => [m.id, m.content])).toEqual([[old.id, 'before, edited']]);

    const page2 = await syncOne(b2, {
      roomId: room.id,
      afterSeq: 101,
      changesSince: page1.changesCursor,
    });
    expect(page2.hasMore).toBe(false);
    expect(page2.messages.map((m) => m.seq)).toEqual(range(102, 131));
    expect(page2.changes).toEqual([]);
  });

  it('without changesSince: no changes, but a changesCursor to start from', async () => {
    const { room, a, b } = await directPair();
    const m1 = await sendOk(a, room.id, 'one');
    await sendOk(a, room.id, 'two');
    ok(await request(a, 'message:edit', { messageId: m1.id, content: 'uno' }));
    const result = await syncOne(b, { roomId: room.id, afterSeq: 2 });
    expect(result).toMatchObject({ messages: [], changes: [], hasMore: false });
    expect(typeof result.changesCursor).toBe('string');
    const next = await syncOne(b, {
      roomId: room.id,
      afterSeq: 2,
      changesSince: result.changesCursor,
    });
    expect(next.changes).toEqual([]);
  });

  it('answers several rooms in one request, each on its own', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const r1 = await createDirectRoom(t.url, alice!.token, bob!.user.id);
    const r2 = await createGroupRoom(t.url, carol!.token, [bob!.user.id]);
    const a = await sockets.connect(alice!);
    const b = await sockets.connect(bob!);
    const c = await sockets.connect(carol!);
    await sendOk(a, r1.id, 'r1 one');
    await sendOk(a, r1.id, 'r1 two');
    const r2m = await sendOk(c, r2.id, 'r2 one');
    const results = await sync(b, [
      { roomId: r2.id, afterSeq: 0, changesSince: '0' },
      { roomId: r1.id, afterSeq: 1 },
    ]);
    expect(results.map((r) => r.roomId)).toEqual([r2.id, r1.id]);
    expect(results[0]!.messages.map((m) => m.id)).toEqual([r2m.id]);
    expect(results[1]!.messages.map((m) => [m.seq, m.content])).toEqual([[2, 'r1 two']]);
    expect(results.every((r) => r.messages.every((m) => m.roomId === r.roomId))).toBe(true);
  });

  it('an empty request answers no rooms', async () => {
    const { b } = await directPair();
    expect(await sync(b, [])).toEqual([]);
  });

  it('a room the caller is not in is forbidden, even next to one they are in', async () => {
    const { room, a } = await directPair();
    const mallory = await registerUser(t.url, 'mallory');
    const m = await sockets.connect(mallory);
    const own = await createDirectRoom(
      t.url,
      mallory.token,
      (await registerUser(t.url, 'x')).user.id,
    );
    await sendOk(a, room.id, 'private');
    const alone = await request(m, 'messages:sync', { rooms: [{ roomId: room.id, afterSeq: 0 }] });
    expect(codeOf(alone)).toBe('forbidden');
    const mixed = await request(m, 'messages:sync', {
      rooms: [
        { roomId: own.id, afterSeq: 0 },
        { roomId: room.id, afterSeq: 0 },
      ],
    });
    expect(codeOf(mixed)).toBe('forbidden');
    const unknown = await request(m, 'messages:sync', {
      rooms: [{ roomId: crypto.randomUUID(), afterSeq: 0 }],
    });
    expect(codeOf(unknown)).toBe('forbidden');
  });

  it.each([
    ['no rooms field', {}],
    ['rooms not an array', { rooms: 'all' }],
    ['a negative afterSeq', { rooms: [{ afterSeq: -1 }] }],
    ['a fractional afterSeq', { rooms: [{ afterSeq: 1.5 }] }],
    ['a string afterSeq', { rooms: [{ afterSeq: '3' }] }],
    ['an afterSeq beyond any seq', { rooms: [{ afterSeq: 2 ** 31 }] }],
    ['a bogus changesSince', { rooms: [{ afterSeq: 0, changesSince: 'yesterday' }] }],
    ['a changesSince beyond any cursor', { rooms: [{ afterSeq: 0, changesSince: '99999999999' }] }],
    ['an unknown field', { rooms: [{ afterSeq: 0, since: '0' }] }],
  ])('refuses %s with bad_request', async (_name, payload) => {
    const { room, b } = await directPair();
    const withRoom =
      'rooms' in payload && Array.isArray(payload.rooms)
        ? { rooms: payload.rooms.map((r) => ({ roomId: room.id, ...r })) }
        : payload;
    expect(codeOf(await request(b, 'messages:sync', withRoom))).toBe('bad_request');
  });
});
