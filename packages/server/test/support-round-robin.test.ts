import type { Conversation, Site } from '@natter/protocol';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteAgents } from '../src/db/schema.js';
import { caughtUp } from './helpers/barrier.js';
import { connect, http, recordEvents, registerUser } from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { sendOk } from './helpers/message-helpers.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

describe('round-robin auto-assignment', () => {
  let t: TestServer;
  let admin: TestUser;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    admin = await registerAdmin(t);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const track = <T extends ClientSocket>(socket: T) => {
    sockets.push(socket);
    return socket;
  };
  /** A site with `autoAssign` as given, its agents, and a socket for each agent named online. */
  const siteWith = async (autoAssign: boolean, online: number, offline = 0) => {
    const site = await createSite(t, admin, { autoAssign });
    const agents: TestUser[] = [];
    for (let i = 0; i < online + offline; i++) {
      const agent = await registerUser(t.url, 'agent');
      await addAgent(t, admin, site.id, agent.user.id);
      agents.push(agent);
    }
    const agentSockets = await Promise.all(
      agents.slice(0, online).map(async (agent) => track(await connect(t.url, agent.token))),
    );
    return { site, online: agents.slice(0, online), offline: agents.slice(online), agentSockets };
  };
  /** A new visitor's conversation, and their connected socket (nothing sent yet). */
  const visit = async (site: Site) => {
    const visitor = await startVisitor(t, site);
    const socket = track(await connect(t.url, visitor.token));
    return { roomId: visitor.room.id, token: visitor.token, socket };
  };
  const assigneeOf = async (roomId: string, agent: TestUser) => {
    const { status, body } = await http<{ conversation: Conversation }>(
      t.url,
      'GET',
      `/api/support/conversations/${roomId}`,
      { token: agent.token },
    );
    expect(status).toBe(200);
    return body.conversation.assigneeId;
  };
  /** The visitor's first message, then the assignment it started (if any) has run. */
  const firstMessage = async (visitor: { roomId: string; socket: ClientSocket }) => {
    await sendOk(visitor.socket, visitor.roomId, 'hello');
    await t.server.roundRobin.settled();
  };

  it('takes the online agents in turn, skipping offline ones, and tells the agents', async () => {
    const { site, online, offline, agentSockets } = await siteWith(true, 3, 1);
    const updates = recordEvents(agentSockets[0]!, 'conversation:updated');
    const assignees: (string | undefined)[] = [];
    const roomIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const visitor = await visit(site);
      await firstMessage(visitor);
      roomIds.push(visitor.roomId);
      assignees.push(await assigneeOf(visitor.roomId, online[0]!));
    }
    const onlineIds = online.map((agent) => agent.user.id);
    expect(new Set(assignees.slice(0, 3))).toEqual(new Set(onlineIds));
    expect(assignees[3]).toBe(assignees[0]);
    expect(assignees).not.toContain(offline[0]!.user.id);

    await caughtUp(agentSockets[0]!);
    updates.stop();
    expect(updates.seen.map((c) => [c.roomId, c.assigneeId])).toEqual(
      roomIds.map((roomId, i) => [roomId, assignees[i]]),
    );
  });

  it("does not assign on the visitor's later messages, nor over an agent's claim", async () => {
    const { site, online } = await siteWith(true, 1);
    const claimed = await visit(site);
    await http(t.url, 'POST', `/api/support/conversations/${claimed.roomId}/claim`, {
      token: online[0]!.token,
    });
    const colleague = await registerUser(t.url, 'colleague');
    await addAgent(t, admin, site.id, colleague.user.id);
    track(await connect(t.url, colleague.token));
    // The colleague never had a turn: the claim, not the rotation, decides.
    await firstMessage(claimed);
    expect(await assigneeOf(claimed.roomId, online[0]!)).toBe(online[0]!.user.id);

    const unassigned = await visit(site);
    await http(t.url, 'PATCH', `/api/sites/${site.id}`, {
      token: admin.token,
      body: { autoAssign: false },
    });
    await firstMessage(unassigned);
    await http(t.url, 'PATCH', `/api/sites/${site.id}`, {
      token: admin.token,
      body: { autoAssign: true },
    });
    await firstMessage(unassigned);
    expect(await assigneeOf(unassigned.roomId, online[0]!)).toBeUndefined();
  });

  it('leaves the conversation unassigned when the setting is off', async () => {
    const { site, online } = await siteWith(false, 2);
    const visitor = await visit(site);
    await firstMessage(visitor);
    expect(await assigneeOf(visitor.roomId, online[0]!)).toBeUndefined();
  });

  it('leaves the conversation unassigned when no agent is online', async () => {
    const { site, offline } = await siteWith(true, 0, 2);
    const visitor = await visit(site);
    await firstMessage(visitor);
    expect(await assigneeOf(visitor.roomId, offline[0]!)).toBeUndefined();
  });

  it('assigns once when first messages arrive at once, and two new conversations go to two agents', async () => {
    const { site, online, agentSockets } = await siteWith(true, 2);
    const updates = recordEvents(agentSockets[0]!, 'conversation:updated');
    const visitor = await visit(site);
    const secondTab = track(await connect(t.url, visitor.token));
    await Promise.all([
      sendOk(visitor.socket, visitor.roomId, 'one'),
      sendOk(secondTab, visitor.roomId, 'two'),
      sendOk(visitor.socket, visitor.roomId, 'three'),
    ]);
    await t.server.roundRobin.settled();
    await caughtUp(agentSockets[0]!);
    expect(updates.seen.filter((c) => c.roomId === visitor.roomId)).toHaveLength(1);
    const marked = await t.server.database.db
      .select({ userId: siteAgents.userId })
      .from(siteAgents)
      .where(and(eq(siteAgents.siteId, site.id), isNotNull(siteAgents.lastAssignedAt)));
    expect(marked).toHaveLength(1);

    const [a, b] = await Promise.all([visit(site), visit(site)]);
    await Promise.all([sendOk(a!.socket, a!.roomId, 'hi'), sendOk(b!.socket, b!.roomId, 'hi')]);
    await t.server.roundRobin.settled();
    const both = [await assigneeOf(a!.roomId, online[0]!), await assigneeOf(b!.roomId, online[0]!)];
    expect(new Set(both)).toEqual(new Set(online.map((agent) => agent.user.id)));
    updates.stop();
  });
});
