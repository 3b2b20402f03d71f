import type { Conversation, Site } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, http, ok, registerUser, request } from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { sendOk } from './helpers/message-helpers.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

describe('waitingSince: how long a visitor has been waiting for an agent', () => {
  let t: TestServer;
  let agent: TestUser;
  let site: Site;
  let agentSocket: ClientSocket;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    const admin = await registerAdmin(t);
    agent = await registerUser(t.url, 'agent');
    site = await createSite(t, admin);
    await addAgent(t, admin, site.id, agent.user.id);
    agentSocket = await connect(t.url, agent.token);
  });
  afterAll(async () => {
    for (const socket of [agentSocket, ...sockets]) socket.close();
    await t.close();
  });

  /** A new visitor with a connected socket. */
  const newVisitor = async () => {
    const visitor = await startVisitor(t, site);
    const socket = await connect(t.url, visitor.token);
    sockets.push(socket);
    return { roomId: visitor.room.id, socket };
  };
  /** The conversation as `GET /:roomId` and as the list answer it (they must agree). */
  const conversation = async (roomId: string) => {
    const one = await http<{ conversation: Conversation }>(
      t.url,
      'GET',
      `/api/support/conversations/${roomId}`,
      { token: agent.token },
    );
    const list = await http<{ conversations: Conversation[] }>(
      t.url,
      'GET',
      `/api/support/conversations?siteId=${site.id}&limit=100`,
      { token: agent.token },
    );
    expect(one.status).toBe(200);
    expect(list.body.conversations.find((c) => c.roomId === roomId)).toEqual(one.body.conversation);
    return one.body.conversation;
  };

  it('is absent while nothing was sent (and the list leaves such a conversation out)', async () => {
    const { roomId } = await newVisitor();
    const one = await http<{ conversation: Conversation }>(
      t.url,
      'GET',
      `/api/support/conversations/${roomId}`,
      { token: agent.token },
    );
    expect(one.body.conversation).not.toHaveProperty('waitingSince');
    const list = await http<{ conversations: Conversation[] }>(
      t.url,
      'GET',
      `/api/support/conversations?siteId=${site.id}&limit=100`,
      { token: agent.token },
    );
    expect(list.body.conversations.map((c) => c.roomId)).not.toContain(roomId);
  });

  it("is the visitor's first unanswered message, not the later ones", async () => {
    const { roomId, socket } = await newVisitor();
    const first = await sendOk(socket, roomId, 'hello?');
    await sendOk(socket, roomId, 'anyone there?');
    expect((await conversation(roomId)).waitingSince).toBe(first.createdAt);
  });

  it('is absent once an agent answered, and starts again at the next visitor message', async () => {
    const { roomId, socket } = await newVisitor();
    await sendOk(socket, roomId, 'question');
    await sendOk(agentSocket, roomId, 'answer');
    expect(await conversation(roomId)).not.toHaveProperty('waitingSince');

    const followUp = await sendOk(socket, roomId, 'follow-up');
    expect((await conversation(roomId)).waitingSince).toBe(followUp.createdAt);
  });

  it('ignores deleted messages: a withdrawn question waits for nothing, a deleted answer answers nothing', async () => {
    const { roomId, socket } = await newVisitor();
    const question = await sendOk(socket, roomId, 'question');
    const answer = await sendOk(agentSocket, roomId, 'wrong answer');
    ok(await request(agentSocket, 'message:delete', { messageId: answer.id }));
    expect((await conversation(roomId)).waitingSince).toBe(question.createdAt);

    ok(await request(socket, 'message:delete', { messageId: question.id }));
    expect(await conversation(roomId)).not.toHaveProperty('waitingSince');
  });
});
