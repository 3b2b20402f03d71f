import { CLIENT_FEATURES } from '@natter/protocol';
import type { Message, ReadBatch, ReadUpdate, Room } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp } from './helpers/barrier.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  request,
} from './helpers/clients.js';
import {
  closeSocket,
  connectReady,
  eventually,
  loadPage,
  registerUsers,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets } = useSocketTestServer();

/** Sockets of a room on one node from which its reads are gathered (the server's threshold). */
const LARGE_ROOM_ONLINE = 100;
/** Online beyond the threshold, so the room stays large while a few members leave or log off. */
const SPARE = 10;

/** Connects with the features the SDK announces, and waits until the socket is set up. */
const connectTakingBatches = (user: TestUser) =>
  connectReady(t.url, user.token, { features: [...CLIENT_FEATURES] });

/** A client written from PROTOCOL.md alone: no `auth.features`. */
const connectAsOldClient = (user: TestUser) => connectReady(t.url, user.token);

/** What a socket has learnt of others' reads in one room, from both events, as the SDK applies them. */
function readsSeenBy(socket: ClientSocket, roomId: string) {
  const marks = new Map<string, number>();
  const batches: ReadBatch[] = [];
  const updates: ReadUpdate[] = [];
  const raise = (userId: string, seq: number) =>
    marks.set(userId, Math.max(marks.get(userId) ?? 0, seq));
  socket.on('messages:read:update', (update) => {
    if (update.roomId !== roomId) return;
    updates.push(update);
    raise(update.userId, update.upToSeq);
  });
  socket.on('messages:read:batch', (batch) => {
    if (batch.roomId !== roomId) return;
    batches.push(batch);
    for (const read of batch.reads) raise(read.userId, read.upToSeq);
  });
  return { marks, batches, updates, batchedReaders: () => batches.flatMap((b) => b.reads) };
}

const read = async (socket: ClientSocket, roomId: string, message: Pick<Message, 'id'>) =>
  ok(await request(socket, 'messages:read', { roomId, upToMessageId: message.id }));

const setReadReceipts = async (user: TestUser, readReceipts: boolean) => {
  const { status } = await http(t.url, 'PUT', '/api/me/privacy', {
    token: user.token,
    body: { readReceipts },
  });
  expect(status).toBe(200);
};

describe('read receipts in a room with 100 members online', () => {
  let members: TestUser[];
  let room: Room;
  /** `online[i]` is `members[i]`'s socket; 0 takes batches, 1 is an old client. */
  let online: ClientSocket[];
  /** Members 2 to 91: readers and bystanders that no test changes. */
  let crowd: { user: TestUser; socket: ClientSocket }[];

  beforeAll(async () => {
    members = await registerUsers(
      t.url,
      Array.from({ length: LARGE_ROOM_ONLINE + SPARE + 1 }, (_, i) => `reader${i}`),
    );
    const [owner, ...others] = members;
    room = await createGroupRoom(
      t.url,
      owner!.token,
      others.map((m) => m.user.id),
    );
    // Everyone but the last member is online, on one socket each, for the whole file.
    online = [await connectTakingBatches(owner!), await connectAsOldClient(members[1]!)];
    const rest = members.slice(2, LARGE_ROOM_ONLINE + SPARE);
    for (let i = 0; i < rest.length; i += 25) {
      online.push(...(await Promise.all(rest.slice(i, i + 25).map(connectTakingBatches))));
    }
    crowd = members.slice(2, 92).map((user, i) => ({ user, socket: online[i + 2]! }));
  }, 120_000);
  afterAll(() => {
    for (const socket of online) socket.close();
  });

  it('90 members reading a message reach a member as a few messages:read:batch events, stored at once', async () => {
    const [observer] = online;
    const seen = readsSeenBy(observer!, room.id);
    const bystander = readsSeenBy(crowd[0]!.socket, room.id);
    const message = await sendOk(observer!, room.id, 'please read');

    await Promise.all(crowd.map(({ socket }) => read(socket, room.id, message)));
    // Every ack means the mark is stored: a load right after it carries them all.
    const page = await loadPage(observer!, room.id);
    for (const { user } of crowd) {
      expect(page.receipts.find((r) => r.userId === user.user.id)?.lastReadSeq).toBe(message.seq);
    }

    const readerIds = crowd.map(({ user }) => user.user.id);
    const allSeen = (marks: Map<string, number>) =>
      readerIds.every((id) => marks.get(id) === message.seq);
    await eventually(async () => allSeen(seen.marks) && allSeen(bystander.marks), {
      timeoutMs: 10_000,
    });
    // O(changes): a handful of packets for 90 reads, and no single update among them.
    expect(seen.updates).toEqual([]);
    expect(seen.batches.length).toBeLessThanOrEqual(crowd.length / 10);
    // The bystander heard its own read alone, at once, and the others' in the batches.
    expect(bystander.updates.map((u) => u.userId)).toEqual([crowd[0]!.user.user.id]);
    expect(bystander.batches.length).toBeLessThanOrEqual(crowd.length / 10);
    expect(seen.batchedReaders()).toContainEqual({
      userId: readerIds[1],
      upToMessageId: message.id,
      upToSeq: message.seq,
    });
  }, 30_000);

  it('a reader’s own devices hear of their read as a single messages:read:update, not in a batch', async () => {
    const [observer] = online;
    const { user, socket } = crowd[1]!;
    const otherDevice = await sockets.connect(user);
    const message = await sendOk(observer!, room.id, 'read me on two devices');
    const ownUpdate = (s: ClientSocket) =>
      nextEvent(s, 'messages:read:update', (u) => u.userId === user.user.id);
    const [here, there] = await Promise.all([
      ownUpdate(socket),
      ownUpdate(otherDevice),
      read(socket, room.id, message),
    ]);
    const expected = {
      roomId: room.id,
      userId: user.user.id,
      upToMessageId: message.id,
      upToSeq: message.seq,
    };
    expect(here).toEqual(expected);
    expect(there).toEqual(expected);
  });

  it('a client that did not announce messages:read:batch gets the messages:read:updates it stands for', async () => {
    const [observer, oldClient] = online;
    const seen = readsSeenBy(oldClient!, room.id);
    const readers = crowd.slice(0, 20);
    const message = await sendOk(observer!, room.id, 'old clients read too');
    await Promise.all(readers.map(({ socket }) => read(socket, room.id, message)));
    await eventually(
      async () => readers.every(({ user }) => seen.marks.get(user.user.id) === message.seq),
      { timeoutMs: 10_000 },
    );
    expect(seen.updates).toContainEqual({
      roomId: room.id,
      userId: readers[0]!.user.user.id,
      upToMessageId: message.id,
      upToSeq: message.seq,
    });
    expect(seen.updates.filter((u) => u.upToSeq === message.seq)).toHaveLength(readers.length);
  });

  it('reads of a member who does not share them, or stopped sharing before the flush, are never batched', async () => {
    const [observer] = online;
    const [hidden, stopping, witness] = crowd.slice(30, 33);
    const seen = readsSeenBy(observer!, room.id);
    await setReadReceipts(hidden!.user, false);
    try {
      const message = await sendOk(observer!, room.id, 'who read this?');
      const ownUpdate = nextEvent(hidden!.socket, 'messages:read:update', (u) => {
        return u.userId === hidden!.user.user.id && u.upToSeq === message.seq;
      });
      await read(hidden!.socket, room.id, message);
      await ownUpdate;
      // Shared when gathered; turned off within the batch's second.
      await read(stopping!.socket, room.id, message);
      await setReadReceipts(stopping!.user, false);
      await read(witness!.socket, room.id, message);
      await eventually(async () => seen.marks.get(witness!.user.user.id) === message.seq, {
        timeoutMs: 5000,
      });
      const batched = seen.batchedReaders().map((r) => r.userId);
      expect(batched).not.toContain(hidden!.user.user.id);
      expect(batched).not.toContain(stopping!.user.user.id);
      expect(seen.updates).toEqual([]);
    } finally {
      await setReadReceipts(hidden!.user, true);
      await setReadReceipts(stopping!.user, true);
    }
  });

  it('a member with read receipts off receives no batch, while the others do', async () => {
    const [observer] = online;
    const [receiver, ...readers] = crowd.slice(40, 50);
    await setReadReceipts(receiver!.user, false);
    try {
      const toReceiver = readsSeenBy(receiver!.socket, room.id);
      const toObserver = readsSeenBy(observer!, room.id);
      const message = await sendOk(observer!, room.id, 'read receipts off');
      await Promise.all(readers.map(({ socket }) => read(socket, room.id, message)));
      await eventually(
        async () => readers.every(({ user }) => toObserver.marks.get(user.user.id) === message.seq),
        { timeoutMs: 5000 },
      );
      // The batch went out to the room in one emit: the receiver's connection has it by now.
      await caughtUp(receiver!.socket);
      expect(toReceiver.batches).toEqual([]);
      expect(toReceiver.updates).toEqual([]);
    } finally {
      await setReadReceipts(receiver!.user, true);
    }
  });

  it('a member who leaves before the flush is neither told nor told of', async () => {
    const [observer] = online;
    const [leaver, witness] = [online[LARGE_ROOM_ONLINE + SPARE - 1]!, crowd[60]!];
    const leaverId = members[LARGE_ROOM_ONLINE + SPARE - 1]!.user.id;
    const toObserver = readsSeenBy(observer!, room.id);
    const toLeaver = readsSeenBy(leaver, room.id);
    const message = await sendOk(observer!, room.id, 'read, then leave');
    await read(leaver, room.id, message);
    await read(witness.socket, room.id, message);
    const removed = nextEvent(leaver, 'room:removed', (r) => r.roomId === room.id);
    const leaving = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${leaverId}`, {
      token: members[LARGE_ROOM_ONLINE + SPARE - 1]!.token,
    });
    expect(leaving.status).toBe(204);
    await removed;
    await eventually(async () => toObserver.marks.get(witness.user.user.id) === message.seq, {
      timeoutMs: 5000,
    });
    await caughtUp(leaver);
    expect(toObserver.batchedReaders().map((r) => r.userId)).not.toContain(leaverId);
    expect(toLeaver.batches).toEqual([]);
  });

  it('a read that moves the delivered mark tells the sender, as large rooms’ deliveries do', async () => {
    const [sender] = online;
    const { user, socket } = crowd[70]!;
    // Away while the message arrives (the room stays large), back without syncing: only the
    // read says it was received.
    await closeSocket(socket);
    const message = await sendOk(sender!, room.id, 'you were away');
    const back = await sockets.connect(user);
    const delivered = nextEvent(
      sender!,
      'messages:delivered:update',
      (u) => u.userId === user.user.id && u.upToSeq === message.seq,
    );
    await read(back, room.id, message);
    expect(await delivered).toEqual({
      roomId: room.id,
      userId: user.user.id,
      upToSeq: message.seq,
    });
    const page = await loadPage(sender!, room.id);
    expect(page.receipts.find((r) => r.userId === user.user.id)).toMatchObject({
      lastReadSeq: message.seq,
      lastDeliveredSeq: message.seq,
    });
  });

  it('reading an older message again tells nobody; a stranger or another room’s message is refused', async () => {
    const [observer] = online;
    const { socket } = crowd[80]!;
    const first = await sendOk(observer!, room.id, 'first');
    const second = await sendOk(observer!, room.id, 'second');
    const toldOnce = nextEvent(observer!, 'messages:read:batch', (b) =>
      b.reads.some((r) => r.userId === crowd[80]!.user.user.id && r.upToSeq === second.seq),
    );
    await read(socket, room.id, second);
    await toldOnce;
    const seen = readsSeenBy(observer!, room.id);
    const own = readsSeenBy(socket, room.id);
    await read(socket, room.id, first);
    // A later read's batch carries anything gathered before it.
    await read(crowd[81]!.socket, room.id, second);
    await eventually(async () => seen.marks.get(crowd[81]!.user.user.id) === second.seq, {
      timeoutMs: 5000,
    });
    await caughtUp(socket);
    expect(seen.batchedReaders().map((r) => r.userId)).not.toContain(crowd[80]!.user.user.id);
    expect(own.updates).toEqual([]);

    const [stranger] = await registerUsers(t.url, ['stranger']);
    const strangerSocket = await sockets.connect(stranger!);
    const refused = await request(strangerSocket, 'messages:read', {
      roomId: room.id,
      upToMessageId: second.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const elsewhere = await createDirectRoom(t.url, stranger!.token, crowd[80]!.user.user.id);
    const foreign = await sendOk(strangerSocket, elsewhere.id, 'not in the big room');
    const notFound = await request(socket, 'messages:read', {
      roomId: room.id,
      upToMessageId: foreign.id,
    });
    expect(notFound).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
