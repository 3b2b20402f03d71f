import type { Presence } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import {
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  recordEvents,
  request,
  settle,
} from './helpers/clients.js';
import { caughtUp } from './helpers/barrier.js';
import type { ClientSocket } from './helpers/clients.js';
import {
  closeSocket,
  codeOf,
  eventually,
  isIsoDate,
  registerUsers,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets } = useSocketTestServer();

/** Alice and Bob share a room; Carol and Dave share another: Carol is a stranger to Alice. */
async function cast() {
  const [alice, bob, carol, dave] = await registerUsers(t.url, ['alice', 'bob', 'carol', 'dave']);
  const room = await createDirectRoom(t.url, alice!.token, bob!.user.id);
  await createDirectRoom(t.url, carol!.token, dave!.user.id);
  return { alice: alice!, bob: bob!, carol: carol!, dave: dave!, room };
}

async function presenceOf(socket: ClientSocket, userIds: string[]): Promise<Presence[]> {
  return ok(await request(socket, 'presence:get', { userIds })).presence;
}

const aboutUser = (userId: string) => (p: Presence) => p.userId === userId;

describe('presence:update', () => {
  it('D14: online while any device is connected; offline with lastSeenAt when the last one leaves', async () => {
    const { alice, bob, carol } = await cast();
    const b = await sockets.connect(bob);
    const c = await sockets.connect(carol);
    const bobSees = recordEvents(b, 'presence:update');
    const strangerSees = recordEvents(c, 'presence:update');

    const online = nextEvent(b, 'presence:update', aboutUser(alice.user.id));
    const a1 = await sockets.connect(alice);
    expect(await online).toEqual({ userId: alice.user.id, online: true });

    const a2 = await sockets.connect(alice);
    await settle();
    await closeSocket(a1);
    await settle();
    expect(bobSees.seen.filter(aboutUser(alice.user.id))).toHaveLength(1);

    const offline = nextEvent(b, 'presence:update', aboutUser(alice.user.id));
    const before = Date.now();
    await closeSocket(a2);
    const update = await offline;
    expect(update).toMatchObject({ userId: alice.user.id, online: false });
    expect(isIsoDate(update.lastSeenAt)).toBe(true);
    expect(Date.parse(update.lastSeenAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(update.lastSeenAt!)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(Object.keys(update).sort()).toEqual(['lastSeenAt', 'online', 'userId']);

    await caughtUp(c);
    expect(strangerSees.seen.filter(aboutUser(alice.user.id))).toEqual([]);
  });

  it('a quick reconnect (a page reload) never leaves the user shown offline', async () => {
    const { alice, bob } = await cast();
    const b = await sockets.connect(bob);
    const bobSees = recordEvents(b, 'presence:update');
    const lastAboutAlice = () => bobSees.seen.filter(aboutUser(alice.user.id)).at(-1);
    let a = await sockets.connect(alice);
    for (let i = 0; i < 15; i++) {
      // The new device connects while the old one disconnects, with varying overlap.
      const next = sockets.connect(alice);
      await settle(i % 5);
      a.close();
      a = await next;
      await eventually(async () => lastAboutAlice()?.online === true);
    }
    await settle(300);
    expect(lastAboutAlice()).toEqual({ userId: alice.user.id, online: true });
    expect(await presenceOf(b, [alice.user.id])).toEqual([{ userId: alice.user.id, online: true }]);
  });

  it('D14: reaches every room-mate, in every shared room, and every one of their devices', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    await createDirectRoom(t.url, alice!.token, bob!.user.id);
    await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const watchers = [
      await sockets.connect(bob!),
      await sockets.connect(bob!),
      await sockets.connect(carol!),
    ];
    const records = watchers.map((s) => recordEvents(s, 'presence:update'));
    const arrivals = watchers.map((s) =>
      nextEvent(s, 'presence:update', aboutUser(alice!.user.id)),
    );
    await sockets.connect(alice!);
    for (const update of await Promise.all(arrivals)) expect(update.online).toBe(true);
    await caughtUp(...watchers);
    // One update per socket, however many rooms it shares with Alice.
    for (const r of records) expect(r.seen.filter(aboutUser(alice!.user.id))).toHaveLength(1);
  });

  it('reaches a user who came to share a room after both connected', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    const a = await sockets.connect(alice!);
    const b = await sockets.connect(bob!);
    await createDirectRoom(t.url, alice!.token, bob!.user.id);
    const offline = nextEvent(b, 'presence:update', aboutUser(alice!.user.id));
    await closeSocket(a);
    expect((await offline).online).toBe(false);
  });

  it('D14: stops reaching a user who left the only shared room', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const c = await sockets.connect(carol!);
    const left = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${carol!.user.id}`, {
      token: carol!.token,
    });
    expect(left.status).toBe(204);
    const carolSees = recordEvents(c, 'presence:update');
    const b = await sockets.connect(bob!);
    const seenByBob = nextEvent(b, 'presence:update', aboutUser(alice!.user.id));
    await sockets.connect(alice!);
    await seenByBob;
    await caughtUp(c);
    expect(carolSees.seen).toEqual([]);
    expect(await presenceOf(c, [alice!.user.id])).toEqual([]);
  });
});

describe('presence:get', () => {
  it('D14: answers for room-mates and leaves strangers and unknown ids out', async () => {
    const { alice, bob, carol } = await cast();
    const b = await sockets.connect(bob);
    const ask = () => presenceOf(b, [alice.user.id, carol.user.id, crypto.randomUUID()]);

    expect(await ask()).toEqual([{ userId: alice.user.id, online: false }]);

    await sockets.connect(carol);
    const a = await sockets.connect(alice);
    expect(await ask()).toEqual([{ userId: alice.user.id, online: true }]);

    const offline = nextEvent(b, 'presence:update', aboutUser(alice.user.id));
    await closeSocket(a);
    const update = await offline;
    expect(await ask()).toEqual([
      { userId: alice.user.id, online: false, lastSeenAt: update.lastSeenAt },
    ]);
  });

  it('users who leave together each get their own last-seen time, announced and answered', async () => {
    const users = await registerUsers(
      t.url,
      Array.from({ length: 12 }, (_, i) => `leaver${i}`),
    );
    const [bob, blocker, ...leavers] = users.map((u) => u!);
    await createGroupRoom(
      t.url,
      bob!.token,
      [blocker!, ...leavers].map((u) => u.user.id),
    );
    // The blocker's "offline" goes to no one it blocks, though it is written with the others.
    expect(
      (await http(t.url, 'PUT', `/api/users/${bob!.user.id}/block`, { token: blocker!.token }))
        .status,
    ).toBe(204);
    const b = await sockets.connect(bob!);
    const bobSees = recordEvents(b, 'presence:update');
    const leaving = await Promise.all([blocker!, ...leavers].map((u) => sockets.connect(u)));
    await settle();

    const offline = leavers.map((u) =>
      nextEvent(b, 'presence:update', (p) => p.userId === u.user.id && !p.online),
    );
    const before = Date.now();
    await Promise.all(leaving.map(closeSocket));
    const updates = await Promise.all(offline);
    for (const update of updates) {
      expect(Date.parse(update.lastSeenAt!)).toBeGreaterThanOrEqual(before - 1000);
    }
    // Asked at once, each answer is the time that was announced.
    const answers = await presenceOf(
      b,
      [blocker!, ...leavers].map((u) => u.user.id),
    );
    expect(answers).toHaveLength(1 + leavers.length);
    expect(answers).toEqual(
      expect.arrayContaining([
        { userId: blocker!.user.id, online: false },
        ...updates.map(({ userId, lastSeenAt }) => ({ userId, online: false, lastSeenAt })),
      ]),
    );
    await caughtUp(b);
    expect(bobSees.seen.filter((p) => p.userId === blocker!.user.id)).toEqual([]);
  });

  it('an empty list answers an empty list', async () => {
    const { bob } = await cast();
    const b = await sockets.connect(bob);
    expect(await presenceOf(b, [])).toEqual([]);
  });

  it.each([
    ['no payload', undefined],
    ['no userIds', {}],
    ['userIds not an array', { userIds: 'everyone' }],
    ['ids that are not strings', { userIds: [1, 2] }],
    ['more than 1,000 ids', { userIds: Array.from({ length: 1001 }, (_, i) => `u${i}`) }],
  ])('refuses %s with bad_request', async (_name, payload) => {
    const { bob } = await cast();
    const b = await sockets.connect(bob);
    expect(codeOf(await request(b, 'presence:get', payload))).toBe('bad_request');
  });
});
