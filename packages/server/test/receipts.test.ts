import type { Message } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import {
  createDirectRoom,
  createGroupRoom,
  nextEvent,
  ok,
  recordEvents,
  registerUser,
  request,
} from './helpers/clients.js';
import { caughtUp, deliveryFlushBarrier, typingBarrier } from './helpers/barrier.js';
import type { ClientSocket } from './helpers/clients.js';
import {
  codeOf,
  loadMessage,
  loadPage,
  registerUsers,
  roomAsSeenBy,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets, directPair } = useSocketTestServer();

const read = (socket: ClientSocket, roomId: string, message: Message) =>
  request(socket, 'messages:read', { roomId, upToMessageId: message.id });

/** Status of a message as its sender sees it in history. */
const statusFor = async (socket: ClientSocket, message: Message) =>
  (await loadMessage(socket, message.roomId, message.id)).status;

describe('messages:read', () => {
  it('D10: moves the read mark and tells the room, the reader’s other devices included', async () => {
    const { bob, room, a, b } = await directPair();
    const b2 = await sockets.connect(bob);
    const sent = [];
    for (const text of ['one', 'two', 'three']) sent.push(await sendOk(a, room.id, text));
    const expected = {
      roomId: room.id,
      userId: bob.user.id,
      upToMessageId: sent[1]!.id,
      upToSeq: 2,
    };
    const updates = [a, b, b2].map((s) => nextEvent(s, 'messages:read:update'));
    expect(ok(await read(b, room.id, sent[1]!))).toEqual({ ok: true });
    for (const update of await Promise.all(updates)) expect(update).toEqual(expected);
    expect((await roomAsSeenBy(t.url, bob.token, room.id)).lastReadSeq).toBe(2);
  });

  it('works without an ack', async () => {
    const { bob, room, a, b } = await directPair();
    const m = await sendOk(a, room.id, 'hi');
    const update = nextEvent(a, 'messages:read:update');
    b.emit('messages:read', { roomId: room.id, upToMessageId: m.id });
    expect(await update).toMatchObject({ userId: bob.user.id, upToSeq: 1 });
  });

  it('D8: never moves back: reading an older message later changes and broadcasts nothing', async () => {
    const { bob, room, a, b } = await directPair();
    const sent = [];
    for (const text of ['one', 'two', 'three']) sent.push(await sendOk(a, room.id, text));
    const first = nextEvent(a, 'messages:read:update');
    ok(await read(b, room.id, sent[2]!));
    await first;
    const updates = recordEvents(a, 'messages:read:update');
    expect(codeOf(await read(b, room.id, sent[0]!))).toBe('ok');
    expect(codeOf(await read(b, room.id, sent[2]!))).toBe('ok');
    await typingBarrier(b, room.id, a);
    expect(updates.seen).toEqual([]);
    expect((await roomAsSeenBy(t.url, bob.token, room.id)).lastReadSeq).toBe(3);
  });

  it('a message of another room is not_found, and nothing moves', async () => {
    const { alice, bob, room, a, b } = await directPair();
    const carol = await registerUser(t.url, 'carol');
    const other = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
    const elsewhere = await sendOk(a, other.id, 'elsewhere');
    await sendOk(a, room.id, 'here');
    const updates = recordEvents(a, 'messages:read:update');
    expect(codeOf(await read(b, room.id, elsewhere))).toBe('not_found');
    const unknown = await request(b, 'messages:read', {
      roomId: room.id,
      upToMessageId: crypto.randomUUID(),
    });
    expect(codeOf(unknown)).toBe('not_found');
    await typingBarrier(b, room.id, a);
    expect(updates.seen).toEqual([]);
    expect((await roomAsSeenBy(t.url, bob.token, room.id)).lastReadSeq).toBe(0);
    expect((await roomAsSeenBy(t.url, bob.token, other.id)).lastReadSeq).toBe(0);
  });

  it('a room the reader is not in is forbidden', async () => {
    const { room, a, b } = await directPair();
    const m = await sendOk(a, room.id, 'private');
    const mallory = await sockets.connect(await registerUser(t.url, 'mallory'));
    const updates = recordEvents(a, 'messages:read:update');
    expect(codeOf(await read(mallory, room.id, m))).toBe('forbidden');
    await typingBarrier(b, room.id, a);
    expect(updates.seen).toEqual([]);
  });

  it.each([
    ['no payload', undefined],
    ['no upToMessageId', { roomId: 'r' }],
    ['an upToMessageId that is not a string', { roomId: 'r', upToMessageId: 3 }],
    ['an extra field', { roomId: 'r', upToMessageId: 'm', upToSeq: 3 }],
  ])('refuses %s with bad_request', async (_name, payload) => {
    const { b } = await directPair();
    expect(codeOf(await request(b, 'messages:read', payload))).toBe('bad_request');
  });
});

describe('unreadCount', () => {
  it('D12: counts others’ undeleted messages after the read mark, never one’s own', async () => {
    const { alice, bob, room, a, b } = await directPair();
    const unread = async (token: string) => (await roomAsSeenBy(t.url, token, room.id)).unreadCount;
    expect(await unread(bob.token)).toBe(0);

    const a1 = await sendOk(a, room.id, 'a1');
    const a2 = await sendOk(a, room.id, 'a2');
    const a3 = await sendOk(a, room.id, 'a3');
    await sendOk(b, room.id, 'b4');
    const b5 = await sendOk(b, room.id, 'b5');
    const a6 = await sendOk(a, room.id, 'a6');
    expect(await unread(bob.token)).toBe(4);
    expect(await unread(alice.token)).toBe(2);

    ok(await request(a, 'message:delete', { messageId: a2.id }));
    expect(await unread(bob.token)).toBe(3);

    ok(await read(b, room.id, a1));
    expect(await unread(bob.token)).toBe(2);
    ok(await read(b, room.id, a3));
    expect(await unread(bob.token)).toBe(1);
    ok(await read(b, room.id, a6));
    expect(await unread(bob.token)).toBe(0);

    ok(await request(b, 'message:delete', { messageId: b5.id }));
    expect(await unread(alice.token)).toBe(1);
    ok(await read(a, room.id, a6));
    expect(await unread(alice.token)).toBe(0);
  });

  it('D12: is per member in a group', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const a = await sockets.connect(alice!);
    const b = await sockets.connect(bob!);
    const m1 = await sendOk(a, room.id, 'one');
    await sendOk(a, room.id, 'two');
    ok(await read(b, room.id, m1));
    expect((await roomAsSeenBy(t.url, bob!.token, room.id)).unreadCount).toBe(1);
    expect((await roomAsSeenBy(t.url, carol!.token, room.id)).unreadCount).toBe(2);
    expect((await roomAsSeenBy(t.url, alice!.token, room.id)).unreadCount).toBe(0);
  });
});

describe('message status, as the sender sees it', () => {
  it('D11: sent → delivered when the recipient loads → read when they read', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    const room = await createDirectRoom(t.url, alice!.token, bob!.user.id);
    const a = await sockets.connect(alice!);
    const m1 = await sendOk(a, room.id, 'one');
    const m2 = await sendOk(a, room.id, 'two');
    expect(m1.status).toBe('sent');
    await deliveryFlushBarrier(t.url, alice!, a);
    expect(await statusFor(a, m1)).toBe('sent');
    expect(await statusFor(a, m2)).toBe('sent');

    const b = await sockets.connect(bob!);
    const delivered = nextEvent(a, 'messages:delivered:update', (u) => u.userId === bob!.user.id);
    await loadPage(b, room.id);
    expect(await delivered).toEqual({ roomId: room.id, userId: bob!.user.id, upToSeq: 2 });
    expect(await statusFor(a, m1)).toBe('delivered');
    expect(await statusFor(a, m2)).toBe('delivered');

    const readUpdate = nextEvent(a, 'messages:read:update');
    ok(await read(b, room.id, m1));
    await readUpdate;
    expect(await statusFor(a, m1)).toBe('read');
    expect(await statusFor(a, m2)).toBe('delivered');
  });

  it('D9: a recipient connected when it is sent: messages:delivered:update follows by itself, to the others', async () => {
    const { bob, room, a, b } = await directPair();
    const b2 = await sockets.connect(bob);
    const toSender = nextEvent(a, 'messages:delivered:update', (u) => u.userId === bob.user.id);
    const toRecipient = recordEvents(b, 'messages:delivered:update');
    const toRecipientsOtherDevice = recordEvents(b2, 'messages:delivered:update');
    const m = await sendOk(a, room.id, 'hi');
    expect(m.status).toBe('sent');
    expect(await toSender).toEqual({ roomId: room.id, userId: bob.user.id, upToSeq: m.seq });
    expect(await statusFor(a, m)).toBe('delivered');
    // Published to the room at once with the sender's copy: had Bob's devices been in its
    // audience, their copies would be written to them before these acks.
    await caughtUp(b, b2);
    const bobsOwn = (seen: { userId: string }[]) => seen.filter((u) => u.userId === bob.user.id);
    expect(bobsOwn(toRecipient.seen)).toEqual([]);
    expect(bobsOwn(toRecipientsOtherDevice.seen)).toEqual([]);
  });

  it('D9: a recipient who syncs after being offline marks it delivered', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    const room = await createDirectRoom(t.url, alice!.token, bob!.user.id);
    const a = await sockets.connect(alice!);
    const m = await sendOk(a, room.id, 'while you were out');
    await deliveryFlushBarrier(t.url, alice!, a);
    expect(await statusFor(a, m)).toBe('sent');
    const b = await sockets.connect(bob!);
    const delivered = nextEvent(a, 'messages:delivered:update', (u) => u.userId === bob!.user.id);
    ok(await request(b, 'messages:sync', { rooms: [{ roomId: room.id, afterSeq: 0 }] }));
    expect(await delivered).toMatchObject({ userId: bob!.user.id, upToSeq: m.seq });
    expect(await statusFor(a, m)).toBe('delivered');
  });

  it('D11: in a group: delivered once every other member got it, read once every other member read it', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const a = await sockets.connect(alice!);
    const b = await sockets.connect(bob!);
    const bobDelivered = nextEvent(
      a,
      'messages:delivered:update',
      (u) => u.userId === bob!.user.id,
    );
    const m = await sendOk(a, room.id, 'hello group');
    expect(await bobDelivered).toMatchObject({ userId: bob!.user.id, upToSeq: m.seq });
    expect(await statusFor(a, m)).toBe('sent');

    const c = await sockets.connect(carol!);
    const carolDelivered = nextEvent(
      a,
      'messages:delivered:update',
      (u) => u.userId === carol!.user.id,
    );
    await loadPage(c, room.id);
    expect(await carolDelivered).toMatchObject({ userId: carol!.user.id, upToSeq: m.seq });
    expect(await statusFor(a, m)).toBe('delivered');

    ok(await read(b, room.id, m));
    expect(await statusFor(a, m)).toBe('delivered');
    ok(await read(c, room.id, m));
    expect(await statusFor(a, m)).toBe('read');
    // Reading one's own message does not count for anything.
    ok(await read(a, room.id, m));
    expect(await statusFor(a, m)).toBe('read');
  });

  it('D11: the sender’s own read of their message does not make it read', async () => {
    const { room, a } = await directPair();
    const m = await sendOk(a, room.id, 'mine');
    ok(await read(a, room.id, m));
    expect(await statusFor(a, m)).not.toBe('read');
  });
});

describe('receipts in load and sync answers', () => {
  it('D11: carry every member’s marks, including a read given while the reader’s partner was away', async () => {
    const { alice, bob, room, a, b } = await directPair();
    const first = await sendOk(a, room.id, 'while you were out');
    const page = await loadPage(a, room.id);
    a.close();

    ok(await read(b, room.id, first));
    const again = await sockets.connect(alice);
    const [synced] = ok(
      await request(again, 'messages:sync', {
        rooms: [{ roomId: room.id, afterSeq: first.seq, changesSince: page.changesCursor }],
      }),
    ).rooms;
    const byUser = <T extends { userId: string }>(receipts: readonly T[]) =>
      [...receipts].sort((x, y) => x.userId.localeCompare(y.userId));
    expect(byUser(synced?.receipts ?? [])).toEqual(
      byUser([
        { userId: alice.user.id, lastReadSeq: 0, lastDeliveredSeq: expect.any(Number) },
        { userId: bob.user.id, lastReadSeq: 1, lastDeliveredSeq: 1 },
      ]),
    );
    expect((await loadPage(again, room.id)).receipts).toContainEqual({
      userId: bob.user.id,
      lastReadSeq: 1,
      lastDeliveredSeq: 1,
    });
  });
});
