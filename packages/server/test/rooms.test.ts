import type { Room, RoomResponse } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  recordEvents,
  registerUser,
  request,
  sendText,
  settle,
} from './helpers/clients.js';
import { caughtUp } from './helpers/barrier.js';
import type { TestUser } from './helpers/clients.js';
import {
  addMember,
  expectAckError,
  expectHttpError,
  removeMember,
  roomAs,
  roomsAs,
  sorted,
  watchEvents,
} from './helpers/authz-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

describe('rooms', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const users = (n: number, prefix = 'r') =>
    Promise.all(Array.from({ length: n }, () => registerUser(t.url, prefix)));
  const postRoom = (token: string, body: unknown) =>
    http<RoomResponse>(t.url, 'POST', '/api/rooms', { token, body });

  describe('direct rooms', () => {
    it('creates one with 201, then answers 200 with the same room from either side', async () => {
      const [alice, bob] = (await users(2, 'dm')) as [TestUser, TestUser];
      const created = await postRoom(alice.token, {
        type: 'direct',
        participantIds: [bob.user.id],
      });
      expect(created.status).toBe(201);
      expect(created.body.room).toMatchObject({ type: 'direct', unreadCount: 0 });
      expect(created.body.room.name).toBeUndefined();
      expect(created.body.room.lastMessage).toBeUndefined();
      expect(sorted(created.body.room.participants)).toEqual(sorted([alice.user.id, bob.user.id]));

      const again = await postRoom(alice.token, { type: 'direct', participantIds: [bob.user.id] });
      const reverse = await postRoom(bob.token, {
        type: 'direct',
        participantIds: [alice.user.id],
      });
      expect([again.status, reverse.status]).toEqual([200, 200]);
      expect(again.body.room.id).toBe(created.body.room.id);
      expect(reverse.body.room.id).toBe(created.body.room.id);
      expect((await roomsAs(t.url, bob.token)).map((r) => r.id)).toEqual([created.body.room.id]);
    });

    it('announces a new direct room with room:new to both users’ connected sockets', async () => {
      const [alice, bob] = (await users(2, 'dmn')) as [TestUser, TestUser];
      const [a, b] = [await connect(t.url, alice.token), await connect(t.url, bob.token)];
      const toAlice = nextEvent(a, 'room:new');
      const toBob = nextEvent(b, 'room:new');
      const room = await createDirectRoom(t.url, alice.token, bob.user.id);
      expect((await toAlice).id).toBe(room.id);
      expect((await toBob).id).toBe(room.id);
      // Bob's socket is in the room at once: he receives its first message without reconnecting.
      const arrival = nextEvent(b, 'message:new');
      const sent = ok(await sendText(a, room.id, 'first'));
      expect((await arrival).id).toBe(sent.message.id);
      a.close();
      b.close();
    });

    it('creates exactly one room when both users create it at the same moment', async () => {
      for (let i = 0; i < 5; i++) {
        const [alice, bob] = (await users(2, 'race')) as [TestUser, TestUser];
        const [fromAlice, fromBob] = await Promise.all([
          postRoom(alice.token, { type: 'direct', participantIds: [bob.user.id] }),
          postRoom(bob.token, { type: 'direct', participantIds: [alice.user.id] }),
        ]);
        expect([fromAlice.status, fromBob.status].sort()).toEqual([200, 201]);
        expect(fromAlice.body.room.id).toBe(fromBob.body.room.id);
        expect((await roomsAs(t.url, alice.token)).map((r) => r.id)).toEqual([
          fromAlice.body.room.id,
        ]);
        expect((await roomsAs(t.url, bob.token)).map((r) => r.id)).toEqual([
          fromAlice.body.room.id,
        ]);
      }
    });

    it('refuses a direct room with oneself: 400 bad_request, nothing created', async () => {
      const [alice] = (await users(1, 'self')) as [TestUser];
      const res = await postRoom(alice.token, { type: 'direct', participantIds: [alice.user.id] });
      expect(expectHttpError(res, 400, 'bad_request')).toContain('participantIds');
      expect(await roomsAs(t.url, alice.token)).toEqual([]);
    });

    it('answers 404 not_found for an unknown user, nothing created', async () => {
      const [alice] = (await users(1, 'unk')) as [TestUser];
      const res = await postRoom(alice.token, {
        type: 'direct',
        participantIds: [crypto.randomUUID()],
      });
      expectHttpError(res, 404, 'not_found');
      expect(await roomsAs(t.url, alice.token)).toEqual([]);
    });

    it('refuses a direct room with two or zero others: 400 bad_request naming participantIds', async () => {
      const [alice, bob, carol] = (await users(3, 'two')) as [TestUser, TestUser, TestUser];
      for (const participantIds of [[bob.user.id, carol.user.id], []]) {
        const res = await postRoom(alice.token, { type: 'direct', participantIds });
        expect(expectHttpError(res, 400, 'bad_request')).toContain('participantIds');
      }
      expect(await roomsAs(t.url, alice.token)).toEqual([]);
    });
  });

  describe('group rooms', () => {
    it('creates a group with 201; the caller is a participant and its owner', async () => {
      const [alice, bob, carol] = (await users(3, 'grp')) as [TestUser, TestUser, TestUser];
      const res = await postRoom(alice.token, {
        type: 'group',
        name: '  Planning  ',
        participantIds: [bob.user.id, carol.user.id, bob.user.id],
      });
      expect(res.status).toBe(201);
      expect(res.body.room).toMatchObject({ type: 'group', name: 'Planning', unreadCount: 0 });
      expect(sorted(res.body.room.participants)).toEqual(
        sorted([alice.user.id, bob.user.id, carol.user.id]),
      );
      // Naming oneself among the participants does not add one twice.
      const withSelf = await postRoom(alice.token, {
        type: 'group',
        name: 'Self',
        participantIds: [alice.user.id, bob.user.id],
      });
      expect(sorted(withSelf.body.room.participants)).toEqual(sorted([alice.user.id, bob.user.id]));
      // Owner: may remove another member.
      await removeMember(t.url, alice.token, res.body.room.id, carol.user.id);
    });

    it('refuses an unknown participant with 400 bad_request naming participantIds; nothing created', async () => {
      const [alice, bob] = (await users(2, 'gunk')) as [TestUser, TestUser];
      const res = await postRoom(alice.token, {
        type: 'group',
        name: 'Ghosts',
        participantIds: [bob.user.id, crypto.randomUUID()],
      });
      expect(expectHttpError(res, 400, 'bad_request')).toContain('participantIds');
      expect(await roomsAs(t.url, alice.token)).toEqual([]);
      expect(await roomsAs(t.url, bob.token)).toEqual([]);
    });

    it.each([
      {
        name: 'a blank name',
        body: { type: 'group', name: '   ', participantIds: [] },
        field: 'name',
      },
      { name: 'no name', body: { type: 'group', participantIds: [] }, field: 'name' },
      {
        name: 'a 101-character name',
        body: { type: 'group', name: 'n'.repeat(101), participantIds: [] },
        field: 'name',
      },
      { name: 'an unknown type', body: { type: 'channel', participantIds: [] }, field: 'type' },
    ])('refuses $name with 400 bad_request naming $field', async ({ body, field }) => {
      const [alice] = (await users(1, 'gbad')) as [TestUser];
      expect(expectHttpError(await postRoom(alice.token, body), 400, 'bad_request')).toContain(
        field,
      );
      expect(await roomsAs(t.url, alice.token)).toEqual([]);
    });
  });

  describe('listing', () => {
    it('lists the caller’s rooms, most recent activity first, with lastMessage and the caller’s unreadCount', async () => {
      const [alice, bob, carol] = (await users(3, 'lst')) as [TestUser, TestUser, TestUser];
      const withBob = await createDirectRoom(t.url, alice.token, bob.user.id);
      await settle(5);
      const group = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
      await settle(5);
      const withCarol = await createDirectRoom(t.url, alice.token, carol.user.id);
      const ids = async (user: TestUser) => (await roomsAs(t.url, user.token)).map((r) => r.id);
      expect(await ids(alice)).toEqual([withCarol.id, group.id, withBob.id]);

      const b = await connect(t.url, bob.token);
      ok(await sendText(b, withBob.id, 'one'));
      const last = ok(await sendText(b, withBob.id, 'two')).message;
      expect(await ids(alice)).toEqual([withBob.id, withCarol.id, group.id]);
      expect(await ids(bob)).toEqual([withBob.id, group.id]);
      expect(await ids(carol)).toEqual([withCarol.id, group.id]);

      const aliceView = (await roomsAs(t.url, alice.token))[0] as Room;
      expect(aliceView.unreadCount).toBe(2);
      expect(aliceView.lastMessage).toMatchObject({
        id: last.id,
        content: 'two',
        seq: 2,
        senderId: bob.user.id,
      });
      const bobView = (await roomsAs(t.url, bob.token))[0] as Room;
      expect(bobView.unreadCount).toBe(0);
      expect(bobView.lastMessage?.id).toBe(last.id);

      // Reading clears Alice's count and nobody else's.
      const a = await connect(t.url, alice.token);
      ok(await request(a, 'messages:read', { roomId: withBob.id, upToMessageId: last.id }));
      expect((await roomAs(t.url, alice.token, withBob.id)).unreadCount).toBe(0);
      const groupMsg = ok(await sendText(b, group.id, 'to all')).message;
      expect((await roomAs(t.url, alice.token, group.id)).unreadCount).toBe(1);
      expect((await roomAs(t.url, carol.token, group.id)).unreadCount).toBe(1);
      expect((await roomAs(t.url, bob.token, group.id)).lastMessage?.id).toBe(groupMsg.id);
      a.close();
      b.close();
    });

    it('GET /api/rooms/:id answers the room to a member and 404 not_found to anyone else', async () => {
      const [alice, bob, eve] = (await users(3, 'get')) as [TestUser, TestUser, TestUser];
      const room = await createDirectRoom(t.url, alice.token, bob.user.id);
      const res = await http<RoomResponse>(t.url, 'GET', `/api/rooms/${room.id}`, {
        token: bob.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.room.id).toBe(room.id);
      expectHttpError(
        await http(t.url, 'GET', `/api/rooms/${room.id}`, { token: eve.token }),
        404,
        'not_found',
      );
      expectHttpError(
        await http(t.url, 'GET', `/api/rooms/${crypto.randomUUID()}`, { token: eve.token }),
        404,
        'not_found',
      );
    });
  });

  describe('membership', () => {
    it('adding a member sends them room:new, others one room:members, and they receive messages at once', async () => {
      const [owner, member, newcomer] = (await users(3, 'add')) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, owner.token, [member.user.id]);
      const sockets = {
        owner: await connect(t.url, owner.token),
        member: await connect(t.url, member.token),
        newcomer: await connect(t.url, newcomer.token),
      };
      const newRoom = nextEvent(sockets.newcomer, 'room:new', (r) => r.id === room.id);
      const changed = nextEvent(sockets.member, 'room:members', (e) => e.roomId === room.id);
      const ownerChanged = nextEvent(sockets.owner, 'room:members', (e) => e.roomId === room.id);
      const memberNew = recordEvents(sockets.member, 'room:new');
      const newcomerMembers = recordEvents(sockets.newcomer, 'room:members');

      const answer = await addMember(t.url, owner.token, room.id, newcomer.user.id);
      const everyone = sorted([owner.user.id, member.user.id, newcomer.user.id]);
      expect(sorted(answer.participants)).toEqual(everyone);
      expect(sorted((await newRoom).participants)).toEqual(everyone);
      // The newcomer starts at their own "… added …" line, seq 1 of this empty room.
      const expected = { roomId: room.id, added: [newcomer.user.id], joinedAtSeq: 1 };
      expect(await changed).toEqual(expected);
      expect(await ownerChanged).toEqual(expected);
      expect(memberNew.seen).toEqual([]);
      expect(newcomerMembers.seen).toEqual([]);

      // The newcomer's already-connected socket is in the room: no reconnect needed.
      const arrival = nextEvent(sockets.newcomer, 'message:new', (m) => m.roomId === room.id);
      const sent = ok(await sendText(sockets.member, room.id, 'welcome'));
      expect((await arrival).id).toBe(sent.message.id);
      ok(await sendText(sockets.newcomer, room.id, 'thanks'));
      // History from before the join is not unread to them.
      expect((await roomAs(t.url, newcomer.token, room.id)).unreadCount).toBe(1);
      for (const s of Object.values(sockets)) s.close();
    });

    it('adding someone who is already a member changes nothing and announces nothing', async () => {
      const [owner, member] = (await users(2, 'add2')) as [TestUser, TestUser];
      const room = await createGroupRoom(t.url, owner.token, [member.user.id]);
      const m = await connect(t.url, member.token);
      const seen = watchEvents(m, ['room:new', 'room:updated', 'room:members']);
      const answer = await addMember(t.url, owner.token, room.id, member.user.id);
      expect(sorted(answer.participants)).toEqual(sorted([owner.user.id, member.user.id]));
      await caughtUp(m);
      expect(seen.seen).toEqual([]);
      m.close();
    });

    it('adding an unknown user answers 404 not_found; a malformed body 400 bad_request', async () => {
      const [owner] = (await users(1, 'add3')) as [TestUser];
      const room = await createGroupRoom(t.url, owner.token, []);
      const path = `/api/rooms/${room.id}/members`;
      expectHttpError(
        await http(t.url, 'POST', path, {
          token: owner.token,
          body: { userId: crypto.randomUUID() },
        }),
        404,
        'not_found',
      );
      const bad = await http(t.url, 'POST', path, { token: owner.token, body: { userId: 7 } });
      expect(expectHttpError(bad, 400, 'bad_request')).toContain('userId');
      expect((await roomAs(t.url, owner.token, room.id)).participants).toEqual([owner.user.id]);
    });

    it('removing a member: their sockets stop receiving at once and get room:removed; others get room:members', async () => {
      const [owner, member, leaver] = (await users(3, 'rem')) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, owner.token, [member.user.id, leaver.user.id]);
      const o = await connect(t.url, owner.token);
      const m = await connect(t.url, member.token);
      const gone = [await connect(t.url, leaver.token), await connect(t.url, leaver.token)];

      const removed = gone.map((s) => nextEvent(s, 'room:removed'));
      const changed = nextEvent(m, 'room:members', (e) => e.roomId === room.id);
      await removeMember(t.url, owner.token, room.id, leaver.user.id);
      expect(await Promise.all(removed)).toEqual([
        { roomId: room.id, reason: 'removed' },
        { roomId: room.id, reason: 'removed' },
      ]);
      expect(await changed).toEqual({ roomId: room.id, removed: [leaver.user.id] });

      const leaks = gone.map((s) => watchEvents(s));
      const after = ok(await sendText(m, room.id, 'after you left')).message;
      ok(await request(m, 'message:edit', { messageId: after.id, content: 'edited' }));
      m.emit('typing:start', { roomId: room.id });
      await caughtUp(m);
      await caughtUp(...gone);
      expect(leaks.flatMap((l) => l.seen)).toEqual([]);

      expectHttpError(
        await http(t.url, 'GET', `/api/rooms/${room.id}`, { token: leaver.token }),
        404,
        'not_found',
      );
      expect((await roomsAs(t.url, leaver.token)).map((r) => r.id)).not.toContain(room.id);
      expectAckError(await request(gone[0]!, 'messages:load', { roomId: room.id }), 'forbidden');
      for (const s of [o, m, ...gone]) s.close();
    });

    it('a member can leave (remove themselves): 204, room:removed to them, room:members to others', async () => {
      const [owner, member] = (await users(2, 'leave')) as [TestUser, TestUser];
      const room = await createGroupRoom(t.url, owner.token, [member.user.id]);
      const o = await connect(t.url, owner.token);
      const m = await connect(t.url, member.token);
      const removed = nextEvent(m, 'room:removed');
      const changed = nextEvent(o, 'room:members', (e) => e.roomId === room.id);
      await removeMember(t.url, member.token, room.id, member.user.id);
      expect(await removed).toEqual({ roomId: room.id, reason: 'left' });
      expect(await changed).toEqual({ roomId: room.id, removed: [member.user.id] });
      expect((await roomAs(t.url, owner.token, room.id)).participants).toEqual([owner.user.id]);
      o.close();
      m.close();
    });

    it('a member who is not the owner cannot remove someone else: 403 forbidden, nothing changes', async () => {
      const [owner, member, other] = (await users(3, 'nonown')) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, owner.token, [member.user.id, other.user.id]);
      const o = await connect(t.url, owner.token);
      const seen = watchEvents(o);
      for (const target of [other.user.id, owner.user.id]) {
        const res = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${target}`, {
          token: member.token,
        });
        expectHttpError(res, 403, 'forbidden');
      }
      await caughtUp(o);
      expect(seen.seen).toEqual([]);
      expect(sorted((await roomAs(t.url, owner.token, room.id)).participants)).toEqual(
        sorted([owner.user.id, member.user.id, other.user.id]),
      );
      o.close();
    });

    it('an owner who leaves hands the room to the longest-standing member, who can then remove others', async () => {
      const [owner, first, second] = (await users(3, 'handover')) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, owner.token, [first.user.id]);
      await addMember(t.url, owner.token, room.id, second.user.id);
      await removeMember(t.url, owner.token, room.id, owner.user.id);

      const bySecond = await http(
        t.url,
        'DELETE',
        `/api/rooms/${room.id}/members/${first.user.id}`,
        {
          token: second.token,
        },
      );
      expectHttpError(bySecond, 403, 'forbidden');
      await removeMember(t.url, first.token, room.id, second.user.id);
      expect((await roomAs(t.url, first.token, room.id)).participants).toEqual([first.user.id]);
    });

    it('removing someone who is not a member answers 404 not_found', async () => {
      const [owner, stranger] = (await users(2, 'remnm')) as [TestUser, TestUser];
      const room = await createGroupRoom(t.url, owner.token, []);
      const res = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${stranger.user.id}`, {
        token: owner.token,
      });
      expectHttpError(res, 404, 'not_found');
    });

    it('direct rooms cannot gain or lose members: 400 bad_request, nothing changes', async () => {
      const [alice, bob, carol] = (await users(3, 'dmm')) as [TestUser, TestUser, TestUser];
      const room = await createDirectRoom(t.url, alice.token, bob.user.id);
      const add = await http(t.url, 'POST', `/api/rooms/${room.id}/members`, {
        token: alice.token,
        body: { userId: carol.user.id },
      });
      expectHttpError(add, 400, 'bad_request');
      for (const target of [bob.user.id, alice.user.id]) {
        const res = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${target}`, {
          token: alice.token,
        });
        expectHttpError(res, 400, 'bad_request');
      }
      expect(sorted((await roomAs(t.url, bob.token, room.id)).participants)).toEqual(
        sorted([alice.user.id, bob.user.id]),
      );
      expect(await roomsAs(t.url, carol.token)).toEqual([]);
    });
  });
});
