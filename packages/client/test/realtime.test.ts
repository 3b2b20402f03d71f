import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  http,
  ok,
  registerUser,
  sendText,
} from '../../server/test/helpers/clients.js';
import type { ClientSocket } from '../../server/test/helpers/clients.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import type { Room } from '@natter/protocol';
import {
  NatterError,
  createNatterClient,
  login,
  selectTimeline,
  selectTypingUsers,
} from '../src/index.js';
import { clientPool, fastSockets, storeTypingBarrier, waitForState } from './helpers/sdk.js';

let t: TestServer;
const clients = clientPool();
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  clients.closeAll();
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => t.close());

async function pair() {
  const alice = await registerUser(t.url, 'alice');
  const bob = await registerUser(t.url, 'bob');
  const room = await createDirectRoom(t.url, alice.token, bob.user.id);
  const a = await clients.connect(t.url, alice.token);
  const b = await clients.connect(t.url, bob.token);
  return { alice, bob, room, a, b };
}

async function rawSocket(token: string) {
  const socket = await connect(t.url, token);
  sockets.push(socket);
  return socket;
}

describe('typing', () => {
  it("shows Alice typing on Bob's side until she sends", async () => {
    const { alice, room, a, b } = await pair();
    a.typing.input(room.id);
    a.typing.input(room.id);
    await waitForState(
      b,
      (s) => selectTypingUsers(s, room.id).includes(alice.user.id),
      'typing shown',
    );
    a.send(room.id, 'done typing');
    await waitForState(b, (s) => selectTypingUsers(s, room.id).length === 0, 'typing gone');
    expect(selectTimeline(b.getState(), room.id)).toHaveLength(1);
  });
});

describe('read marks', () => {
  it('drop the unread count at once, tick the sender, and only move forward', async () => {
    const { bob, room, a, b } = await pair();
    for (const text of ['one', 'two', 'three']) b.send(room.id, text);
    await waitForState(a, (s) => s.rooms[room.id]?.unreadCount === 3, 'three unread');
    const [first, second] = selectTimeline(a.getState(), room.id);

    a.markRead(room.id, second!.id!);
    expect(a.getState().rooms[room.id]).toMatchObject({ unreadCount: 1, lastReadSeq: 2 });
    await waitForState(
      b,
      (s) =>
        selectTimeline(s, room.id)
          .map((m) => m.status)
          .join() === 'read,read,delivered',
      'read ticks for bob',
    );

    a.markRead(room.id, first!.id!);
    await storeTypingBarrier(b.socket, room.id, a);
    expect(a.getState().rooms[room.id]).toMatchObject({ unreadCount: 1, lastReadSeq: 2 });
    const rooms = await http<{ rooms: Room[] }>(t.url, 'GET', '/api/rooms', { token: bob.token });
    expect(rooms.body.rooms.find((r) => r.id === room.id)?.lastMessage?.status).toBe('delivered');
  });
});

describe('history', () => {
  it('pages back through a room with the opaque cursor, each message once', async () => {
    const { alice, bob, room } = await pair();
    const socket = await rawSocket(bob.token);
    for (let i = 1; i <= 120; i++) ok(await sendText(socket, room.id, `m${i}`));
    const fresh = await clients.connect(t.url, alice.token, { historyPageSize: 50 });
    const seqs = () => selectTimeline(fresh.getState(), room.id).map((m) => m.seq);

    expect(await fresh.history.loadOlder(room.id)).toEqual({ hasMore: true });
    expect(seqs()).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect(await fresh.history.loadOlder(room.id)).toEqual({ hasMore: true });
    expect(await fresh.history.loadOlder(room.id)).toEqual({ hasMore: false });
    expect(fresh.history.hasOlder(room.id)).toBe(false);
    expect(await fresh.history.loadOlder(room.id)).toEqual({ hasMore: false });
    expect(seqs()).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });

  it('shares a page already on its way instead of asking twice', async () => {
    const { room, a } = await pair();
    const [one, two] = [a.history.loadOlder(room.id), a.history.loadOlder(room.id)];
    expect(one).toBe(two);
    await one;
  });
});

describe('edits and deletes', () => {
  it('reach both sides, a delete as a tombstone', async () => {
    const { room, a, b } = await pair();
    const clientId = a.send(room.id, 'draft');
    await waitForState(a, (s) => s.outbox[room.id] === undefined, 'sent');
    await waitForState(b, (s) => selectTimeline(s, room.id).length === 1, 'bob gets it');
    const id = selectTimeline(a.getState(), room.id).find((m) => m.clientId === clientId)!.id!;

    const edited = await a.editMessage(id, 'final');
    expect(edited.editedAt).toBeDefined();
    expect(selectTimeline(a.getState(), room.id)[0]?.content).toBe('final');
    await waitForState(b, (s) => selectTimeline(s, room.id)[0]?.content === 'final', 'edit');

    await a.deleteMessage(id);
    expect(selectTimeline(a.getState(), room.id)[0]).toMatchObject({ content: '' });
    const deleted = await waitForState(
      b,
      (s) => selectTimeline(s, room.id)[0]?.deletedAt !== undefined,
      'tombstone',
    );
    expect(selectTimeline(deleted, room.id)[0]?.content).toBe('');
    expect(deleted.rooms[room.id]?.lastMessage).toMatchObject({ id, content: '' });
  });

  it("gives every member's tombstone the stored deletedAt, as a fresh load shows it", async () => {
    const { room, a, b } = await pair();
    a.send(room.id, 'to go');
    await waitForState(a, (s) => selectTimeline(s, room.id)[0]?.status !== 'sending', 'acked');
    await waitForState(b, (s) => selectTimeline(s, room.id).length === 1, 'arrives');
    const id = selectTimeline(b.getState(), room.id)[0]!.id!;
    await a.deleteMessage(id);
    const deleted = await waitForState(
      b,
      (s) => selectTimeline(s, room.id)[0]?.deletedAt !== undefined,
      'tombstone',
    );
    const { rooms } = await b.request('messages:sync', {
      rooms: [{ roomId: room.id, afterSeq: 0 }],
    });
    const stored = rooms[0]?.messages.find((m) => m.id === id)?.deletedAt;
    expect(stored).toBeDefined();
    // Found by the soak (#16): each client stamped the tombstone with its own clock.
    expect(selectTimeline(deleted, room.id)[0]?.deletedAt).toBe(stored);
    expect(selectTimeline(a.getState(), room.id)[0]?.deletedAt).toBe(stored);
  });

  it("rejects editing someone else's message with a typed error", async () => {
    const { room, a, b } = await pair();
    b.send(room.id, 'mine');
    await waitForState(a, (s) => selectTimeline(s, room.id).length === 1, 'arrives');
    const id = selectTimeline(a.getState(), room.id)[0]!.id!;
    await expect(a.editMessage(id, 'hijack')).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('rooms and presence', () => {
  it('opens a direct room that both sides see, with presence', async () => {
    const alice = await registerUser(t.url, 'alice');
    const bob = await registerUser(t.url, 'bob');
    const a = await clients.connect(t.url, alice.token);
    const b = await clients.connect(t.url, bob.token);
    const room = await a.rooms.openDirect(bob.user.id);
    expect(a.getState().rooms[room.id]).toBeDefined();
    await waitForState(b, (s) => s.rooms[room.id] !== undefined, 'room:new');

    // Presence loads right after the catch-up, without holding it up.
    const b2 = await clients.connect(t.url, bob.token);
    await waitForState(b2, (s) => s.presence[alice.user.id]?.online === true, 'alice online');
    a.close();
    const offline = await waitForState(
      b2,
      (s) => s.presence[alice.user.id]?.online === false,
      'alice offline',
    );
    expect(offline.presence[alice.user.id]?.lastSeenAt).toBeDefined();
  });
});

describe('errors', () => {
  it('answers HTTP errors as NatterError with code and status', async () => {
    const alice = await registerUser(t.url, 'alice');
    const a = clients.create(t.url, alice.token);
    const error = await a.api.getRoom('no-such-room').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatterError);
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('refuses a bad token: connect() rejects with unauthorized', async () => {
    const client = createNatterClient({
      baseUrl: t.url,
      token: 'not-a-token',
      socketOptions: fastSockets,
    });
    await expect(client.connect()).rejects.toMatchObject({ code: 'unauthorized' });
    expect(client.getState().connection.status).toBe('unauthorized');
    client.close();
  });

  it('login() gives a token the client connects with', async () => {
    const alice = await registerUser(t.url, 'alice');
    const auth = await login({
      baseUrl: t.url,
      username: alice.user.username,
      password: alice.password,
    });
    const client = await clients.connect(t.url, auth.token);
    expect(client.getState().me).toEqual(alice.user);
    await expect(
      login({ baseUrl: t.url, username: alice.user.username, password: 'wrong password' }),
    ).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('reports a network failure as a NatterError', async () => {
    const error = await login({
      baseUrl: 'http://127.0.0.1:1',
      username: 'nobody',
      password: 'whatever1',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network' });
  });
});
