import { clientRequests, clientSignals } from '@natter/protocol';
import type {
  ErrorCode,
  Message,
  RequestEvent,
  Room,
  ServerToClientEvents,
} from '@natter/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../src/db/schema.js';
import { caughtUp, deliveryFlushBarrier } from './helpers/barrier.js';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  http,
  newClientId,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  ROOM_EVENTS,
  expectAckError,
  expectHttpError,
  history,
  removeMember,
  revokedToken,
  roomAs,
  roomsAs,
  watchEvents,
} from './helpers/authz-helpers.js';
import { httpMatrix, socketMatrix } from './helpers/authz-matrix.js';
import type { AuthzWorld, HttpRow, SocketRow, SocketTarget } from './helpers/authz-matrix.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import { startCollectingRoutes } from './helpers/registered-routes.js';
import type { RegisteredRoute } from './helpers/registered-routes.js';
import type { TestServer } from './helpers/test-server.js';

const codeOf = (status: 403 | 404): ErrorCode => (status === 404 ? 'not_found' : 'forbidden');

const methodOf = (key: string) => key.slice(0, key.indexOf(' '));

const httpRows = Object.entries(httpMatrix);
const sessionRows = httpRows.filter(([, r]) => r.access !== 'public' && r.access !== 'capability');
const capabilityRows = httpRows.filter(([, r]) => r.access === 'capability');

/** Every event a refused call must not cause, to anyone watching. */
const WATCHED = [
  ...ROOM_EVENTS,
  'conversation:updated',
  'conversation:note',
  'user:updated',
] as const satisfies readonly (keyof ServerToClientEvents)[];

describe('authorization coverage (the matrix of issue #16)', () => {
  let t: TestServer;
  let registered: RegisteredRoute[];
  const w = {} as AuthzWorld;
  let lapsed: TestUser;
  let revoked: string;
  /** The sockets that watch for leaks: the group's two members, site A's agent and visitor. */
  let ownerSocket: ClientSocket;
  let memberSocket: ClientSocket;
  let agentSocket: ClientSocket;
  let visitorSocket: ClientSocket;
  const watchers = () => [ownerSocket, memberSocket, agentSocket, visitorSocket];
  /** Visitors' sockets, with their room: `presence:get` (what `caughtUp` asks) is refused them. */
  const visitorRooms = new Map<ClientSocket, string>();
  /** `caughtUp`, with a harmless read of its own room for a visitor's socket. */
  const roundTrips = (...sockets: ClientSocket[]) =>
    Promise.all(
      sockets.map(async (socket) => {
        const roomId = visitorRooms.get(socket);
        if (!roomId) return caughtUp(socket);
        ok(await request(socket, 'messages:load', { roomId, limit: 1 }));
      }),
    );

  beforeAll(async () => {
    ({ t, routes: registered } = await startCollectingRoutes());
    // The first account of an instance becomes its admin (first-admin.test.ts): on a fresh
    // database that would be whichever of the callers below registered first. This one is.
    await registerUser(t.url, 'first');
    const [owner, member, removed, outsider, agentA, agentB] = (await Promise.all(
      ['owner', 'member', 'removed', 'outsider', 'agenta', 'agentb'].map((p) =>
        registerUser(t.url, p),
      ),
    )) as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
    lapsed = await registerUser(t.url, 'lapsed');
    const admin = await registerAdmin(t);
    Object.assign(w, { owner, member, removed, outsider, agentA, agentB, admin });
    w.group = await createGroupRoom(t.url, owner.token, [
      member.user.id,
      removed.user.id,
      lapsed.user.id,
    ]);
    w.siteA = await createSite(t, admin);
    w.siteB = await createSite(t, admin, { name: 'Other shop' });
    await addAgent(t, admin, w.siteA.id, agentA.user.id);
    await addAgent(t, admin, w.siteB.id, agentB.user.id);
    const canned = await http<{ cannedResponse: { id: string } }>(
      t.url,
      'POST',
      `/api/sites/${w.siteA.id}/canned-responses`,
      { token: agentA.token, body: { shortcut: 'thanks', content: 'Thanks!' } },
    );
    expect(canned.status).toBe(201);
    w.cannedA = canned.body.cannedResponse.id;
    // No webhook is created (that needs a reachable URL): the admin check comes before the lookup.
    w.webhookId = '00000000-0000-4000-8000-000000000001';
    w.visitorA = await startVisitor(t, w.siteA);
    w.visitorB = await startVisitor(t, w.siteB);

    [ownerSocket, memberSocket, agentSocket, visitorSocket] = await Promise.all([
      connect(t.url, owner.token),
      connect(t.url, member.token),
      connect(t.url, agentA.token),
      connect(t.url, w.visitorA.token),
    ]);
    visitorRooms.set(visitorSocket, w.visitorA.room.id);
    w.byOwner = ok(await sendText(ownerSocket, w.group.id, 'by owner')).message;
    w.byVisitorA = ok(await sendText(visitorSocket, w.visitorA.room.id, 'Hello?')).message;
    await removeMember(t.url, owner.token, w.group.id, removed.user.id);
    revoked = await revokedToken(t.url, member);
    // Expired as the session sweeper would find it: unused for longer than the idle lifetime
    // (sessions.test.ts tests both lifetimes; here it is one more credential to refuse).
    await t.server.database.db
      .update(sessions)
      .set({ lastUsedAt: new Date(Date.now() - 365 * 24 * 3_600_000) })
      .where(eq(sessions.userId, lapsed.user.id));
    // Whatever the set-up causes arrives before anything is recorded: the auto-assignment of the
    // visitor's conversation, the delivery marks, the membership events.
    await t.server.roundRobin.settled();
    await deliveryFlushBarrier(t.url, owner, ownerSocket);
    await roundTrips(...watchers());
  });
  afterAll(async () => {
    for (const socket of watchers()) socket.close();
    await t.close();
  });

  /** Everything a refused call could have changed, read fresh by those allowed to read it. */
  const worldState = async () => {
    const as = async (token: string, path: string) => {
      const res = await http(t.url, 'GET', path, { token });
      expect(res.status, `GET ${path}`).toBe(200);
      return res.body;
    };
    const conversation = `/api/support/conversations/${w.visitorA.room.id}`;
    return {
      group: await roomAs(t.url, w.owner.token, w.group.id),
      groupHistory: await history(ownerSocket, w.group.id),
      supportHistory: await history(agentSocket, w.visitorA.room.id),
      rooms: {
        owner: (await roomsAs(t.url, w.owner.token)).map((r) => r.id),
        member: (await roomsAs(t.url, w.member.token)).map((r) => r.id),
        outsider: (await roomsAs(t.url, w.outsider.token)).map((r) => r.id),
        removed: (await roomsAs(t.url, w.removed.token)).map((r) => r.id),
      },
      conversation: await as(w.agentA.token, conversation),
      notes: await as(w.agentA.token, `${conversation}/notes`),
      sites: await as(w.admin.token, '/api/sites'),
      agentsA: await as(w.admin.token, `/api/sites/${w.siteA.id}/agents`),
      agentsB: await as(w.admin.token, `/api/sites/${w.siteB.id}/agents`),
      canned: await as(w.agentA.token, `/api/sites/${w.siteA.id}/canned-responses`),
      webhooks: await as(w.admin.token, '/api/webhooks'),
      member: {
        me: await as(w.member.token, '/api/me'),
        privacy: await as(w.member.token, '/api/me/privacy'),
        notifications: await as(w.member.token, '/api/me/notifications'),
        blocked: await as(w.member.token, '/api/users/blocked'),
      },
      visitorA: await as(w.visitorA.token, '/api/me'),
    };
  };

  /**
   * Runs a block of refusals between two fresh reads of the world, recording what the watchers
   * receive meanwhile: its last test asserts that nothing changed and nothing was sent.
   */
  const leavesNoTrace = () => {
    let before: Awaited<ReturnType<typeof worldState>>;
    let recorders: ReturnType<typeof watchEvents>[];
    beforeAll(async () => {
      before = await worldState();
      recorders = watchers().map((s) => watchEvents(s, WATCHED));
    });
    return async () => {
      await roundTrips(...watchers());
      for (const r of recorders) r.stop();
      expect(recorders.flatMap((r) => r.seen)).toEqual([]);
      expect(await worldState()).toEqual(before);
    };
  };

  const call = (key: string, row: HttpRow, token: string | undefined, roomId = w.group.id) => {
    const { path, body } = row.call!(w, roomId);
    return http(t.url, methodOf(key), path, { token, body });
  };

  describe('completeness', () => {
    it('every route the server registers has a row, and every row a route', () => {
      const keys = registered.map((r) => r.key);
      expect({
        routesWithoutRow: keys.filter((k) => !(k in httpMatrix)),
        rowsNamingNoRoute: Object.keys(httpMatrix).filter((k) => !keys.includes(k)),
      }).toEqual({ routesWithoutRow: [], rowsNamingNoRoute: [] });
    });

    it('every client event of the protocol has a row, and every row an event', () => {
      const events = [...Object.keys(clientRequests), ...Object.keys(clientSignals)];
      expect({
        eventsWithoutRow: events.filter((e) => !(e in socketMatrix)),
        rowsNamingNoEvent: Object.keys(socketMatrix).filter((e) => !events.includes(e)),
      }).toEqual({ eventsWithoutRow: [], rowsNamingNoEvent: [] });
    });

    it('each row says what the route is registered as: session or none, visitors or not', () => {
      const declared = registered.map((r) => {
        const row = httpMatrix[r.key];
        const open = row?.access === 'public' || row?.access === 'capability';
        return { key: r.key, authenticated: !open, visitors: open ? 'n/a' : row?.visitors };
      });
      const actual = registered.map((r) => ({
        key: r.key,
        authenticated: r.authenticated,
        visitors: r.authenticated ? r.visitors : 'n/a',
      }));
      expect(declared).toEqual(actual);
    });

    it('each session row has a request to make', () => {
      expect(
        [...sessionRows, ...capabilityRows].filter(([, r]) => !r.call).map(([k]) => k),
      ).toEqual([]);
    });
  });

  describe('HTTP without a valid session', () => {
    const noTrace = leavesNoTrace();
    const credentials = [
      { name: 'no token', headers: (): Record<string, string> => ({}) },
      { name: 'a revoked token', headers: () => ({ authorization: `Bearer ${revoked}` }) },
      {
        name: 'a revoked session cookie',
        headers: () => ({ cookie: `natter_session=${revoked}` }),
      },
      { name: 'an expired token', headers: () => ({ authorization: `Bearer ${lapsed.token}` }) },
    ];
    const cases = sessionRows.flatMap(([key, row]) =>
      credentials.map((credential) => ({ key, row, credential })),
    );

    it.each(cases)(
      '$key with $credential.name → 401 unauthorized',
      async ({ key, row, credential }) => {
        const { path, body } = row.call!(w, w.group.id);
        const res = await http(t.url, methodOf(key), path, { headers: credential.headers(), body });
        expectHttpError(res, 401, 'unauthorized');
      },
    );

    it.each(capabilityRows.map(([key, row]) => ({ key, row })))(
      '$key without its signature is refused, with or without a session',
      async ({ key, row }) => {
        for (const token of [undefined, w.member.token]) {
          const { status } = await call(key, row, token);
          expect(status).toBeGreaterThanOrEqual(400);
          expect(status).toBeLessThan(500);
        }
      },
    );

    it('left no trace', () => noTrace());
  });

  /** A caller the matrix refuses somewhere, and what each row's refusal is for them. */
  interface Caller {
    name: string;
    token: () => string;
    /** The room the caller's room requests name. */
    roomId: () => string;
    expect: (row: HttpRow) => 403 | 404 | undefined;
  }
  const visitorRefusal = (row: HttpRow) => {
    if (row.access === 'public' || row.access === 'capability') return undefined;
    if (row.visitors === 'refused') return 403;
    if (row.access === 'room-member' || row.access === 'room-admin') return row.nonMember ?? 404;
    return undefined;
  };
  const callers: Caller[] = [
    {
      name: 'a visitor of this site',
      token: () => w.visitorA.token,
      roomId: () => w.group.id,
      expect: visitorRefusal,
    },
    {
      name: 'a visitor of another site',
      token: () => w.visitorB.token,
      roomId: () => w.visitorA.room.id,
      expect: visitorRefusal,
    },
    ...(['outsider', 'removed'] as const).map((who): Caller => ({
      name: who === 'outsider' ? 'a non-member' : 'a removed member',
      token: () => w[who].token,
      roomId: () => w.group.id,
      expect: (row) => {
        if (row.access === 'room-member' || row.access === 'room-admin') {
          return row.nonMember ?? 404;
        }
        if (row.access === 'site-agent') return 404;
        if (row.access === 'server-admin' || row.access === 'visitor-only') return 403;
        return undefined;
      },
    })),
    {
      name: 'a member who is no room admin (nor server admin, nor agent)',
      token: () => w.member.token,
      roomId: () => w.group.id,
      expect: (row) => {
        if (row.access === 'room-admin' || row.access === 'server-admin') return 403;
        if (row.access === 'site-agent') return 404;
        if (row.access === 'visitor-only') return 403;
        return undefined;
      },
    },
    {
      name: 'an agent of another site',
      token: () => w.agentB.token,
      roomId: () => w.visitorA.room.id,
      expect: (row) => {
        if (row.access === 'site-agent') return 404;
        if (row.access === 'room-member' || row.access === 'room-admin') {
          return row.nonMember ?? 404;
        }
        if (row.access === 'server-admin') return 403;
        return undefined;
      },
    },
    {
      name: 'an agent of this site who is no server admin',
      token: () => w.agentA.token,
      roomId: () => w.group.id,
      expect: (row) => (row.access === 'server-admin' ? 403 : undefined),
    },
  ];

  describe.each(callers)('HTTP by $name', (caller) => {
    const noTrace = leavesNoTrace();
    const cases = httpRows.flatMap(([key, row]) => {
      const status = caller.expect(row);
      return status === undefined ? [] : [{ key, row, status }];
    });

    it.each(cases)('$key → $status', async ({ key, row, status }) => {
      const res = await call(key, row, caller.token(), caller.roomId());
      expectHttpError(res, status, codeOf(status));
    });

    it('left no trace', () => noTrace());
  });

  describe('the socket handshake without a valid session', () => {
    it.each([
      { name: 'no token', token: () => undefined },
      { name: 'a revoked token', token: () => revoked },
      { name: 'an expired token', token: () => lapsed.token },
    ])('with $name fails with connect_error "unauthorized"', async (c) => {
      await expect(connect(t.url, c.token())).rejects.toThrow(/^unauthorized$/);
    });
  });

  /** A socket caller, and the room (with a message in it) that their events name. */
  interface SocketCaller {
    name: string;
    token: () => string;
    /** A website visitor's session: the room it may read, for the round trips. */
    visitor?: () => string;
    target: () => SocketTarget;
  }
  const inGroup = () => ({ roomId: w.group.id, messageId: w.byOwner.id });
  const inSupport = () => ({ roomId: w.visitorA.room.id, messageId: w.byVisitorA.id });
  const socketCallers: SocketCaller[] = [
    { name: 'a non-member', token: () => w.outsider.token, target: inGroup },
    { name: 'a removed member', token: () => w.removed.token, target: inGroup },
    {
      name: 'a visitor of a site (in a group)',
      token: () => w.visitorA.token,
      visitor: () => w.visitorA.room.id,
      target: inGroup,
    },
    {
      name: 'a visitor of another site',
      token: () => w.visitorB.token,
      visitor: () => w.visitorB.room.id,
      target: inSupport,
    },
    {
      name: 'an agent of another site',
      token: () => w.agentB.token,
      target: inSupport,
    },
  ];

  /** What a caller's event must get: refused (`forbidden`), or nothing to refuse. */
  const socketRefusal = (row: SocketRow, visitor: boolean) => {
    if (visitor && row.visitors === 'refused') return 'refused' as const;
    if (row.scope === 'room') return 'refused' as const;
    if (row.scope === 'people') return 'strangers-unseen' as const;
    return undefined;
  };

  describe.each(socketCallers)('socket events by $name', (caller) => {
    const noTrace = leavesNoTrace();
    let socket: ClientSocket;
    beforeAll(async () => {
      socket = await connect(t.url, caller.token());
      if (caller.visitor) visitorRooms.set(socket, caller.visitor());
    });
    afterAll(() => socket.close());

    const cases = Object.entries(socketMatrix).flatMap(([event, row]) => {
      const outcome = socketRefusal(row, !!caller.visitor);
      return outcome ? [{ event: event as keyof typeof socketMatrix, row, outcome }] : [];
    });

    it.each(cases)('$event → $outcome', async ({ event, row, outcome }) => {
      const payload = row.payload(caller.target(), w);
      if (event in clientSignals) {
        // Dropped, unanswered: once the caller's socket is caught up it has been handled, and
        // each watcher's round trip then comes after anything it would have published.
        const recorders = watchers().map((s) => watchEvents(s, WATCHED));
        socket.emit(event as keyof typeof clientSignals, payload as { roomId: string });
        await roundTrips(socket);
        await roundTrips(...watchers());
        for (const r of recorders) r.stop();
        expect(recorders.flatMap((r) => r.seen)).toEqual([]);
        return;
      }
      const ack = await request(socket, event, payload);
      if (outcome === 'refused') {
        expectAckError(ack, 'forbidden');
      } else {
        // Asked about a user they share no room with, they learn nothing.
        expect(ok(ack as never)).toMatchObject({ presence: [] });
      }
      expect(JSON.stringify(ack)).not.toMatch(/by owner|Hello\?/);
    });

    it('left no trace', () => noTrace());
  });

  describe('by a blocked user', () => {
    let pest: TestUser;
    let pestSocket: ClientSocket;
    let direct: Room;
    /** Their own message from before the block: what they would edit or react to. */
    let byPest: Message;
    beforeAll(async () => {
      pest = await registerUser(t.url, 'pest');
      direct = await createDirectRoom(t.url, pest.token, w.member.user.id);
      pestSocket = await connect(t.url, pest.token);
      byPest = ok(await sendText(pestSocket, direct.id, 'by pest')).message;
      // Listened for before the send: the message may reach the pest before the sender's ack.
      const reachedPest = nextEvent(pestSocket, 'message:new', (m) => m.content === 'by blocker');
      ok(await sendText(memberSocket, direct.id, 'by blocker'));
      await reachedPest;
      // The member blocks them in the room they share; the owner, with whom they share none, too.
      for (const blocker of [w.member, w.owner]) {
        const res = await http(t.url, 'PUT', `/api/users/${pest.user.id}/block`, {
          token: blocker.token,
        });
        expect(res.status).toBe(204);
      }
      await deliveryFlushBarrier(t.url, w.owner, ownerSocket);
      await roundTrips(pestSocket, ...watchers());
    });
    afterAll(() => pestSocket.close());
    // After the set-up above, which changes what the fresh reads see (the member's blocks).
    const noTrace = leavesNoTrace();

    it('POST /api/rooms (a new direct room with a blocker) → 403', async () => {
      const res = await http(t.url, 'POST', '/api/rooms', {
        token: pest.token,
        body: { type: 'direct', participantIds: [w.owner.user.id] },
      });
      expectHttpError(res, 403, 'forbidden');
    });

    const cases = Object.entries(socketMatrix)
      .filter(([, row]) => row.blocked === 'refused')
      .map(([event, row]) => ({ event: event as RequestEvent, row }));

    it.each(cases)('$event → forbidden', async ({ event, row }) => {
      const payload = row.payload({ roomId: direct.id, messageId: byPest.id }, w);
      expectAckError(await request(pestSocket, event, payload), 'forbidden');
    });

    it('left no trace in the direct room either', async () => {
      const messages = await history(memberSocket, direct.id);
      expect(messages.map((m) => m.content)).toEqual(['by pest', 'by blocker']);
      expect(messages.flatMap((m) => m.reactions ?? [])).toEqual([]);
      await noTrace();
    });
  });

  it('the watchers and the fresh reads would have seen a change (the absence checks can fail)', async () => {
    const recorders = watchers().map((s) => watchEvents(s, WATCHED));
    memberSocket.emit('typing:start', { roomId: w.group.id });
    const sent = ok(await sendText(memberSocket, w.group.id, 'control')).message;
    ok(
      await request(visitorSocket, 'message:send', {
        roomId: w.visitorA.room.id,
        clientId: newClientId(),
        type: 'text',
        content: 'control',
      }),
    );
    await roundTrips(...watchers());
    for (const r of recorders) r.stop();
    const [ownerSaw, , agentSaw] = recorders.map((r) => r.seen.map((e) => e.event));
    expect(ownerSaw).toContain('typing:update');
    expect(ownerSaw).toContain('message:new');
    expect(agentSaw).toContain('message:new');
    expect((await history(ownerSocket, w.group.id)).at(-1)?.id).toBe(sent.id);
  });
});
