import type { ClientToServerEvents, Site, WidgetSessionResponse } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
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
import { barrier, caughtUp } from './helpers/barrier.js';
import { expectAckError, expectHttpError, watchEvents } from './helpers/authz-helpers.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/**
 * A visitor token reaches only that visitor's support rooms of that site: every user endpoint
 * and every socket event outside them is refused, and leaves no trace.
 */
describe('what a visitor token cannot reach', () => {
  let t: TestServer;
  let admin: TestUser;
  let agent: TestUser;
  let user: TestUser;
  let site: Site;
  let visitor: WidgetSessionResponse;
  let other: WidgetSessionResponse;
  let group: { id: string };
  let visitorSocket: ClientSocket;
  let otherSocket: ClientSocket;
  let agentSocket: ClientSocket;
  let userSocket: ClientSocket;
  let byOther: { id: string };

  beforeAll(async () => {
    t = await startTestServer();
    admin = await registerAdmin(t);
    [agent, user] = await Promise.all([registerUser(t.url, 'agent'), registerUser(t.url, 'user')]);
    site = await createSite(t, admin);
    await addAgent(t, admin, site.id, agent.user.id);
    [visitor, other] = await Promise.all([startVisitor(t, site), startVisitor(t, site)]);
    group = await createGroupRoom(t.url, user.token, [agent.user.id]);
    const sockets = await Promise.all(
      [visitor.token, other.token, agent.token, user.token].map((token) => connect(t.url, token)),
    );
    [visitorSocket, otherSocket, agentSocket, userSocket] = sockets as [
      ClientSocket,
      ClientSocket,
      ClientSocket,
      ClientSocket,
    ];
    // The agent's delivery mark is announced in a later batch, to the room but the agent: wait
    // for it, and for the agent's socket to have read the message it was handed before, so no
    // test sees either.
    const mark = nextEvent(
      otherSocket,
      'messages:delivered:update',
      (e) => e.userId === agent.user.id,
    );
    byOther = ok(await sendText(otherSocket, other.room.id, 'mine')).message;
    await mark;
    await caughtUp(agentSocket);
  });
  afterAll(async () => {
    for (const socket of [visitorSocket, otherSocket, agentSocket, userSocket]) socket.close();
    await t.close();
  });

  /**
   * `caughtUp` for a visitor's socket, which may not ask for presence: an empty sync changes
   * nothing (a load would mark messages delivered) and its ack comes after anything sent before.
   */
  const visitorCaughtUp = async (socket: ClientSocket) =>
    ok(await request(socket, 'messages:sync', { rooms: [] }));

  const refusedRoutes: {
    route: string;
    method: string;
    path: () => string;
    body?: () => unknown;
  }[] = [
    { route: 'GET /api/users?query=a', method: 'GET', path: () => '/api/users?query=a' },
    { route: 'GET /api/users?ids=', method: 'GET', path: () => `/api/users?ids=${agent.user.id}` },
    { route: 'POST /api/auth/logout-all', method: 'POST', path: () => '/api/auth/logout-all' },
    {
      route: 'PATCH /api/me',
      method: 'PATCH',
      path: () => '/api/me',
      body: () => ({ displayName: 'Agent Smith' }),
    },
    {
      route: 'POST /api/me/avatar-upload',
      method: 'POST',
      path: () => '/api/me/avatar-upload',
      body: () => ({ mimeType: 'image/png', size: 100 }),
    },
    {
      route: 'POST /api/me/password',
      method: 'POST',
      path: () => '/api/me/password',
      body: () => ({ currentPassword: 'x', newPassword: 'long enough password' }),
    },
    {
      route: 'POST /api/rooms (direct)',
      method: 'POST',
      path: () => '/api/rooms',
      body: () => ({ type: 'direct', participantIds: [agent.user.id] }),
    },
    {
      route: 'POST /api/rooms (group)',
      method: 'POST',
      path: () => '/api/rooms',
      body: () => ({ type: 'group', name: 'x', participantIds: [agent.user.id] }),
    },
    {
      route: 'POST /api/rooms/:id/members',
      method: 'POST',
      path: () => `/api/rooms/${visitor.room.id}/members`,
      body: () => ({ userId: other.visitor.id }),
    },
    {
      route: 'PATCH /api/rooms/:id',
      method: 'PATCH',
      path: () => `/api/rooms/${visitor.room.id}`,
      body: () => ({ memberAddPolicy: 'admins' }),
    },
    {
      route: 'PUT /api/rooms/:id/members/:userId',
      method: 'PUT',
      path: () => `/api/rooms/${visitor.room.id}/members/${agent.user.id}`,
      body: () => ({ role: 'admin' }),
    },
    {
      route: 'DELETE /api/rooms/:id/members/:userId',
      method: 'DELETE',
      path: () => `/api/rooms/${visitor.room.id}/members/${agent.user.id}`,
    },
    {
      route: 'PUT /api/users/:id/block',
      method: 'PUT',
      path: () => `/api/users/${agent.user.id}/block`,
    },
    {
      route: 'DELETE /api/users/:id/block',
      method: 'DELETE',
      path: () => `/api/users/${agent.user.id}/block`,
    },
    { route: 'GET /api/sites', method: 'GET', path: () => '/api/sites' },
    { route: 'GET /api/sites/:id', method: 'GET', path: () => `/api/sites/${site.id}` },
    {
      route: 'GET /api/sites/:id/agents',
      method: 'GET',
      path: () => `/api/sites/${site.id}/agents`,
    },
    {
      route: 'POST /api/sites',
      method: 'POST',
      path: () => '/api/sites',
      body: () => ({ name: 'x', allowedOrigins: ['https://x.example'] }),
    },
    {
      route: 'GET /api/support/conversations',
      method: 'GET',
      path: () => '/api/support/conversations',
    },
    {
      route: 'GET /api/support/conversations/:roomId',
      method: 'GET',
      path: () => `/api/support/conversations/${visitor.room.id}`,
    },
    {
      route: 'POST /api/support/conversations/:roomId/claim',
      method: 'POST',
      path: () => `/api/support/conversations/${visitor.room.id}/claim`,
    },
    {
      route: 'GET /api/support/conversations/:roomId/notes',
      method: 'GET',
      path: () => `/api/support/conversations/${visitor.room.id}/notes`,
    },
    {
      route: 'POST /api/support/conversations/:roomId/notes',
      method: 'POST',
      path: () => `/api/support/conversations/${visitor.room.id}/notes`,
      body: () => ({ content: 'x' }),
    },
    {
      route: 'PUT /api/support/conversations/:roomId/status',
      method: 'PUT',
      path: () => `/api/support/conversations/${visitor.room.id}/status`,
      body: () => ({ status: 'resolved' }),
    },
  ];

  it.each(refusedRoutes)(
    '$route refuses the visitor with 403 forbidden, nothing broadcast',
    async (c) => {
      const watchers = [watchEvents(agentSocket), watchEvents(otherSocket)];
      const result = await http(t.url, c.method, c.path(), {
        token: visitor.token,
        body: c.body?.(),
      });
      expect(expectHttpError(result, 403, 'forbidden')).toBe('a visitor may not use this route');
      await caughtUp(agentSocket);
      await visitorCaughtUp(otherSocket);
      for (const w of watchers) w.stop();
      expect(watchers.flatMap((w) => w.seen)).toEqual([]);
    },
  );

  it('left the rooms as they were', async () => {
    const room = await http<{ room: { participants: string[] } }>(
      t.url,
      'GET',
      `/api/rooms/${visitor.room.id}`,
      { token: agent.token },
    );
    expect(room.body.room.participants.sort()).toEqual(
      [visitor.visitor.id, agent.user.id, admin.user.id].sort(),
    );
  });

  it('reads itself, its own rooms and nothing else over the routes it may use', async () => {
    const me = await http<{ user: { id: string } }>(t.url, 'GET', '/api/me', {
      token: visitor.token,
    });
    expect(me.body.user.id).toBe(visitor.visitor.id);
    const rooms = await http<{ rooms: { id: string }[] }>(t.url, 'GET', '/api/rooms', {
      token: visitor.token,
    });
    expect(rooms.body.rooms.map((r) => r.id)).toEqual([visitor.room.id]);
    for (const roomId of [other.room.id, group.id]) {
      expectHttpError(
        await http(t.url, 'GET', `/api/rooms/${roomId}`, { token: visitor.token }),
        404,
        'not_found',
      );
    }
  });

  it('may ask for an upload URL in its own room only', async () => {
    const upload = (roomId: string) =>
      http(t.url, 'POST', '/api/uploads', {
        token: visitor.token,
        body: { roomId, filename: 'a.txt', mimeType: 'text/plain', size: 3 },
      });
    expect((await upload(visitor.room.id)).status).toBe(201);
    expectHttpError(await upload(other.room.id), 404, 'not_found');
    expectHttpError(await upload(group.id), 404, 'not_found');
  });

  type Event = keyof ClientToServerEvents;
  const refusedEvents: { event: Event; name: string; payload: () => unknown }[] = [
    {
      event: 'presence:get',
      name: "an agent's presence",
      payload: () => ({ userIds: [agent.user.id] }),
    },
    {
      event: 'message:send',
      name: "into another visitor's room",
      payload: () => ({
        roomId: other.room.id,
        clientId: newClientId(),
        type: 'text',
        content: 'x',
      }),
    },
    {
      event: 'message:send',
      name: "into a users' group",
      payload: () => ({ roomId: group.id, clientId: newClientId(), type: 'text', content: 'x' }),
    },
    {
      event: 'message:edit',
      name: "another visitor's message",
      payload: () => ({ messageId: byOther.id, content: 'x' }),
    },
    {
      event: 'message:delete',
      name: "another visitor's message",
      payload: () => ({ messageId: byOther.id }),
    },
    {
      event: 'messages:load',
      name: "another visitor's room",
      payload: () => ({ roomId: other.room.id }),
    },
    {
      event: 'messages:sync',
      name: "another visitor's room",
      payload: () => ({ rooms: [{ roomId: other.room.id, afterSeq: 0, changesSince: '0' }] }),
    },
    {
      event: 'messages:read',
      name: "another visitor's room",
      payload: () => ({ roomId: other.room.id, upToMessageId: byOther.id }),
    },
  ];

  it.each(refusedEvents)('$event ($name) → forbidden, nothing broadcast', async (c) => {
    const watchers = [watchEvents(agentSocket), watchEvents(otherSocket), watchEvents(userSocket)];
    expectAckError(await request(visitorSocket, c.event, c.payload()), 'forbidden');
    await caughtUp(agentSocket, userSocket);
    await visitorCaughtUp(otherSocket);
    for (const w of watchers) w.stop();
    expect(watchers.flatMap((w) => w.seen)).toEqual([]);
  });

  it("typing in another visitor's room reaches nobody", async () => {
    const seen = watchEvents(otherSocket, ['typing:update']);
    visitorSocket.emit('typing:start', { roomId: other.room.id });
    await visitorCaughtUp(visitorSocket);
    await barrier(
      () => agentSocket.emit('typing:start', { roomId: other.room.id }),
      nextEvent(otherSocket, 'typing:update', (e) => e.userId === agent.user.id),
    );
    seen.stop();
    expect(seen.seen.map((e) => (e.payload as { userId: string }).userId)).toEqual([agent.user.id]);
    agentSocket.emit('typing:stop', { roomId: other.room.id });
  });

  it("never receives another visitor's conversation or a users' group", async () => {
    const seen = watchEvents(visitorSocket);
    ok(await sendText(userSocket, group.id, 'team talk'));
    ok(await sendText(agentSocket, other.room.id, 'to the other visitor'));
    // The agent's reply in the visitor's own room is the marker: it comes after both.
    await barrier(
      () => sendText(agentSocket, visitor.room.id, 'marker'),
      nextEvent(visitorSocket, 'message:new', (m) => m.content === 'marker'),
    );
    seen.stop();
    // Whatever arrived (the marker, receipts of it) is about the visitor's own room only.
    const rooms = seen.seen.map((e) => (e.payload as { roomId: string }).roomId);
    expect(new Set(rooms)).toEqual(new Set([visitor.room.id]));
    expect(seen.seen.filter((e) => e.event === 'message:new')).toHaveLength(1);
  });

  it('cannot be put in a room by a user, found in a search, or signed in as', async () => {
    expectHttpError(
      await http(t.url, 'POST', '/api/rooms', {
        token: user.token,
        body: { type: 'direct', participantIds: [visitor.visitor.id] },
      }),
      404,
      'not_found',
    );
    expectHttpError(
      await http(t.url, 'POST', `/api/rooms/${group.id}/members`, {
        token: user.token,
        body: { userId: visitor.visitor.id },
      }),
      404,
      'not_found',
    );
    const me = await http<{ user: { username: string } }>(t.url, 'GET', '/api/me', {
      token: visitor.token,
    });
    const search = await http<{ users: { id: string }[] }>(
      t.url,
      'GET',
      `/api/users?query=${encodeURIComponent(me.body.user.username.slice(0, 12))}`,
      { token: user.token },
    );
    expect(search.body.users.map((u) => u.id)).not.toContain(visitor.visitor.id);
    expectHttpError(
      await http(t.url, 'POST', '/api/auth/login', {
        body: { username: me.body.user.username, password: 'anything at all' },
      }),
      401,
      'unauthorized',
    );
  });

  it('chats in its own room with the agents', async () => {
    const arrival = nextEvent(agentSocket, 'message:new', (m) => m.content === 'hello?');
    ok(await sendText(visitorSocket, visitor.room.id, 'hello?'));
    expect((await arrival).senderId).toBe(visitor.visitor.id);
  });
});
