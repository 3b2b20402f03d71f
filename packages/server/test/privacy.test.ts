import type { Message, MessagesPage, PrivacySettings, SearchResponse } from '@natter/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectHttpError } from './helpers/authz-helpers.js';
import { barrier, caughtUp, messageBarrier } from './helpers/barrier.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  recordEvents,
  request,
} from './helpers/clients.js';
import type { TestCluster } from './helpers/cluster.js';
import { clusterCanRun, startCluster } from './helpers/cluster.js';
import {
  closeSocket,
  connectReady,
  eventually,
  loadPage,
  registerUsers,
  roomAsSeenBy,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';
import type { ScratchDatabase } from './helpers/scratch-database.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import { lockTable } from './helpers/sessions-lock.js';
import { createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

/**
 * Receipt and typing privacy (docs/protocol.md, Privacy): mutual, as in WhatsApp. A user who
 * turns read receipts off is never shown as having read anything, and sees nobody's reads; one
 * who turns typing indicators off is never shown typing, and sees nobody typing. Absences are
 * proven with barriers.
 */

const { t, sockets } = useSocketTestServer();

const putPrivacy = (url: string, token: string, body: unknown) =>
  http<PrivacySettings>(url, 'PUT', '/api/me/privacy', { token, body });

async function setPrivacy(user: TestUser, body: Partial<PrivacySettings>, url = t.url) {
  const { status, body: settings } = await putPrivacy(url, user.token, body);
  expect(status).toBe(200);
  return settings;
}

/** Alice and Bob in a direct room, a socket each, and a message from Alice to Bob. */
async function directChat() {
  const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
  if (!alice || !bob) throw new Error('registering failed');
  const room = await createDirectRoom(t.url, alice.token, bob.user.id);
  const a = await sockets.connect(alice);
  const b = await sockets.connect(bob);
  return { alice, bob, room, a, b };
}

/** Alice, Bob and Carol in a group, a socket each. */
async function groupChat() {
  const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
  if (!alice || !bob || !carol) throw new Error('registering failed');
  const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
  const [a, b, c] = await Promise.all([alice, bob, carol].map((u) => sockets.connect(u)));
  if (!a || !b || !c) throw new Error('connecting failed');
  return { alice, bob, carol, room, a, b, c };
}

const read = async (socket: ClientSocket, roomId: string, message: Pick<Message, 'id'>) =>
  ok(await request(socket, 'messages:read', { roomId, upToMessageId: message.id }));

const receiptOf = (page: Pick<MessagesPage, 'receipts'>, userId: string) =>
  page.receipts.find((r) => r.userId === userId);

const syncRoom = async (socket: ClientSocket, roomId: string) => {
  const [room] = ok(
    await request(socket, 'messages:sync', {
      rooms: [{ roomId, afterSeq: 0, changesSince: '0' }],
    }),
  ).rooms;
  if (!room) throw new Error('sync answered no room');
  return room;
};

describe('GET and PUT /api/me/privacy', () => {
  it('reads the defaults (both on), stores a change of either and reads it back', async () => {
    const [user] = await registerUsers(t.url, ['private']);
    if (!user) throw new Error('registering failed');
    const get = () => http<PrivacySettings>(t.url, 'GET', '/api/me/privacy', { token: user.token });
    expect((await get()).body).toEqual({ readReceipts: true, typingIndicators: true });
    expect(await setPrivacy(user, { readReceipts: false })).toEqual({
      readReceipts: false,
      typingIndicators: true,
    });
    expect(await setPrivacy(user, { typingIndicators: false })).toEqual({
      readReceipts: false,
      typingIndicators: false,
    });
    expect((await get()).body).toEqual({ readReceipts: false, typingIndicators: false });
  });

  it('refuses an empty change, an unknown field and a value not a boolean, naming the field', async () => {
    const [user] = await registerUsers(t.url, ['private']);
    if (!user) throw new Error('registering failed');
    expectHttpError(await putPrivacy(t.url, user.token, {}), 400, 'bad_request');
    const unknown = expectHttpError(
      await putPrivacy(t.url, user.token, { readReceipts: false, lastSeen: false }),
      400,
      'bad_request',
    );
    expect(unknown).toContain('lastSeen');
    const notBoolean = expectHttpError(
      await putPrivacy(t.url, user.token, { typingIndicators: 'off' }),
      400,
      'bad_request',
    );
    expect(notBoolean).toContain('typingIndicators');
    const { body } = await http<PrivacySettings>(t.url, 'GET', '/api/me/privacy', {
      token: user.token,
    });
    expect(body).toEqual({ readReceipts: true, typingIndicators: true });
  });

  it('answers 401 without a session and refuses website visitors', async () => {
    expectHttpError(await http(t.url, 'GET', '/api/me/privacy'), 401, 'unauthorized');
    const server = { url: t.url, server: t.server, close: () => Promise.resolve() };
    const admin = await registerAdmin(server);
    const visitor = await startVisitor(server, await createSite(server, admin));
    expectHttpError(
      await http(t.url, 'GET', '/api/me/privacy', { token: visitor.token }),
      403,
      'forbidden',
    );
    expectHttpError(
      await putPrivacy(t.url, visitor.token, { readReceipts: false }),
      403,
      'forbidden',
    );
  });
});

describe('read receipts off', () => {
  it('nobody learns when the user read: no read event, no read mark, no `read` status anywhere', async () => {
    const { alice, bob, room, a, b } = await directChat();
    await setPrivacy(bob, { readReceipts: false });
    const bobsOtherDevice = await sockets.connect(bob);
    const message = await sendOk(a, room.id, 'did you read this?');

    const toAlice = recordEvents(a, 'messages:read:update');
    const ownDevice = nextEvent(
      bobsOtherDevice,
      'messages:read:update',
      (u) => u.roomId === room.id,
    );
    await read(b, room.id, message);
    // Bob's own devices follow his read mark; Alice hears nothing of it.
    expect(await ownDevice).toMatchObject({ userId: bob.user.id, upToSeq: message.seq });
    await messageBarrier(b, room.id, a);
    toAlice.stop();
    expect(toAlice.seen).toEqual([]);

    // His own view keeps his mark: nothing unread.
    const bobsRoom = await roomAsSeenBy(t.url, bob.token, room.id);
    expect(bobsRoom.unreadCount).toBe(0);
    expect(bobsRoom.lastReadSeq).toBe(message.seq);

    // Alice's history, sync, rooms list and search: delivered at most, his read mark 0.
    const page = await loadPage(a, room.id);
    expect(page.messages.find((m) => m.id === message.id)?.status).toBe('delivered');
    expect(receiptOf(page, bob.user.id)).toMatchObject({ lastReadSeq: 0 });
    expect(receiptOf(page, bob.user.id)?.lastDeliveredSeq).toBeGreaterThanOrEqual(message.seq);
    const synced = await syncRoom(a, room.id);
    expect(synced.messages.find((m) => m.id === message.id)?.status).toBe('delivered');
    expect(receiptOf(synced, bob.user.id)).toMatchObject({ lastReadSeq: 0 });
    const aliceRooms = await roomAsSeenBy(t.url, alice.token, room.id);
    expect(aliceRooms.lastMessage?.status).not.toBe('read');
    const found = await http<SearchResponse>(
      t.url,
      'GET',
      `/api/search?q=${encodeURIComponent('did you read')}`,
      { token: alice.token },
    );
    expect(found.body.results.map((r) => [r.message.id, r.message.status])).toContainEqual([
      message.id,
      'delivered',
    ]);

    // A change to the message, sent to the whole room, does not say `read` either.
    const updated = nextEvent(a, 'message:updated', (m) => m.id === message.id);
    ok(await request(a, 'message:edit', { messageId: message.id, content: 'did you read it?' }));
    expect((await updated).status).toBe('delivered');
  });

  it('the user sees nobody’s reads: no read event for them, others’ read marks 0 in what they load', async () => {
    const { alice, bob, carol, room, a, b, c } = await groupChat();
    await setPrivacy(bob, { readReceipts: false });
    const message = await sendOk(b, room.id, 'from Bob');

    const toBob = recordEvents(b, 'messages:read:update');
    const toCarol = nextEvent(c, 'messages:read:update', (u) => u.userId === alice.user.id);
    await read(a, room.id, message);
    await read(c, room.id, message);
    // Carol, who shares, hears of Alice's read; Bob hears of nobody's.
    expect(await toCarol).toMatchObject({ roomId: room.id, upToSeq: message.seq });
    await caughtUp(b);
    await messageBarrier(a, room.id, b);
    toBob.stop();
    expect(toBob.seen).toEqual([]);

    const page = await loadPage(b, room.id);
    expect(page.messages.find((m) => m.id === message.id)?.status).toBe('delivered');
    expect(receiptOf(page, alice.user.id)).toMatchObject({ lastReadSeq: 0 });
    expect(receiptOf(page, carol.user.id)).toMatchObject({ lastReadSeq: 0 });
    // Carol shares, and so does Alice: she sees Alice's read mark, and nothing of Bob's.
    const carols = await loadPage(c, room.id);
    expect(receiptOf(carols, alice.user.id)?.lastReadSeq).toBeGreaterThanOrEqual(message.seq);
  });

  it('takes effect on connected sockets at once, both ways, and turns back', async () => {
    const { bob, room, a, b } = await directChat();
    const first = await sendOk(b, room.id, 'one');

    // Off: Bob's open socket stops hearing Alice's reads.
    await setPrivacy(bob, { readReceipts: false });
    const toBob = recordEvents(b, 'messages:read:update');
    await read(a, room.id, first);
    await messageBarrier(a, room.id, b);
    toBob.stop();
    expect(toBob.seen).toEqual([]);

    // On again: the same socket hears the next one.
    await setPrivacy(bob, { readReceipts: true });
    const second = await sendOk(b, room.id, 'two');
    const heard = nextEvent(b, 'messages:read:update', (u) => u.upToSeq === second.seq);
    await read(a, room.id, second);
    expect(await heard).toMatchObject({ roomId: room.id });
  });

  it('a read that also delivers still shows the sender the delivery', async () => {
    const { bob, room, a, b } = await directChat();
    await setPrivacy(bob, { readReceipts: false });
    // Sent while Bob is away, so no device of his is handed it: his first word of it is the read.
    await closeSocket(b);
    const message = await sendOk(a, room.id, 'while you were out');
    const later = await sockets.connect(bob);
    const delivered = nextEvent(a, 'messages:delivered:update');
    await read(later, room.id, message);
    expect(await delivered).toEqual({ roomId: room.id, userId: bob.user.id, upToSeq: message.seq });
  });

  it('holds for a socket that connects after the change', async () => {
    const { bob, room, a, b } = await directChat();
    await setPrivacy(bob, { readReceipts: false });
    await closeSocket(b);
    const later = await sockets.connect(bob);
    const message = await sendOk(later, room.id, 'hello');
    const toBob = recordEvents(later, 'messages:read:update');
    await read(a, room.id, message);
    await messageBarrier(a, room.id, later);
    toBob.stop();
    expect(toBob.seen).toEqual([]);
  });
});

/**
 * A change committed while a socket is mid-handshake: the socket was not yet in its user channel
 * when the change moved that channel, so the handshake's second read must catch it. The handshake
 * is held (the `room_members` table locked: its session and privacy reads are done, its rooms read
 * waits) on a scratch database of the test's own, so server-postgres only.
 */
describe.skipIf(testDriver !== 'postgres')('a change racing a connect', () => {
  let database: ScratchDatabase;
  let node: TestServer;
  const open: ClientSocket[] = [];
  beforeAll(async () => {
    database = await createScratchDatabase('natter_privacy_race');
    node = await startTestServer({ databaseUrl: database.url });
  });
  afterAll(async () => {
    for (const socket of open.splice(0)) socket.close();
    await node?.close();
    await database?.drop();
  });

  it('read receipts turned off while a socket is mid-handshake are off for that socket', async () => {
    const [alice, bob] = await registerUsers(node.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('registering failed');
    const room = await createDirectRoom(node.url, alice.token, bob.user.id);
    const a = await connectReady(node.url, alice.token);
    open.push(a);

    const lock = await lockTable(database.url, 'room_members');
    let connecting: Promise<ClientSocket> | undefined;
    try {
      connecting = connect(node.url, bob.token);
      await eventually(async () => (await lock.waiting()) > 0);
      await setPrivacy(bob, { readReceipts: false }, node.url);
    } finally {
      await lock.release();
    }
    const b = await connecting;
    open.push(b);
    await caughtUp(b);
    const message = await sendOk(b, room.id, 'mid-handshake');
    const reads = recordEvents(b, 'messages:read:update');
    await read(a, room.id, message);
    await messageBarrier(a, room.id, b);
    reads.stop();
    expect(reads.seen).toEqual([]);
  });
});

describe('typing indicators off', () => {
  it('the user is never shown typing and sees nobody typing; others still see each other', async () => {
    const { bob, carol, room, a, b, c } = await groupChat();
    await setPrivacy(bob, { typingIndicators: false });

    const toAlice = recordEvents(a, 'typing:update');
    const toBob = recordEvents(b, 'typing:update');
    b.emit('typing:start', { roomId: room.id });
    await caughtUp(b);
    // Carol's typing reaches Alice, after anything Bob's would have; none of it reaches Bob.
    const carolTyping = nextEvent(a, 'typing:update', (u) => u.userId === carol.user.id);
    c.emit('typing:start', { roomId: room.id });
    await carolTyping;
    await messageBarrier(c, room.id, b);
    toAlice.stop();
    toBob.stop();
    // Carol's start, and her stop as her message went out: nothing of Bob's.
    expect(toAlice.seen.map((u) => [u.userId, u.isTyping])).toEqual([
      [carol.user.id, true],
      [carol.user.id, false],
    ]);
    expect(toBob.seen).toEqual([]);
  });

  it('takes effect on a connected socket at once, and turns back', async () => {
    const { alice, bob, room, a, b } = await directChat();
    await setPrivacy(bob, { typingIndicators: false });
    const toAlice = recordEvents(a, 'typing:update');
    b.emit('typing:start', { roomId: room.id });
    await caughtUp(b);
    await messageBarrier(b, room.id, a);
    toAlice.stop();
    expect(toAlice.seen).toEqual([]);

    await setPrivacy(bob, { typingIndicators: true });
    await barrier(
      () => b.emit('typing:start', { roomId: room.id }),
      nextEvent(a, 'typing:update', (u) => u.userId === bob.user.id && u.isTyping),
    );
    await barrier(
      () => a.emit('typing:start', { roomId: room.id }),
      nextEvent(b, 'typing:update', (u) => u.userId === alice.user.id && u.isTyping),
    );
  });
});

describe.skipIf(!clusterCanRun)('privacy across nodes', () => {
  let cluster: TestCluster | undefined;
  const open: ClientSocket[] = [];
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 2 });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => cluster?.close());

  it('a change made through one node holds for the user’s sockets on another, at once', async () => {
    const [nodeA, nodeB] = cluster?.nodes ?? [];
    if (!nodeA || !nodeB) throw new Error('the cluster is not started');
    const [alice, bob] = await registerUsers(nodeA.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('registering failed');
    const room = await createDirectRoom(nodeA.url, alice.token, bob.user.id);
    const aliceOnA = await connectReady(nodeA.url, alice.token);
    const bobOnB = await connectReady(nodeB.url, bob.token);
    open.push(aliceOnA, bobOnB);
    const message = await sendOk(bobOnB, room.id, 'across');

    // Bob turns both off through node A; his socket is on node B.
    await setPrivacy(bob, { readReceipts: false, typingIndicators: false }, nodeA.url);
    const reads = recordEvents(bobOnB, 'messages:read:update');
    const typing = recordEvents(bobOnB, 'typing:update');
    const typingOfBob = recordEvents(aliceOnA, 'typing:update');
    await read(aliceOnA, room.id, message);
    aliceOnA.emit('typing:start', { roomId: room.id });
    bobOnB.emit('typing:start', { roomId: room.id });
    await caughtUp(aliceOnA, bobOnB);
    await messageBarrier(aliceOnA, room.id, bobOnB);
    await messageBarrier(bobOnB, room.id, aliceOnA);
    for (const recorder of [reads, typing, typingOfBob]) recorder.stop();
    expect(reads.seen).toEqual([]);
    expect(typing.seen).toEqual([]);
    expect(typingOfBob.seen).toEqual([]);
  });
});
