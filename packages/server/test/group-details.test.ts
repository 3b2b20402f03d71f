import type { Message, Room } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp } from './helpers/barrier.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
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
import {
  addMember,
  expectAckError,
  expectHttpError,
  removeMember,
  roomAs,
  watchEvents,
} from './helpers/authz-helpers.js';
import { loadAll, roomAsSeenBy } from './helpers/message-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/** Membership and rename lines (`system` messages), `PATCH /api/rooms/:id` names, `room:removed`. */
describe('group details', () => {
  let t: TestServer;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer({ groupMembersMax: 4 });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const open = async (user: TestUser) => {
    const socket = await connect(t.url, user.token);
    sockets.push(socket);
    return socket;
  };
  const people = (n: number) =>
    Promise.all(Array.from({ length: n }, () => registerUser(t.url, 'gd')));
  const systemLine = (socket: ClientSocket, roomId: string) =>
    nextEvent(socket, 'message:new', (m) => m.roomId === roomId && m.type === 'system');
  const systemLines = async (socket: ClientSocket, roomId: string) =>
    (await loadAll(socket, roomId)).messages.filter((m) => m.type === 'system');
  const makeAdmin = async (owner: TestUser, roomId: string, user: TestUser) => {
    const res = await http(t.url, 'PUT', `/api/rooms/${roomId}/members/${user.user.id}`, {
      token: owner.token,
      body: { role: 'admin' },
    });
    expect(res.status).toBe(200);
  };
  const patch = (token: string, roomId: string, body: unknown) =>
    http<{ room: Room }>(t.url, 'PATCH', `/api/rooms/${roomId}`, { token, body });

  describe('adding a member', () => {
    it('writes "Alice added Dave", seen live by everyone (Dave too), in history, and not unread', async () => {
      const [alice, bob, dave] = (await people(3)) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [bob.user.id]);
      const [a, b, d] = [await open(alice), await open(bob), await open(dave)];
      const lines = [a, b, d].map((s) => systemLine(s, room.id));
      const daveRoom = nextEvent(d, 'room:new', (r) => r.id === room.id);

      await addMember(t.url, alice.token, room.id, dave.user.id);
      const text = `${alice.user.displayName} added ${dave.user.displayName}`;
      const expected = {
        roomId: room.id,
        seq: 1,
        type: 'system',
        senderId: alice.user.id,
        content: text,
        event: { kind: 'member_added', actorId: alice.user.id, targetId: dave.user.id },
      };
      for (const line of await Promise.all(lines)) expect(line).toMatchObject(expected);
      // Dave hears of the room first, with the line as its last message and his marks at it.
      expect(await daveRoom).toMatchObject({ lastSeq: 1, lastReadSeq: 1, unreadCount: 0 });
      expect((await daveRoom).lastMessage).toMatchObject(expected);

      expect(await systemLines(d, room.id)).toMatchObject([expected]);
      expect((await roomAsSeenBy(t.url, bob.token, room.id)).unreadCount).toBe(0);
    });

    it('comes back in messages:sync like any message', async () => {
      const [alice, dave] = (await people(2)) as [TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, []);
      const a = await open(alice);
      await addMember(t.url, alice.token, room.id, dave.user.id);
      const [synced] = ok(
        await request(a, 'messages:sync', { rooms: [{ roomId: room.id, afterSeq: 0 }] }),
      ).rooms;
      expect(synced?.messages).toMatchObject([
        { seq: 1, type: 'system', event: { kind: 'member_added', targetId: dave.user.id } },
      ]);
    });

    it('adding to a full group writes nothing: 409, no line, no seq taken', async () => {
      const [alice, ...others] = (await people(5)) as [TestUser, ...TestUser[]];
      const room = await createGroupRoom(
        t.url,
        alice.token,
        others.slice(0, 3).map((u) => u.user.id),
      );
      const res = await http(t.url, 'POST', `/api/rooms/${room.id}/members`, {
        token: alice.token,
        body: { userId: others[3]?.user.id },
      });
      expectHttpError(res, 409, 'conflict');
      expect((await roomAs(t.url, alice.token, room.id)).lastSeq).toBe(0);
    });
  });

  describe('removing and leaving', () => {
    it('removed: every socket of theirs gets room:removed (removed), nothing after; the others get the line', async () => {
      const [alice, bob, carol] = (await people(3)) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
      const b = await open(bob);
      const carols = [await open(carol), await open(carol)];
      const removed = carols.map((s) => nextEvent(s, 'room:removed'));
      const line = systemLine(b, room.id);

      await removeMember(t.url, alice.token, room.id, carol.user.id);
      expect(await Promise.all(removed)).toEqual([
        { roomId: room.id, reason: 'removed' },
        { roomId: room.id, reason: 'removed' },
      ]);
      expect(await line).toMatchObject({
        content: `${alice.user.displayName} removed ${carol.user.displayName}`,
        event: { kind: 'member_removed', actorId: alice.user.id, targetId: carol.user.id },
      });

      const leaks = carols.map((s) => watchEvents(s));
      ok(await sendText(b, room.id, 'after carol'));
      await caughtUp(b, ...carols);
      expect(leaks.flatMap((l) => l.seen)).toEqual([]);
      expectAckError(await sendText(carols[0]!, room.id, 'still here?'), 'forbidden');
    });

    it('left: "Carol left" for the others, room:removed (left) on all her devices', async () => {
      const [alice, carol] = (await people(2)) as [TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [carol.user.id]);
      const a = await open(alice);
      const phone = await open(carol);
      const line = systemLine(a, room.id);
      const removed = nextEvent(phone, 'room:removed');
      await removeMember(t.url, carol.token, room.id, carol.user.id);
      expect(await removed).toEqual({ roomId: room.id, reason: 'left' });
      expect(await line).toMatchObject({
        senderId: carol.user.id,
        content: `${carol.user.displayName} left`,
        event: { kind: 'member_left', actorId: carol.user.id },
      });
    });

    it('two removals of the same member at once: one succeeds, one 404 and leaves no line behind', async () => {
      const [alice, bob, carol] = (await people(3)) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
      await makeAdmin(alice, room.id, bob);
      const answers = await Promise.all(
        [alice, bob].map((by) =>
          http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${carol.user.id}`, {
            token: by.token,
          }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([204, 404]);
      const a = await open(alice);
      const lines = await systemLines(a, room.id);
      expect(lines.map((m) => m.event?.kind)).toEqual(['member_removed']);
      expect((await roomAs(t.url, alice.token, room.id)).lastSeq).toBe(1);
    });

    it('a direct room has no members to remove: 400, nothing written', async () => {
      const [alice, bob] = (await people(2)) as [TestUser, TestUser];
      const room = await createDirectRoom(t.url, alice.token, bob.user.id);
      const res = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${bob.user.id}`, {
        token: alice.token,
      });
      expectHttpError(res, 400, 'bad_request');
      expect((await roomAs(t.url, alice.token, room.id)).lastSeq).toBe(0);
    });

    it('a plain member cannot remove another: 403, nothing written', async () => {
      const [alice, bob, carol] = (await people(3)) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id]);
      const res = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${carol.user.id}`, {
        token: bob.token,
      });
      expectHttpError(res, 403, 'forbidden');
      expect((await roomAs(t.url, alice.token, room.id)).lastSeq).toBe(0);
    });
  });

  describe('renaming (PATCH /api/rooms/:id { name })', () => {
    it('the owner or an admin renames: room:members { name } and "… renamed the group to …" for all', async () => {
      const [alice, bob, carol] = (await people(3)) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id], 'Old');
      await makeAdmin(alice, room.id, bob);
      const c = await open(carol);
      const renamed = nextEvent(c, 'room:members', (e) => e.roomId === room.id && !!e.name);
      const line = systemLine(c, room.id);

      const res = await patch(bob.token, room.id, { name: '  Weekend trip ' });
      expect(res.status).toBe(200);
      expect(res.body.room.name).toBe('Weekend trip');
      expect(await renamed).toEqual({ roomId: room.id, name: 'Weekend trip' });
      expect(await line).toMatchObject({
        senderId: bob.user.id,
        content: `${bob.user.displayName} renamed the group to “Weekend trip”`,
        event: { kind: 'renamed', actorId: bob.user.id, name: 'Weekend trip' },
      });
      expect((await roomAs(t.url, carol.token, room.id)).name).toBe('Weekend trip');

      // The same name again changes nothing and writes no line.
      await patch(alice.token, room.id, { name: 'Weekend trip' });
      expect((await roomAs(t.url, alice.token, room.id)).lastSeq).toBe(1);
    });

    it('recolours from the palette: room.color, room:members { color } and its line, once', async () => {
      const [alice, bob] = (await people(2)) as [TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [bob.user.id]);
      expect(room.color).toBeUndefined();
      const b = await open(bob);
      const recoloured = nextEvent(b, 'room:members', (e) => e.roomId === room.id && !!e.color);
      const line = systemLine(b, room.id);
      const res = await patch(alice.token, room.id, { color: 'teal' });
      expect(res.body.room.color).toBe('teal');
      expect(await recoloured).toEqual({ roomId: room.id, color: 'teal' });
      expect(await line).toMatchObject({
        content: `${alice.user.displayName} changed the group colour to teal`,
        event: { kind: 'recoloured', actorId: alice.user.id, color: 'teal' },
      });
      await patch(alice.token, room.id, { color: 'teal' });
      const seen = await roomAs(t.url, bob.token, room.id);
      expect({ color: seen.color, lastSeq: seen.lastSeq }).toEqual({ color: 'teal', lastSeq: 1 });
    });

    it('refuses a plain member (403), an outsider (404) and a direct room (400); nothing written', async () => {
      const [alice, bob, outsider] = (await people(3)) as [TestUser, TestUser, TestUser];
      const room = await createGroupRoom(t.url, alice.token, [bob.user.id], 'Kept');
      expectHttpError(await patch(bob.token, room.id, { name: 'Mine' }), 403, 'forbidden');
      expectHttpError(await patch(outsider.token, room.id, { name: 'Mine' }), 404, 'not_found');
      const direct = await createDirectRoom(t.url, alice.token, bob.user.id);
      expectHttpError(await patch(alice.token, direct.id, { name: 'Us' }), 400, 'bad_request');
      const seen = await roomAs(t.url, alice.token, room.id);
      expect({ name: seen.name, lastSeq: seen.lastSeq }).toEqual({ name: 'Kept', lastSeq: 0 });
    });

    it.each([
      ['a blank name', { name: '   ' }, 'name'],
      ['a name of invisible characters', { name: '\u200b\u202e' }, 'name'],
      ['a 101-character name', { name: 'x'.repeat(101) }, 'name'],
      ['nothing to change', {}, 'name, color or memberAddPolicy'],
      ['a colour outside the palette', { color: '#ff0000' }, 'color'],
      ['an unknown field', { name: 'Ok', topic: 'books' }, 'topic'],
    ])('refuses %s with 400 bad_request saying what is wrong', async (_, body, names) => {
      const [alice] = (await people(1)) as [TestUser];
      const room = await createGroupRoom(t.url, alice.token, [], 'Kept');
      const message = expectHttpError(await patch(alice.token, room.id, body), 400, 'bad_request');
      expect(message).toContain(names);
      expect((await roomAs(t.url, alice.token, room.id)).name).toBe('Kept');
    });
  });

  describe('system messages are the server’s', () => {
    let alice: TestUser;
    let a: ClientSocket;
    let room: Room;
    let line: Message;
    beforeAll(async () => {
      const [owner, dave] = (await people(2)) as [TestUser, TestUser];
      alice = owner;
      room = await createGroupRoom(t.url, alice.token, []);
      a = await open(alice);
      const written = systemLine(a, room.id);
      await addMember(t.url, alice.token, room.id, dave.user.id);
      line = await written;
    });

    it('a client cannot send one: 400 bad_request naming type', async () => {
      const ack = await request(a, 'message:send', {
        roomId: room.id,
        clientId: newClientId(),
        type: 'system' as 'text',
        content: 'Alice made everyone admin',
      });
      expect(expectAckError(ack, 'bad_request')).toContain('type');
    });

    it('nobody edits or deletes one, not even its actor, the owner: 400 bad_request', async () => {
      expectAckError(
        await request(a, 'message:edit', { messageId: line.id, content: 'nothing happened' }),
        'bad_request',
      );
      expectAckError(await request(a, 'message:delete', { messageId: line.id }), 'bad_request');
      expect((await systemLines(a, room.id))[0]).toMatchObject({ content: line.content });
    });
  });
});
