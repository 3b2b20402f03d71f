import type { Presence, PresenceBatch } from '@natter/protocol';
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
  isIsoDate,
  registerUsers,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t } = useSocketTestServer();

/** Sockets of a room on one node from which its presence is gathered (the server's threshold). */
const LARGE_ROOM_ONLINE = 100;
const ARRIVALS = 150;

/** Connects announcing `presence:batch`, and waits until the socket is set up. */
const connectTakingBatches = (user: TestUser) =>
  connectReady(t.url, user.token, { features: ['presence:batch'] });

/** A client written from PROTOCOL.md alone: no `auth.features`. */
const connectAsOldClient = (user: TestUser) => connectReady(t.url, user.token);

/** Connects a few at a time, as a crowd arrives, without tripping the handshake gate. */
async function connectAll(users: readonly TestUser[], open = connectTakingBatches) {
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < users.length; i += 25) {
    sockets.push(...(await Promise.all(users.slice(i, i + 25).map((user) => open(user)))));
  }
  return sockets;
}

/** What a socket has learnt of presence, from both events, applied in order as the SDK does. */
function presenceSeenBy(socket: ClientSocket) {
  const state = new Map<string, Presence>();
  const batches: PresenceBatch[] = [];
  const updates: Presence[] = [];
  socket.on('presence:update', (presence) => {
    updates.push(presence);
    state.set(presence.userId, presence);
  });
  socket.on('presence:batch', (batch) => {
    batches.push(batch);
    for (const presence of batch.updates) state.set(presence.userId, presence);
  });
  return { state, batches, updates };
}

async function presenceOf(socket: ClientSocket, userIds: string[]): Promise<Presence[]> {
  return ok(await request(socket, 'presence:get', { userIds })).presence;
}

const byUser = (list: readonly Presence[]) =>
  [...list].sort((a, b) => a.userId.localeCompare(b.userId));

describe('presence in a room with 100 members online', () => {
  let crowd: TestUser[];
  let arrivals: TestUser[];
  let observer: TestUser;
  let oldClient: TestUser;
  let online: ClientSocket[] = [];

  beforeAll(async () => {
    const people = await registerUsers(
      t.url,
      Array.from({ length: LARGE_ROOM_ONLINE }, (_, i) => `crowd${i}`),
    );
    observer = people[0]!;
    oldClient = people[1]!;
    crowd = people.slice(2);
    arrivals = await registerUsers(
      t.url,
      Array.from({ length: ARRIVALS }, (_, i) => `arrival${i}`),
    );
    await createGroupRoom(
      t.url,
      observer.token,
      [oldClient, ...crowd, ...arrivals].map((m) => m.user.id),
    );
    online = [
      await connectTakingBatches(observer),
      await connectAsOldClient(oldClient),
      ...(await connectAll(crowd)),
    ];
  }, 120_000);
  afterAll(() => {
    for (const socket of online) socket.close();
  });

  it('150 members coming online reach a member as a few presence:batch events, not 150 updates; going offline too', async () => {
    const seen = presenceSeenBy(online[0]!);
    const arrivalIds = arrivals.map((a) => a.user.id);
    const allSeen = (isOnline: boolean) =>
      arrivalIds.every((id) => seen.state.get(id)?.online === isOnline);

    const sockets = await connectAll(arrivals);
    await eventually(async () => allSeen(true), { timeoutMs: 15_000 });
    expect(seen.updates.filter((p) => arrivalIds.includes(p.userId))).toEqual([]);
    expect(seen.batches.length).toBeLessThanOrEqual(ARRIVALS / 10);
    expect(byUser([...seen.state.values()].filter((p) => arrivalIds.includes(p.userId)))).toEqual(
      byUser(await presenceOf(online[0]!, arrivalIds)),
    );

    const batchesBefore = seen.batches.length;
    await Promise.all(sockets.map(closeSocket));
    await eventually(async () => allSeen(false), { timeoutMs: 15_000 });
    expect(seen.batches.length - batchesBefore).toBeLessThanOrEqual(ARRIVALS / 10);
    const final = byUser(await presenceOf(online[0]!, arrivalIds));
    expect(final.every((p) => !p.online && isIsoDate(p.lastSeenAt))).toBe(true);
    expect(byUser([...seen.state.values()].filter((p) => arrivalIds.includes(p.userId)))).toEqual(
      final,
    );
  }, 60_000);

  it('a client that did not announce presence:batch gets the presence:updates it stands for', async () => {
    const seen = presenceSeenBy(online[1]!);
    const [late] = arrivals;
    const socket = await connectTakingBatches(late!);
    await eventually(async () => seen.state.get(late!.user.id)?.online === true, {
      timeoutMs: 5000,
    });
    expect(seen.updates).toContainEqual({ userId: late!.user.id, online: true });
    await closeSocket(socket);
    await eventually(async () => seen.state.get(late!.user.id)?.online === false, {
      timeoutMs: 5000,
    });
    const [now] = await presenceOf(online[1]!, [late!.user.id]);
    expect(seen.updates.at(-1)).toEqual(now);
  });

  it('a member who also shares a small room with the observer is told there at once', async () => {
    const [, friend] = arrivals;
    await createDirectRoom(t.url, observer.token, friend!.user.id);
    const told = nextEvent(online[0]!, 'presence:update', (p) => p.userId === friend!.user.id);
    const socket = await connectTakingBatches(friend!);
    expect(await told).toEqual({ userId: friend!.user.id, online: true });
    // The large room's batch follows with the news of the moment: here that they left again.
    const batched = nextEvent(online[0]!, 'presence:batch', (b) =>
      b.updates.some((p) => p.userId === friend!.user.id && !p.online),
    );
    await closeSocket(socket);
    await batched;
  });

  it('a blocker gathered into a batch before blocking is never told to the blocked member through it', async () => {
    const [, , blocker] = arrivals;
    const blocked = crowd[0]!;
    const blockedSocket = online[2]!;
    const observerSees = presenceSeenBy(online[0]!);
    const blockedSees = presenceSeenBy(blockedSocket);

    // Gathered while the blocker blocks nobody; the block lands within the batch's second.
    const socket = await connectTakingBatches(blocker!);
    const blocking = await http(t.url, 'PUT', `/api/users/${blocked.user.id}/block`, {
      token: blocker!.token,
    });
    expect(blocking.status).toBe(204);
    await eventually(async () => observerSees.state.get(blocker!.user.id)?.online === true, {
      timeoutMs: 5000,
    });
    // It went out alone, except to the blocked member, not in a batch.
    expect(observerSees.updates).toContainEqual({ userId: blocker!.user.id, online: true });
    await caughtUp(blockedSocket);
    expect(blockedSees.state.get(blocker!.user.id)).toEqual({
      userId: blocker!.user.id,
      online: false,
    });
    expect(
      blockedSees.batches.flatMap((b) => b.updates).filter((p) => p.userId === blocker!.user.id),
    ).toEqual([]);
    await closeSocket(socket);
  });
});
