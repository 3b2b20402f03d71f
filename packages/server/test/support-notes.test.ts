import type { Note, Room, Site, WidgetSessionResponse } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  http,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { barrier } from './helpers/barrier.js';
import { expectHttpError, watchEvents } from './helpers/authz-helpers.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const SECRET = 'note: refund approved, do not tell yet';

/** Private notes reach the site's agents and no visitor, by any path. */
describe('private notes', () => {
  let t: TestServer;
  let agent: TestUser;
  let colleague: TestUser;
  let foreignAgent: TestUser;
  let site: Site;
  let visitor: WidgetSessionResponse;
  let agentSocket: ClientSocket;
  let colleagueSocket: ClientSocket;
  let visitorSocket: ClientSocket;
  let note: Note;
  let visitorSeen: ReturnType<typeof watchEvents>;

  const addNote = (token: string, roomId: string, content: unknown) =>
    http<{ note: Note }>(t.url, 'POST', `/api/support/conversations/${roomId}/notes`, {
      token,
      body: { content },
    });

  beforeAll(async () => {
    t = await startTestServer();
    const admin = await registerAdmin(t);
    [agent, colleague, foreignAgent] = (await Promise.all(
      ['agent', 'colleague', 'foreign'].map((p) => registerUser(t.url, p)),
    )) as [TestUser, TestUser, TestUser];
    site = await createSite(t, admin);
    const foreignSite = await createSite(t, admin);
    await addAgent(t, admin, site.id, agent.user.id);
    await addAgent(t, admin, site.id, colleague.user.id);
    await addAgent(t, admin, foreignSite.id, foreignAgent.user.id);
    visitor = await startVisitor(t, site);
    [agentSocket, colleagueSocket, visitorSocket] = (await Promise.all(
      [agent.token, colleague.token, visitor.token].map((token) => connect(t.url, token)),
    )) as [ClientSocket, ClientSocket, ClientSocket];
    ok(await sendText(visitorSocket, visitor.room.id, 'where is my order?'));

    // Everything the visitor's socket receives from the note on, whatever the event.
    visitorSeen = watchEvents(visitorSocket, [
      'message:new',
      'message:updated',
      'conversation:note',
      'conversation:updated',
      'room:new',
      'room:members',
    ]);
    const toColleague = nextEvent(
      colleagueSocket,
      'conversation:note',
      (n) => n.content === SECRET,
    );
    const added = await addNote(agent.token, visitor.room.id, SECRET);
    expect(added.status).toBe(201);
    note = added.body.note;
    expect(await toColleague).toEqual(note);
    // The agent's reply after the note is the marker: the visitor has had everything before it.
    await barrier(
      () => sendText(agentSocket, visitor.room.id, 'Let me check.'),
      nextEvent(visitorSocket, 'message:new', (m) => m.content === 'Let me check.'),
    );
    visitorSeen.stop();
  });
  afterAll(async () => {
    for (const socket of [agentSocket, colleagueSocket, visitorSocket]) socket.close();
    await t.close();
  });

  it("answers the note with its author, and lists it for the site's agents", async () => {
    expect(note).toMatchObject({
      roomId: visitor.room.id,
      author: { id: agent.user.id },
      content: SECRET,
    });
    const listed = await http<{ notes: Note[] }>(
      t.url,
      'GET',
      `/api/support/conversations/${visitor.room.id}/notes`,
      { token: colleague.token },
    );
    expect(listed.body.notes).toEqual([note]);
  });

  it('never reaches the visitor live', () => {
    expect(visitorSeen.seen.map((e) => e.event)).toEqual(['message:new']);
    expect(JSON.stringify(visitorSeen.seen)).not.toContain(SECRET);
  });

  it("is not in the visitor's history or sync", async () => {
    const page = ok(await request(visitorSocket, 'messages:load', { roomId: visitor.room.id }));
    expect(page.messages.map((m) => m.content)).toEqual(['where is my order?', 'Let me check.']);
    const sync = ok(
      await request(visitorSocket, 'messages:sync', {
        rooms: [{ roomId: visitor.room.id, afterSeq: 0, changesSince: '0' }],
      }),
    );
    expect(JSON.stringify(sync)).not.toContain(SECRET);
    // The room's seqs stay gapless: the note took none.
    expect(sync.rooms[0]?.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("is not the visitor's rooms list lastMessage, nor counted unread", async () => {
    const rooms = await http<{ rooms: Room[] }>(t.url, 'GET', '/api/rooms', {
      token: visitor.token,
    });
    const room = rooms.body.rooms.find((r) => r.id === visitor.room.id);
    expect(room?.lastMessage?.content).toBe('Let me check.');
    expect(room?.unreadCount).toBe(1);
    const one = await http<{ room: Room }>(t.url, 'GET', `/api/rooms/${visitor.room.id}`, {
      token: visitor.token,
    });
    expect(JSON.stringify(one.body)).not.toContain(SECRET);
  });

  it('is refused to the visitor and to agents of other sites', async () => {
    const path = `/api/support/conversations/${visitor.room.id}/notes`;
    expectHttpError(await http(t.url, 'GET', path, { token: visitor.token }), 403, 'forbidden');
    expectHttpError(await addNote(visitor.token, visitor.room.id, 'hi'), 403, 'forbidden');
    expectHttpError(
      await http(t.url, 'GET', path, { token: foreignAgent.token }),
      404,
      'not_found',
    );
    expectHttpError(await addNote(foreignAgent.token, visitor.room.id, 'hi'), 404, 'not_found');
  });

  it('refuses an empty or oversized note, naming the field', async () => {
    for (const content of ['', '   ', 'x'.repeat(20_000), 42]) {
      const result = await addNote(agent.token, visitor.room.id, content);
      expect(expectHttpError(result, 400, 'bad_request')).toMatch(/^content: /);
    }
  });
});
