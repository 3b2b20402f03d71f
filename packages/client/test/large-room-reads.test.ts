import { CLIENT_FEATURES } from '@natter/protocol';
import type { ReadBatch, ReadUpdate } from '@natter/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../../server/test/helpers/clients.js';
import {
  connect,
  createGroupRoom,
  ok,
  registerUser,
  request,
} from '../../server/test/helpers/clients.js';
import { registerUsers } from '../../server/test/helpers/message-helpers.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { selectTimeline } from '../src/index.js';
import { clientPool, until, waitForState } from './helpers/sdk.js';

/** Members online from which a room's reads are gathered (the server's threshold). */
const LARGE_ROOM_ONLINE = 100;

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

/** A socket that announces what the SDK announces, set up once the answer comes. */
async function connectAsTheSdkDoes(token: string): Promise<ClientSocket> {
  const socket = await connect(t.url, token, { features: [...CLIENT_FEATURES] });
  sockets.push(socket);
  ok(await request(socket, 'presence:get', { userIds: [] }));
  return socket;
}

describe('reads in a large room', () => {
  it('the SDK applies messages:read:batch: its message turns read once every member has read it', async () => {
    const alice = await registerUser(t.url, 'alice');
    const members = await registerUsers(
      t.url,
      Array.from({ length: LARGE_ROOM_ONLINE }, (_, i) => `member${i}`),
    );
    const room = await createGroupRoom(
      t.url,
      alice.token,
      members.map((m) => m.user.id),
    );
    const online: ClientSocket[] = [];
    for (let i = 0; i < members.length; i += 25) {
      const group = members.slice(i, i + 25);
      online.push(...(await Promise.all(group.map((m) => connectAsTheSdkDoes(m.token)))));
    }
    const a = await clients.connect(t.url, alice.token);
    // Another device of Alice's, announcing what the SDK announces: what the SDK is sent too.
    const twin = await connectAsTheSdkDoes(alice.token);
    const updates: ReadUpdate[] = [];
    const batches: ReadBatch[] = [];
    twin.on('messages:read:update', (update) => updates.push(update));
    twin.on('messages:read:batch', (batch) => batches.push(batch));

    a.send(room.id, 'read me, all of you');
    const sent = await waitForState(
      a,
      (s) => selectTimeline(s, room.id)[0]?.id !== undefined,
      'the send acked',
    );
    const message = selectTimeline(sent, room.id)[0]!;
    await Promise.all(
      online.map(async (socket) =>
        ok(await request(socket, 'messages:read', { roomId: room.id, upToMessageId: message.id })),
      ),
    );

    const read = await waitForState(
      a,
      (s) => selectTimeline(s, room.id)[0]?.status === 'read',
      'read by every member',
      15_000,
    );
    for (const member of members) {
      expect(read.receipts[room.id]?.[member.user.id]?.readSeq).toBe(message.seq);
    }
    // It learnt that from batches alone: a few, and not one single update. (The twin's copy of
    // the last batch may still be on its way.)
    await until(
      () => new Set(batches.flatMap((b) => b.reads.map((r) => r.userId))).size === members.length,
      'the twin has every batch',
    );
    expect(updates).toEqual([]);
    expect(batches.length).toBeLessThanOrEqual(LARGE_ROOM_ONLINE / 10);
  }, 60_000);
});
