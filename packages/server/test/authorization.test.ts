import type { ClientToServerEvents, Message, Room } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  http,
  newClientId,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import { caughtUp } from './helpers/barrier.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  expectAckError,
  expectHttpError,
  history,
  removeMember,
  revokedToken,
  roomAs,
  roomsAs,
  sorted,
  watchEvents,
} from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/**
 * The authorization matrix: every endpoint and event, by every kind of caller who must not get
 * through, answers the right code and leaves no trace: no stored change, no broadcast.
 */
describe('authorization', () => {
  let t: TestServer;
  /** Owner and member stay in the group; `removed` was in it; `outsider` never was. */
  let owner: TestUser;
  let member: TestUser;
  let removed: TestUser;
  let outsider: TestUser;
  let group: Room;
  /** Messages in the group: one by each member, and one by `removed` while they belonged. */
  let byOwner: Message;
  let byMember: Message;
  let byRemoved: Message;
  let removedClientId: string;
  let ownerSocket: ClientSocket;
  let memberSocket: ClientSocket;
  let revoked: string;

  beforeAll(async () => {
    t = await startTestServer();
    [owner, member, removed, outsider] = (await Promise.all(
      ['owner', 'member', 'removed', 'outsider'].map((p) => registerUser(t.url, p)),
    )) as [TestUser, TestUser, TestUser, TestUser];
    group = await createGroupRoom(t.url, owner.token, [member.user.id, removed.user.id]);
    ownerSocket = await connect(t.url, owner.token);
    memberSocket = await connect(t.url, member.token);
    const removedSocket = await connect(t.url, removed.token);
    byOwner = ok(await sendText(ownerSocket, group.id, 'by owner')).message;
    removedClientId = newClientId();
    byRemoved = ok(await sendText(removedSocket, group.id, 'by removed', removedClientId)).message;
    byMember = ok(await sendText(memberSocket, group.id, 'by member')).message;
    removedSocket.close();
    await removeMember(t.url, owner.token, group.id, removed.user.id);
    revoked = await revokedToken(t.url, member);
    // Let the membership events of the set-up arrive before anything is recorded.
    await caughtUp(ownerSocket, memberSocket);
  });
  afterAll(async () => {
    ownerSocket.close();
    memberSocket.close();
    await t.close();
  });

  /** What the owner can observe of the group: its members, and its full history. */
  const groupState = async () => {
    const room = await roomAs(t.url, owner.token, group.id);
    return {
      participants: sorted(room.participants),
      lastSeq: room.lastSeq,
      history: (await history(ownerSocket, group.id)).map((m) => ({
        id: m.id,
        seq: m.seq,
        content: m.content,
        editedAt: m.editedAt,
        deletedAt: m.deletedAt,
      })),
    };
  };

  it('the group starts as the matrix expects', async () => {
    const state = await groupState();
    expect(state.participants).toEqual(sorted([owner.user.id, member.user.id]));
    expect(state.history.map((m) => m.content)).toEqual([
      'by owner',
      'by removed',
      'by member',
      `${owner.user.displayName} removed ${removed.user.displayName}`,
    ]);
  });

  describe('HTTP without valid credentials', () => {
    const endpoints: { label: string; method: string; path: () => string; body?: () => unknown }[] =
      [
        { label: 'GET /api/me', method: 'GET', path: () => '/api/me' },
        { label: 'GET /api/users', method: 'GET', path: () => '/api/users?query=o' },
        { label: 'POST /api/auth/logout', method: 'POST', path: () => '/api/auth/logout' },
        { label: 'GET /api/rooms', method: 'GET', path: () => '/api/rooms' },
        {
          label: 'POST /api/rooms (group)',
          method: 'POST',
          path: () => '/api/rooms',
          body: () => ({ type: 'group', name: 'Sneaky', participantIds: [owner.user.id] }),
        },
        {
          label: 'POST /api/rooms (direct)',
          method: 'POST',
          path: () => '/api/rooms',
          body: () => ({ type: 'direct', participantIds: [owner.user.id] }),
        },
        { label: 'GET /api/rooms/:id', method: 'GET', path: () => `/api/rooms/${group.id}` },
        {
          label: 'POST /api/rooms/:id/members',
          method: 'POST',
          path: () => `/api/rooms/${group.id}/members`,
          body: () => ({ userId: outsider.user.id }),
        },
        {
          label: 'DELETE /api/rooms/:id/members/:userId',
          method: 'DELETE',
          path: () => `/api/rooms/${group.id}/members/${member.user.id}`,
        },
      ];
    const credentials: { name: string; headers: () => Record<string, string> }[] = [
      { name: 'no token', headers: () => ({}) },
      { name: 'a garbage token', headers: () => ({ authorization: 'Bearer not-a-real-token' }) },
      { name: 'a revoked token', headers: () => ({ authorization: `Bearer ${revoked}` }) },
      {
        name: 'a revoked session cookie',
        headers: () => ({ cookie: `natter_session=${revoked}` }),
      },
      {
        name: 'a malformed Authorization header',
        headers: () => ({ authorization: 'Basic Zm9v' }),
      },
    ];
    const matrix = endpoints.flatMap((endpoint) =>
      credentials.map((credential) => ({ ...endpoint, credential })),
    );

    it.each(matrix)('$label with $credential.name → 401 unauthorized', async (c) => {
      const res = await http(t.url, c.method, c.path(), {
        headers: c.credential.headers(),
        body: c.body?.(),
      });
      expectHttpError(res, 401, 'unauthorized');
    });

    it('left no trace: no room created, no member added or removed', async () => {
      const state = await groupState();
      expect(state.participants).toEqual(sorted([owner.user.id, member.user.id]));
      expect((await roomsAs(t.url, owner.token)).map((r) => r.id)).toEqual([group.id]);
      expect((await roomsAs(t.url, member.token)).map((r) => r.id)).toEqual([group.id]);
    });

    it.each([
      { name: 'no token', token: () => undefined },
      { name: 'a garbage token', token: () => 'garbage' },
      { name: 'a revoked token', token: () => revoked },
      { name: 'an over-long token', token: () => 'x'.repeat(10_000) },
    ])('the socket handshake with $name fails with connect_error "unauthorized"', async (c) => {
      await expect(connect(t.url, c.token())).rejects.toThrow(/^unauthorized$/);
    });
  });

  const intruders = [
    { role: 'outsider', user: () => outsider },
    { role: 'removed member', user: () => removed },
  ] as const;

  describe.each(intruders)('HTTP room endpoints by a $role', ({ user }) => {
    const cases: {
      name: string;
      method: string;
      path: () => string;
      body?: () => unknown;
      status: number;
      code: 'not_found' | 'forbidden';
    }[] = [
      {
        name: 'GET the room',
        method: 'GET',
        path: () => `/api/rooms/${group.id}`,
        status: 404,
        code: 'not_found',
      },
      {
        name: 'add themselves',
        method: 'POST',
        path: () => `/api/rooms/${group.id}/members`,
        body: () => ({ userId: user().user.id }),
        status: 404,
        code: 'not_found',
      },
      {
        name: 'add someone else',
        method: 'POST',
        path: () => `/api/rooms/${group.id}/members`,
        body: () => ({
          userId: outsider.user.id === user().user.id ? removed.user.id : outsider.user.id,
        }),
        status: 404,
        code: 'not_found',
      },
      {
        name: 'remove a member',
        method: 'DELETE',
        path: () => `/api/rooms/${group.id}/members/${member.user.id}`,
        status: 404,
        code: 'not_found',
      },
      {
        name: 'remove the owner',
        method: 'DELETE',
        path: () => `/api/rooms/${group.id}/members/${owner.user.id}`,
        status: 404,
        code: 'not_found',
      },
      {
        name: 'leave it',
        method: 'DELETE',
        path: () => `/api/rooms/${group.id}/members/${user().user.id}`,
        status: 404,
        code: 'not_found',
      },
    ];

    it.each(cases)('$name → $status $code, nothing changes, nothing is broadcast', async (c) => {
      const before = await groupState();
      const watchers = [watchEvents(ownerSocket), watchEvents(memberSocket)];
      const res = await http(t.url, c.method, c.path(), { token: user().token, body: c.body?.() });
      expectHttpError(res, c.status, c.code);
      await caughtUp(ownerSocket, memberSocket);
      for (const w of watchers) w.stop();
      expect(watchers.flatMap((w) => w.seen)).toEqual([]);
      expect(await groupState()).toEqual(before);
    });

    it('does not list the room', async () => {
      expect((await roomsAs(t.url, user().token)).map((r) => r.id)).not.toContain(group.id);
    });
  });

  describe.each(intruders)('socket events by a $role', ({ role, user }) => {
    let socket: ClientSocket;
    beforeAll(async () => {
      socket = await connect(t.url, user().token);
    });
    afterAll(() => socket.close());

    type Event = keyof ClientToServerEvents;
    const acked: { event: Event; name: string; payload: () => unknown }[] = [
      {
        event: 'message:send',
        name: 'a new message',
        payload: () => ({ roomId: group.id, clientId: newClientId(), type: 'text', content: 'hi' }),
      },
      {
        event: 'message:send',
        name: 'a reply to a message of the room',
        payload: () => ({
          roomId: group.id,
          clientId: newClientId(),
          type: 'text',
          content: 'hi',
          replyTo: byOwner.id,
        }),
      },
      {
        event: 'message:send',
        name: 'a resend of a clientId the removed member used while in the room',
        payload: () => ({
          roomId: group.id,
          clientId: removedClientId,
          type: 'text',
          content: 'by removed',
        }),
      },
      {
        event: 'message:edit',
        name: "an edit of a member's message",
        payload: () => ({ messageId: byOwner.id, content: 'hijacked' }),
      },
      {
        event: 'message:edit',
        name: 'an edit of their own message from before the removal',
        payload: () => ({ messageId: byRemoved.id, content: 'rewritten' }),
      },
      {
        event: 'message:delete',
        name: "a delete of a member's message",
        payload: () => ({ messageId: byMember.id }),
      },
      {
        event: 'message:delete',
        name: 'a delete of their own message from before the removal',
        payload: () => ({ messageId: byRemoved.id }),
      },
      { event: 'messages:load', name: 'a history page', payload: () => ({ roomId: group.id }) },
      {
        event: 'messages:load',
        name: 'an older history page',
        payload: () => ({ roomId: group.id, before: String(byMember.seq), limit: 1 }),
      },
      {
        event: 'messages:sync',
        name: 'a sync of the room',
        payload: () => ({ rooms: [{ roomId: group.id, afterSeq: 0, changesSince: '0' }] }),
      },
      {
        event: 'messages:read',
        name: 'a read receipt',
        payload: () => ({ roomId: group.id, upToMessageId: byMember.id }),
      },
    ];

    it.each(acked)('$event ($name) → forbidden, nothing stored or broadcast', async (c) => {
      const before = await groupState();
      const watchers = [watchEvents(ownerSocket), watchEvents(memberSocket)];
      expectAckError(await request(socket, c.event, c.payload()), 'forbidden');
      await caughtUp(ownerSocket, memberSocket);
      for (const w of watchers) w.stop();
      expect(watchers.flatMap((w) => w.seen)).toEqual([]);
      expect(await groupState()).toEqual(before);
    });

    it('messages:sync naming one of their rooms and this one → forbidden, nothing leaks', async () => {
      const own = await createDirectRoom(t.url, user().token, owner.user.id);
      const ack = await request(socket, 'messages:sync', {
        rooms: [
          { roomId: own.id, afterSeq: 0 },
          { roomId: group.id, afterSeq: 0 },
        ],
      });
      expect(JSON.stringify(ack)).not.toContain('by owner');
      expectAckError(ack, 'forbidden');
    });

    it.each(['typing:start', 'typing:stop'] as const)(
      '%s is dropped: members see no typing:update',
      async (event) => {
        const watchers = [
          watchEvents(ownerSocket, ['typing:update']),
          watchEvents(memberSocket, ['typing:update']),
        ];
        socket.emit(event, { roomId: group.id });
        // The typing indicator would be published as the event is handled: once the typist's
        // socket is caught up, it has been; each watcher's round trip then comes after it.
        await caughtUp(socket);
        await caughtUp(ownerSocket, memberSocket);
        for (const w of watchers) w.stop();
        expect(watchers.flatMap((w) => w.seen)).toEqual([]);
      },
    );

    it('presence:get tells nothing about users who share no room with them', async () => {
      // The removed member may share the direct room created above with the owner; ask about the
      // member, who is only in the group.
      const ack = ok(await request(socket, 'presence:get', { userIds: [member.user.id] }));
      expect(ack.presence).toEqual([]);
    });

    it('receives nothing the room’s members do afterwards', async () => {
      const leaks = watchEvents(socket);
      const sent = ok(await sendText(memberSocket, group.id, `while ${role} watches`)).message;
      ok(await request(memberSocket, 'message:edit', { messageId: sent.id, content: 'edited' }));
      ok(await request(ownerSocket, 'messages:read', { roomId: group.id, upToMessageId: sent.id }));
      memberSocket.emit('typing:start', { roomId: group.id });
      ok(await request(memberSocket, 'message:delete', { messageId: sent.id }));
      memberSocket.emit('typing:stop', { roomId: group.id });
      await caughtUp(memberSocket);
      await caughtUp(socket);
      leaks.stop();
      expect(leaks.seen).toEqual([]);
    });
  });

  describe('members acting on other members’ messages', () => {
    it.each([
      { event: 'message:edit', payload: () => ({ messageId: byOwner.id, content: 'not mine' }) },
      { event: 'message:delete', payload: () => ({ messageId: byOwner.id }) },
    ] as const)(
      '$event of someone else’s message → forbidden, no change, no broadcast',
      async (c) => {
        const before = await groupState();
        const watchers = [watchEvents(ownerSocket)];
        expectAckError(await request(memberSocket, c.event, c.payload()), 'forbidden');
        await caughtUp(ownerSocket);
        for (const w of watchers) w.stop();
        expect(watchers.flatMap((w) => w.seen)).toEqual([]);
        expect(await groupState()).toEqual(before);
      },
    );
  });

  it('the watchers would have seen a member’s legitimate activity (the absence checks can fail)', async () => {
    const watchers = [watchEvents(ownerSocket), watchEvents(memberSocket)];
    memberSocket.emit('typing:start', { roomId: group.id });
    const sent = ok(await sendText(memberSocket, group.id, 'control')).message;
    await caughtUp(ownerSocket, memberSocket);
    for (const w of watchers) w.stop();
    const ownerSaw = watchers[0]!.seen.map((e) => e.event);
    expect(ownerSaw).toContain('typing:update');
    expect(ownerSaw).toContain('message:new');
    expect(watchers[1]!.seen.map((e) => e.event)).toContain('message:new');
    expect((await groupState()).history.at(-1)?.id).toBe(sent.id);
  });
});
