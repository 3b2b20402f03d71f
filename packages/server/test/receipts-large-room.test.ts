import type { Room } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { createGroupRoom, nextEvent, recordEvents, settle } from './helpers/clients.js';
import { caughtUp } from './helpers/barrier.js';
import {
  connectReady,
  eventually,
  registerUsers,
  sendConcurrently,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets } = useSocketTestServer();

/** Members online from which a room counts as large for receipts (the server's threshold). */
const LARGE_ROOM_ONLINE = 100;

/**
 * A large room: its delivery receipts gather for a second and each goes to the senders of the
 * messages it covers, not to every member. These tests keep their sockets for the whole file.
 */
describe('delivery receipts in a room with 100 members online', () => {
  let members: TestUser[];
  let room: Room;
  let online: ClientSocket[];

  beforeAll(async () => {
    members = await registerUsers(
      t.url,
      Array.from({ length: LARGE_ROOM_ONLINE + 1 }, (_, i) => `big${i}`),
    );
    const [owner, ...others] = members;
    room = await createGroupRoom(
      t.url,
      owner!.token,
      others.map((m) => m.user.id),
    );
    // Everyone but the last member is online, on one socket each, for the whole file.
    online = [];
    for (const member of members.slice(0, LARGE_ROOM_ONLINE)) {
      online.push(await connectReady(t.url, member.token));
    }
  }, 60_000);
  afterAll(() => {
    for (const socket of online) socket.close();
  });

  it('D10: a mark goes to the sender of the messages it covers, and to no other member', async () => {
    const [sender, bystander] = online;
    const toBystander = recordEvents(bystander!, 'messages:delivered:update');
    const allToSender = recordEvents(sender!, 'messages:delivered:update');
    const toSender = nextEvent(
      sender!,
      'messages:delivered:update',
      (u) => u.userId === members[2]!.user.id,
    );
    const message = await sendOk(sender!, room.id, 'hello, everyone');
    expect(await toSender).toEqual({
      roomId: room.id,
      userId: members[2]!.user.id,
      upToSeq: message.seq,
    });
    // Every other member's mark has reached the sender, so every batch covering this message has
    // been published: whatever the bystander was sent from them arrived before its round trip.
    const marked = () =>
      new Set(allToSender.seen.filter((u) => u.upToSeq >= message.seq).map((u) => u.userId));
    await eventually(async () => marked().size === LARGE_ROOM_ONLINE - 1, { timeoutMs: 10_000 });
    await caughtUp(bystander!);
    expect(toBystander.seen).toEqual([]);
  });

  it('D10: a mark moving over more than 1,000 messages is told to the whole room', async () => {
    const [sender, bystander] = online;
    // The offline member misses 1,001 messages, then comes back: its first live mark jumps.
    await sendConcurrently([sender!], room.id, 1001);
    const latecomer = members[LARGE_ROOM_ONLINE]!;
    await sockets.connect(latecomer);
    await settle(1200);
    const toBystander = nextEvent(
      bystander!,
      'messages:delivered:update',
      (u) => u.userId === latecomer.user.id,
    );
    const last = await sendOk(sender!, room.id, 'welcome back');
    expect(await toBystander).toEqual({
      roomId: room.id,
      userId: latecomer.user.id,
      upToSeq: last.seq,
    });
  });
});
