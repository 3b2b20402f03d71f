import { CLIENT_FEATURES } from '@natter/protocol';
import type { ReadBatch, ReadUpdate } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { createGroupRoom, ok, request } from './helpers/clients.js';
import { clusterCanRun, useClusterPerTest } from './helpers/cluster.js';
import { connectReady, eventually, registerUsers, sendOk } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';

/** Sockets of a room on one node from which its reads are gathered (the server's threshold). */
const LARGE_ROOM_ONLINE = 100;

describe.skipIf(!clusterCanRun)('read receipts of a large room across nodes', () => {
  const { sockets, start } = useClusterPerTest();
  const open = async (node: TestServer, user: TestUser, auth: object = {}) => {
    const socket = await connectReady(node.url, user.token, auth);
    sockets.push(socket);
    return socket;
  };

  it('reads batched on one node reach another node’s sockets: the batch, or its updates for old clients', async () => {
    const [large, other] = await start(2);
    const [owner, oldClient, ...readers] = await registerUsers(
      large!.url,
      Array.from({ length: LARGE_ROOM_ONLINE + 2 }, (_, i) => `member${i}`),
    );
    const room = await createGroupRoom(
      large!.url,
      owner!.token,
      [oldClient!, ...readers].map((m) => m.user.id),
    );
    // The readers make the room large on the first node; the observers sit on the second.
    const features = { features: [...CLIENT_FEATURES] };
    const readerSockets: ClientSocket[] = [];
    for (let i = 0; i < readers.length; i += 25) {
      const group = readers.slice(i, i + 25);
      readerSockets.push(...(await Promise.all(group.map((r) => open(large!, r, features)))));
    }
    const observer = await open(other!, owner!, features);
    const old = await open(other!, oldClient!);
    const batches: ReadBatch[] = [];
    const updatesToObserver: ReadUpdate[] = [];
    const updatesToOld: ReadUpdate[] = [];
    observer.on('messages:read:batch', (batch) => batches.push(batch));
    observer.on('messages:read:update', (update) => updatesToObserver.push(update));
    old.on('messages:read:update', (update) => updatesToOld.push(update));

    const message = await sendOk(observer, room.id, 'read across nodes');
    await Promise.all(
      readerSockets.map(async (socket) =>
        ok(await request(socket, 'messages:read', { roomId: room.id, upToMessageId: message.id })),
      ),
    );
    const readerIds = new Set(readers.map((r) => r.user.id));
    const told = (userIds: string[]) => readerIds.size === new Set(userIds).size;
    await eventually(
      async () =>
        told(batches.flatMap((b) => b.reads.map((r) => r.userId))) &&
        told(updatesToOld.map((u) => u.userId)),
      { timeoutMs: 10_000 },
    );
    expect(updatesToObserver).toEqual([]);
    expect(batches.length).toBeLessThanOrEqual(readers.length / 10);
    expect(updatesToOld).toContainEqual({
      roomId: room.id,
      userId: readers[0]!.user.id,
      upToMessageId: message.id,
      upToSeq: message.seq,
    });
  }, 90_000);
});
