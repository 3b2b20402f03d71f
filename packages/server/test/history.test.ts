import { describe, expect, it } from 'vitest';
import { createGroupRoom, ok, registerUser, request } from './helpers/clients.js';
import {
  codeOf,
  loadAll,
  loadPage,
  registerUsers,
  sendConcurrently,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets, directPair } = useSocketTestServer();

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('messages:load', () => {
  it('an empty room: no messages, no more, no nextCursor, but a changesCursor', async () => {
    const { room, a } = await directPair();
    const page = await loadPage(a, room.id);
    expect(page.messages).toEqual([]);
    expect(page.hasMore).toBe(false);
    expect(page.nextCursor).toBeUndefined();
    expect(typeof page.changesCursor).toBe('string');
  });

  it('D5: returns the newest 50 by default, oldest first, then the rest through nextCursor', async () => {
    const { room, a, b } = await directPair();
    await sendConcurrently([a, b], room.id, 60);
    const first = await loadPage(b, room.id);
    expect(first.messages.map((m) => m.seq)).toEqual(range(11, 60));
    expect(first.hasMore).toBe(true);
    expect(typeof first.nextCursor).toBe('string');
    expect(typeof first.changesCursor).toBe('string');
    const second = await loadPage(b, room.id, { before: first.nextCursor! });
    expect(second.messages.map((m) => m.seq)).toEqual(range(1, 10));
    expect(second.hasMore).toBe(false);
    expect(second.nextCursor).toBeUndefined();
  });

  it('honours limit 1 and 100', async () => {
    const { room, a } = await directPair();
    await sendConcurrently([a], room.id, 101);
    const one = await loadPage(a, room.id, { limit: 1 });
    expect(one.messages.map((m) => m.seq)).toEqual([101]);
    expect(one.hasMore).toBe(true);
    const hundred = await loadPage(a, room.id, { limit: 100 });
    expect(hundred.messages.map((m) => m.seq)).toEqual(range(2, 101));
    expect(hundred.hasMore).toBe(true);
    const last = await loadPage(a, room.id, { limit: 100, before: hundred.nextCursor! });
    expect(last.messages.map((m) => m.seq)).toEqual([1]);
    expect(last.hasMore).toBe(false);
  });

  it('a page that exactly empties the room says hasMore false', async () => {
    const { room, a } = await directPair();
    await sendConcurrently([a], room.id, 5);
    const page = await loadPage(a, room.id, { limit: 5 });
    expect(page.messages).toHaveLength(5);
    expect(page.hasMore).toBe(false);
    expect(page.nextCursor).toBeUndefined();
  });

  it.each([
    ['limit 0', { limit: 0 }],
    ['limit 101', { limit: 101 }],
    ['limit -1', { limit: -1 }],
    ['a fractional limit', { limit: 2.5 }],
    ['a string limit', { limit: '10' }],
    ['a cursor that is not one', { before: 'abc' }],
    ['an empty cursor', { before: '' }],
    ['a negative cursor', { before: '-5' }],
    ['a numeric cursor', { before: 5 }],
    ['a cursor beyond any seq', { before: '999999999999999' }],
    ['an unknown field', { since: '1' }],
  ])('refuses %s with bad_request', async (_name, extra) => {
    const { room, a } = await directPair();
    await sendOk(a, room.id, 'x');
    expect(codeOf(await request(a, 'messages:load', { roomId: room.id, ...extra }))).toBe(
      'bad_request',
    );
  });

  it('refuses a room the caller is not in with forbidden', async () => {
    const { room, a } = await directPair();
    await sendOk(a, room.id, 'secret');
    const m = await sockets.connect(await registerUser(t.url, 'mallory'));
    expect(codeOf(await request(m, 'messages:load', { roomId: room.id }))).toBe('forbidden');
    expect(codeOf(await request(m, 'messages:load', { roomId: crypto.randomUUID() }))).toBe(
      'forbidden',
    );
  });

  it('D5: pages ~300 messages, many sharing a millisecond, with limit 7: each exactly once, in seq order', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const senders = [
      await sockets.connect(alice!),
      await sockets.connect(bob!),
      await sockets.connect(carol!),
      await sockets.connect(alice!),
    ];
    const sent = await sendConcurrently(senders, room.id, 300);

    // The premise: timestamps collide, so a createdAt cursor would skip messages.
    const perMillisecond = new Map<string, number>();
    for (const m of sent)
      perMillisecond.set(m.createdAt, (perMillisecond.get(m.createdAt) ?? 0) + 1);
    expect(Math.max(...perMillisecond.values())).toBeGreaterThan(1);

    const { messages, pages } = await loadAll(senders[1]!, room.id, 7);
    expect(pages).toHaveLength(Math.ceil(300 / 7));
    for (const page of pages.slice(0, -1)) expect(page.messages).toHaveLength(7);
    for (const page of pages) {
      const seqs = page.messages.map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    expect(messages.map((m) => m.seq)).toEqual(range(1, 300));
    expect(new Set(messages.map((m) => m.id)).size).toBe(300);
    expect(messages.map((m) => m.id).sort()).toEqual(sent.map((m) => m.id).sort());
  });

  it('D7: returns tombstones and edits in their current state', async () => {
    const { room, a, b } = await directPair();
    const [one, two] = [await sendOk(a, room.id, 'one'), await sendOk(a, room.id, 'two')];
    ok(await request(a, 'message:edit', { messageId: one.id, content: 'uno' }));
    ok(await request(a, 'message:delete', { messageId: two.id }));
    const page = await loadPage(b, room.id);
    expect(page.messages.map((m) => [m.seq, m.content, !!m.editedAt, !!m.deletedAt])).toEqual([
      [1, 'uno', true, false],
      [2, '', false, true],
    ]);
  });

  it('D6: its changesCursor moves when a message is edited or deleted', async () => {
    const { room, a } = await directPair();
    const m = await sendOk(a, room.id, 'x');
    const c0 = (await loadPage(a, room.id)).changesCursor;
    ok(await request(a, 'message:edit', { messageId: m.id, content: 'y' }));
    const c1 = (await loadPage(a, room.id)).changesCursor;
    ok(await request(a, 'message:delete', { messageId: m.id }));
    const c2 = (await loadPage(a, room.id)).changesCursor;
    expect(new Set([c0, c1, c2]).size).toBe(3);
  });
});
