import type { Conversation, Room, Site } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, http, nextEvent, ok, registerUser, sendText } from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { barrier } from './helpers/barrier.js';
import { expectHttpError, watchEvents } from './helpers/authz-helpers.js';
import {
  SITE_ORIGIN,
  addAgent,
  createSite,
  registerAdmin,
  startTalkingVisitor,
  startVisitor,
} from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

type Inbox = { conversations: Conversation[]; nextCursor?: string };

describe('support rooms and the inbox', () => {
  let t: TestServer;
  let admin: TestUser;
  let agent: TestUser;
  let colleague: TestUser;
  let foreignAgent: TestUser;
  let site: Site;
  let foreignSite: Site;
  let agentSocket: ClientSocket;
  let colleagueSocket: ClientSocket;
  let foreignSocket: ClientSocket;

  const inbox = async (token: string, query = '') => {
    const result = await http<Inbox>(t.url, 'GET', `/api/support/conversations${query}`, { token });
    expect(result.status).toBe(200);
    return result.body;
  };
  const command = (token: string, roomId: string, action: string, body?: unknown) =>
    http<{ conversation: Conversation }>(
      t.url,
      action === 'status' ? 'PUT' : 'POST',
      `/api/support/conversations/${roomId}/${action}`,
      { token, body },
    );

  beforeAll(async () => {
    t = await startTestServer();
    admin = await registerAdmin(t);
    [agent, colleague, foreignAgent] = (await Promise.all(
      ['agent', 'colleague', 'foreign'].map((p) => registerUser(t.url, p)),
    )) as [TestUser, TestUser, TestUser];
    [site, foreignSite] = await Promise.all([createSite(t, admin), createSite(t, admin)]);
    await addAgent(t, admin, site.id, agent.user.id);
    await addAgent(t, admin, site.id, colleague.user.id);
    await addAgent(t, admin, foreignSite.id, foreignAgent.user.id);
    [agentSocket, colleagueSocket, foreignSocket] = (await Promise.all(
      [agent, colleague, foreignAgent].map((u) => connect(t.url, u.token)),
    )) as [ClientSocket, ClientSocket, ClientSocket];
  });
  afterAll(async () => {
    for (const socket of [agentSocket, colleagueSocket, foreignSocket]) socket.close();
    await t.close();
  });

  it("tells every agent of the site of a new conversation and its messages, never another site's", async () => {
    const foreignSeen = watchEvents(foreignSocket);
    const arrivals = [agentSocket, colleagueSocket].map((socket) =>
      nextEvent(socket, 'room:new', (room) => room.type === 'support'),
    );
    const visitor = await startVisitor(t, site, {
      context: {
        pageUrl: `${SITE_ORIGIN}/help`,
        pageTitle: 'Help',
        referrer: 'https://search.example/',
        language: 'fr',
      },
    });
    const rooms = await Promise.all(arrivals);
    expect(rooms.map((r) => r.id)).toEqual([visitor.room.id, visitor.room.id]);

    const visitorSocket = await connect(t.url, visitor.token);
    try {
      const messages = [agentSocket, colleagueSocket].map((socket) =>
        nextEvent(socket, 'message:new', (m) => m.content === 'I need help'),
      );
      ok(await sendText(visitorSocket, visitor.room.id, 'I need help'));
      await Promise.all(messages);
      // The foreign site's own new conversation is the marker: it comes after everything above.
      await barrier(
        () => startVisitor(t, foreignSite),
        nextEvent(foreignSocket, 'room:new', (room) => room.type === 'support'),
      );
      foreignSeen.stop();
      const foreignRooms = foreignSeen.seen.map(
        (e) => e.payload as { id?: string; roomId?: string },
      );
      expect(foreignRooms.every((p) => (p.id ?? p.roomId) !== visitor.room.id)).toBe(true);
    } finally {
      visitorSocket.close();
    }

    const details = await http<{ conversation: Conversation }>(
      t.url,
      'GET',
      `/api/support/conversations/${visitor.room.id}`,
      { token: colleague.token, headers: { 'user-agent': 'test' } },
    );
    expect(details.body.conversation).toMatchObject({
      roomId: visitor.room.id,
      siteId: site.id,
      status: 'open',
      visitor: { id: visitor.visitor.id, verified: false },
      context: {
        pageUrl: `${SITE_ORIGIN}/help`,
        pageTitle: 'Help',
        referrer: 'https://search.example/',
        language: 'fr',
      },
    });
    expect(details.body.conversation.context.userAgent).toEqual(expect.any(String));
    expect(details.body.conversation).not.toHaveProperty('assigneeId');
    expectHttpError(
      await http(t.url, 'GET', `/api/support/conversations/${visitor.room.id}`, {
        token: foreignAgent.token,
      }),
      404,
      'not_found',
    );
    expectHttpError(
      await http(t.url, 'GET', `/api/rooms/${visitor.room.id}`, { token: foreignAgent.token }),
      404,
      'not_found',
    );
  });

  it("lists only the agent's sites' conversations, newest activity first, in pages", async () => {
    const first = await startTalkingVisitor(t, site);
    const second = await startTalkingVisitor(t, site);
    const foreign = await startTalkingVisitor(t, foreignSite);
    const all = await inbox(agent.token, `?siteId=${site.id}`);
    const ids = all.conversations.map((c) => c.roomId);
    expect(ids.indexOf(second.room.id)).toBeLessThan(ids.indexOf(first.room.id));
    expect(ids).not.toContain(foreign.room.id);
    expect((await inbox(agent.token)).conversations.map((c) => c.roomId)).not.toContain(
      foreign.room.id,
    );
    expect((await inbox(foreignAgent.token)).conversations.map((c) => c.roomId)).toContain(
      foreign.room.id,
    );
    // The admin made both sites, so serves both (a site's maker is its first agent).
    expect((await inbox(admin.token)).conversations.map((c) => c.roomId)).toEqual(
      expect.arrayContaining([first.room.id, second.room.id, foreign.room.id]),
    );

    const pageOne = await inbox(agent.token, `?siteId=${site.id}&limit=1`);
    expect(pageOne.conversations).toHaveLength(1);
    expect(pageOne.nextCursor).toEqual(expect.any(String));
    const pageTwo = await inbox(
      agent.token,
      `?siteId=${site.id}&limit=1&cursor=${encodeURIComponent(pageOne.nextCursor ?? '')}`,
    );
    expect(pageTwo.conversations[0]?.roomId).toBe(ids[1]);
    expectHttpError(
      await http(t.url, 'GET', '/api/support/conversations?status=closed', { token: agent.token }),
      400,
      'bad_request',
    );
  });

  it('claims, assigns, resolves and reopens; filters by status and assignee', async () => {
    const visitor = await startVisitor(t, site);
    const roomId = visitor.room.id;
    const visitorSocket = await connect(t.url, visitor.token);
    try {
      ok(await sendText(visitorSocket, roomId, 'Where is my order?'));
      const visitorSeen = watchEvents(visitorSocket, ['conversation:updated']);
      const told = nextEvent(colleagueSocket, 'conversation:updated', (c) => c.roomId === roomId);
      const claimed = await command(agent.token, roomId, 'claim');
      expect(claimed.body.conversation.assigneeId).toBe(agent.user.id);
      expect((await told).assigneeId).toBe(agent.user.id);

      const mine = await inbox(agent.token, '?assignee=mine');
      expect(mine.conversations.map((c) => c.roomId)).toContain(roomId);
      expect(
        (await inbox(colleague.token, '?assignee=mine')).conversations.map((c) => c.roomId),
      ).not.toContain(roomId);
      expect(
        (await inbox(agent.token, '?assignee=unassigned')).conversations.map((c) => c.roomId),
      ).not.toContain(roomId);

      const assigned = await command(agent.token, roomId, 'assign', { userId: colleague.user.id });
      expect(assigned.body.conversation.assigneeId).toBe(colleague.user.id);
      expectHttpError(
        await command(agent.token, roomId, 'assign', { userId: foreignAgent.user.id }),
        404,
        'not_found',
      );

      expect(
        (await command(colleague.token, roomId, 'status', { status: 'pending' })).body.conversation
          .status,
      ).toBe('pending');
      expect(
        (await command(colleague.token, roomId, 'status', { status: 'resolved' })).body.conversation
          .status,
      ).toBe('resolved');
      expect(
        (await inbox(agent.token, '?status=resolved')).conversations.map((c) => c.roomId),
      ).toContain(roomId);
      expect(
        (await inbox(agent.token, '?status=open')).conversations.map((c) => c.roomId),
      ).not.toContain(roomId);
      expect(
        (await command(agent.token, roomId, 'status', { status: 'open' })).body.conversation.status,
      ).toBe('open');

      for (const [action, body] of [
        ['claim', undefined],
        ['assign', { userId: foreignAgent.user.id }],
        ['status', { status: 'resolved' }],
      ] as const) {
        expectHttpError(await command(foreignAgent.token, roomId, action, body), 404, 'not_found');
      }
      expectHttpError(
        await command(agent.token, roomId, 'status', { status: 'done' }),
        400,
        'bad_request',
      );

      // The visitor hears of none of it: its own message after the changes is the marker.
      await barrier(
        () => sendText(visitorSocket, roomId, 'marker'),
        nextEvent(visitorSocket, 'message:new', (m) => m.content === 'marker'),
      );
      visitorSeen.stop();
      expect(visitorSeen.seen).toEqual([]);
    } finally {
      visitorSocket.close();
    }
  });

  it('leaves out a conversation until its visitor writes, then lists it', async () => {
    const visitor = await startVisitor(t, site);
    const listed = async () =>
      (await inbox(agent.token, `?siteId=${site.id}`)).conversations.map((c) => c.roomId);
    expect(await listed()).not.toContain(visitor.room.id);
    // Still reachable by id: a link to it (or its room:new) opens it.
    expect(
      (
        await http(t.url, 'GET', `/api/support/conversations/${visitor.room.id}`, {
          token: agent.token,
        })
      ).status,
    ).toBe(200);

    const visitorSocket = await connect(t.url, visitor.token);
    try {
      ok(await sendText(visitorSocket, visitor.room.id, 'Hi there'));
    } finally {
      visitorSocket.close();
    }
    expect(await listed()).toContain(visitor.room.id);
  });

  it("names the conversation's visitor on its room, for agents and the visitor; no other room", async () => {
    const visitor = await startVisitor(t, site);
    expect(visitor.room.visitorId).toBe(visitor.visitor.id);
    const asAgent = await http<{ room: Room }>(t.url, 'GET', `/api/rooms/${visitor.room.id}`, {
      token: agent.token,
    });
    expect(asAgent.body.room.visitorId).toBe(visitor.visitor.id);
    const group = await http<{ room: Room }>(t.url, 'POST', '/api/rooms', {
      token: agent.token,
      body: { type: 'group', name: 'Team', participantIds: [colleague.user.id] },
    });
    expect(group.status).toBe(201);
    expect(group.body.room).not.toHaveProperty('visitorId');
  });

  it('makes a new agent a member of the existing conversations of the site', async () => {
    const visitor = await startVisitor(t, site);
    const newcomer = await registerUser(t.url, 'newcomer');
    const socket = await connect(t.url, newcomer.token);
    try {
      const joined = nextEvent(socket, 'room:new', (room) => room.id === visitor.room.id);
      await addAgent(t, admin, site.id, newcomer.user.id);
      await joined;
      const visitorSocket = await connect(t.url, visitor.token);
      const message = nextEvent(socket, 'message:new', (m) => m.roomId === visitor.room.id);
      ok(await sendText(visitorSocket, visitor.room.id, 'anyone?'));
      expect((await message).content).toBe('anyone?');
      visitorSocket.close();
    } finally {
      socket.close();
    }
  });

  it('stops sending to a removed agent at once, and takes the rooms from them', async () => {
    const leaver = await registerUser(t.url, 'leaver');
    await addAgent(t, admin, site.id, leaver.user.id);
    const visitor = await startVisitor(t, site);
    const leaverSocket = await connect(t.url, leaver.token);
    const visitorSocket = await connect(t.url, visitor.token);
    try {
      const removedEvent = nextEvent(
        leaverSocket,
        'room:removed',
        (e) => e.roomId === visitor.room.id,
      );
      const removal = await http(
        t.url,
        'DELETE',
        `/api/sites/${site.id}/agents/${leaver.user.id}`,
        {
          token: admin.token,
        },
      );
      expect(removal.status).toBe(204);
      await removedEvent;

      const seen = watchEvents(leaverSocket);
      ok(await sendText(visitorSocket, visitor.room.id, 'secret order number'));
      // The leaver's own direct room with the agent carries the marker.
      const direct = await http<{ room: Room }>(t.url, 'POST', '/api/rooms', {
        token: agent.token,
        body: { type: 'direct', participantIds: [leaver.user.id] },
      });
      await barrier(
        () => sendText(agentSocket, direct.body.room.id, 'marker'),
        nextEvent(leaverSocket, 'message:new', (m) => m.content === 'marker'),
      );
      seen.stop();
      expect(
        seen.seen.filter((e) => (e.payload as { roomId?: string }).roomId === visitor.room.id),
      ).toEqual([]);
      expectHttpError(
        await http(t.url, 'GET', `/api/rooms/${visitor.room.id}`, { token: leaver.token }),
        404,
        'not_found',
      );
      expect((await inbox(leaver.token)).conversations).toEqual([]);
    } finally {
      leaverSocket.close();
      visitorSocket.close();
    }
  });

  it('lets an agent reply, and the visitor receives it', async () => {
    const visitor = await startVisitor(t, site);
    const visitorSocket = await connect(t.url, visitor.token);
    try {
      const reply = nextEvent(visitorSocket, 'message:new', (m) => m.content === 'How can I help?');
      ok(await sendText(agentSocket, visitor.room.id, 'How can I help?'));
      expect((await reply).senderId).toBe(agent.user.id);
    } finally {
      visitorSocket.close();
    }
  });
});
