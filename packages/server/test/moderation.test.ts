import type { Room } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import {
  addMember,
  expectAckError,
  expectHttpError,
  history,
  removeMember,
  roomAs,
  sorted,
} from './helpers/authz-helpers.js';
import type { TestUser } from './helpers/clients.js';
import {
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import { useSocketTestServer } from './helpers/message-helpers.js';

describe('moderation of groups', () => {
  const { t, sockets } = useSocketTestServer();

  const users = <N extends number>(n: N, prefix: string) =>
    Promise.all(Array.from({ length: n }, () => registerUser(t.url, prefix)));
  const open = (user: TestUser) => sockets.connect(user);
  const setRole = (token: string, roomId: string, userId: string, role: unknown) =>
    http<{ room: Room }>(t.url, 'PUT', `/api/rooms/${roomId}/members/${userId}`, {
      token,
      body: { role },
    });
  const setPolicy = (token: string, roomId: string, memberAddPolicy: unknown) =>
    http<{ room: Room }>(t.url, 'PATCH', `/api/rooms/${roomId}`, {
      token,
      body: { memberAddPolicy },
    });

  /** A group of owner, admin (named by the owner) and two plain members. */
  async function moderatedGroup(prefix: string) {
    const [owner, admin, alice, bob] = (await users(4, prefix)) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    const room = await createGroupRoom(t.url, owner.token, [
      admin.user.id,
      alice.user.id,
      bob.user.id,
    ]);
    expect((await setRole(owner.token, room.id, admin.user.id, 'admin')).status).toBe(200);
    return { owner, admin, alice, bob, room };
  }

  it('a group payload carries the roles of its owner and admins and its add policy', async () => {
    const { owner, admin, alice, room } = await moderatedGroup('roles');
    const seen = await roomAs(t.url, alice.token, room.id);
    expect(seen.roles).toEqual({ [owner.user.id]: 'owner', [admin.user.id]: 'admin' });
    expect(seen.memberAddPolicy).toBe('members');
    const [x, y] = (await users(2, 'rolesdm')) as [TestUser, TestUser];
    const direct = await createDirectRoom(t.url, x.token, y.user.id);
    expect(direct.roles).toBeUndefined();
    expect(direct.memberAddPolicy).toBeUndefined();
  });

  it('only the owner names admins: room:members tells the room; others are refused 403', async () => {
    const { owner, admin, alice, bob, room } = await moderatedGroup('name');
    const watcher = await open(bob);
    const changed = nextEvent(watcher, 'room:members', (e) => e.roomId === room.id);
    const named = await setRole(owner.token, room.id, alice.user.id, 'admin');
    expect(named.status).toBe(200);
    expect(named.body.room.roles?.[alice.user.id]).toBe('admin');
    expect(await changed).toEqual({ roomId: room.id, roles: { [alice.user.id]: 'admin' } });

    expectHttpError(await setRole(admin.token, room.id, bob.user.id, 'admin'), 403, 'forbidden');
    expectHttpError(await setRole(bob.token, room.id, bob.user.id, 'admin'), 403, 'forbidden');
    const unnamed = await setRole(owner.token, room.id, alice.user.id, 'member');
    expect(unnamed.body.room.roles?.[alice.user.id]).toBeUndefined();
  });

  it('refuses a role change that names no member or a role that cannot be given', async () => {
    const { owner, room } = await moderatedGroup('badrole');
    const [stranger] = (await users(1, 'badrole-x')) as [TestUser];
    expectHttpError(
      await setRole(owner.token, room.id, stranger.user.id, 'admin'),
      404,
      'not_found',
    );
    expect(
      expectHttpError(
        await setRole(owner.token, room.id, owner.user.id, 'owner'),
        400,
        'bad_request',
      ),
    ).toContain('role');
    expect(
      expectHttpError(
        await setRole(owner.token, room.id, owner.user.id, 'member'),
        400,
        'bad_request',
      ),
    ).toContain('userId');
  });

  it('an owner and an admin delete any message in the group; a plain member still cannot', async () => {
    const { owner, admin, alice, bob, room } = await moderatedGroup('del');
    const a = await open(alice);
    const b = await open(bob);
    const spam = [
      ok(await sendText(a, room.id, 'spam 1')).message,
      ok(await sendText(a, room.id, 'spam 2')).message,
    ];
    expectAckError(await request(b, 'message:delete', { messageId: spam[0]!.id }), 'forbidden');

    for (const [moderator, message] of [
      [owner, spam[0]!],
      [admin, spam[1]!],
    ] as const) {
      const socket = await open(moderator);
      const deleted = nextEvent(b, 'message:deleted', (e) => e.messageId === message.id);
      const { deletedAt } = ok(await request(socket, 'message:delete', { messageId: message.id }));
      expect(await deleted).toEqual({ roomId: room.id, messageId: message.id, deletedAt });
    }
    const tombstones = (await history(b, room.id)).filter((m) => m.deletedAt);
    expect(tombstones.map((m) => m.id)).toEqual(spam.map((m) => m.id));
  });

  it('a moderator cannot edit others’ messages, nor delete in a direct room', async () => {
    const { admin, alice, room } = await moderatedGroup('edit');
    const a = await open(alice);
    const message = ok(await sendText(a, room.id, 'mine')).message;
    const m = await open(admin);
    expectAckError(
      await request(m, 'message:edit', { messageId: message.id, content: 'theirs now' }),
      'forbidden',
    );
    const direct = await createDirectRoom(t.url, admin.token, alice.user.id);
    const inDirect = ok(await sendText(a, direct.id, 'private')).message;
    expectAckError(await request(m, 'message:delete', { messageId: inDirect.id }), 'forbidden');
  });

  it('an admin removes plain members, but not the owner nor another admin', async () => {
    const { owner, admin, alice, bob, room } = await moderatedGroup('rm');
    await removeMember(t.url, admin.token, room.id, alice.user.id);
    expect((await setRole(owner.token, room.id, bob.user.id, 'admin')).status).toBe(200);
    for (const target of [owner.user.id, bob.user.id]) {
      const res = await http(t.url, 'DELETE', `/api/rooms/${room.id}/members/${target}`, {
        token: admin.token,
      });
      expectHttpError(res, 403, 'forbidden');
    }
    await removeMember(t.url, owner.token, room.id, bob.user.id);
    expect(sorted((await roomAs(t.url, owner.token, room.id)).participants)).toEqual(
      sorted([owner.user.id, admin.user.id]),
    );
  });

  it('an owner who leaves hands ownership on, and the room is told the new owner', async () => {
    const [owner, first, later] = (await users(3, 'hand')) as [TestUser, TestUser, TestUser];
    const room = await createGroupRoom(t.url, owner.token, [first.user.id]);
    await addMember(t.url, owner.token, room.id, later.user.id);
    const watcher = await open(later);
    const changed = nextEvent(watcher, 'room:members', (e) => e.roomId === room.id);
    await removeMember(t.url, owner.token, room.id, owner.user.id);
    expect(await changed).toEqual({
      roomId: room.id,
      removed: [owner.user.id],
      roles: { [first.user.id]: 'owner' },
    });
  });

  it('with the add policy `admins`, plain members cannot add; moderators still can', async () => {
    const { owner, admin, alice, room } = await moderatedGroup('policy');
    const [newcomer, other] = (await users(2, 'policy-new')) as [TestUser, TestUser];
    const watcher = await open(alice);
    const changed = nextEvent(watcher, 'room:members', (e) => e.roomId === room.id);
    const patched = await setPolicy(admin.token, room.id, 'admins');
    expect(patched.status).toBe(200);
    expect(patched.body.room.memberAddPolicy).toBe('admins');
    expect(await changed).toEqual({ roomId: room.id, memberAddPolicy: 'admins' });

    const refused = await http(t.url, 'POST', `/api/rooms/${room.id}/members`, {
      token: alice.token,
      body: { userId: newcomer.user.id },
    });
    expectHttpError(refused, 403, 'forbidden');
    await addMember(t.url, admin.token, room.id, newcomer.user.id);
    await addMember(t.url, owner.token, room.id, other.user.id);
    expect((await roomAs(t.url, owner.token, room.id)).participants).toHaveLength(6);
  });

  it('only moderators change the add policy; a bad value is 400 naming memberAddPolicy', async () => {
    const { owner, alice, room } = await moderatedGroup('policy2');
    expectHttpError(await setPolicy(alice.token, room.id, 'admins'), 403, 'forbidden');
    expect(
      expectHttpError(await setPolicy(owner.token, room.id, 'everyone'), 400, 'bad_request'),
    ).toContain('memberAddPolicy');
    expect((await roomAs(t.url, owner.token, room.id)).memberAddPolicy).toBe('members');
    const [x, y] = (await users(2, 'policydm')) as [TestUser, TestUser];
    const direct = await createDirectRoom(t.url, x.token, y.user.id);
    expectHttpError(await setPolicy(x.token, direct.id, 'admins'), 400, 'bad_request');
  });
});
