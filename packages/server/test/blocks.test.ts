import type { Message, User } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { expectAckError, expectHttpError } from './helpers/authz-helpers.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  recordEvents,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import { useSocketTestServer } from './helpers/message-helpers.js';

describe('blocking a user', () => {
  const { t, sockets } = useSocketTestServer();

  const pair = async (prefix: string) =>
    (await Promise.all([registerUser(t.url, prefix), registerUser(t.url, prefix)])) as [
      TestUser,
      TestUser,
    ];
  const open = (user: TestUser) => sockets.connect(user);
  const block = (by: TestUser, userId: string, method: 'PUT' | 'DELETE' = 'PUT') =>
    http(t.url, method, `/api/users/${userId}/block`, { token: by.token });
  const openDirect = (by: TestUser, userId: string) =>
    http(t.url, 'POST', '/api/rooms', {
      token: by.token,
      body: { type: 'direct', participantIds: [userId] },
    });

  it('PUT blocks (204, twice is harmless), GET /api/users/blocked lists, DELETE unblocks', async () => {
    const [me, pest] = await pair('blk');
    expect((await block(me, pest.user.id)).status).toBe(204);
    expect((await block(me, pest.user.id)).status).toBe(204);
    const listed = await http<{ users: User[] }>(t.url, 'GET', '/api/users/blocked', {
      token: me.token,
    });
    expect(listed.body.users).toEqual([pest.user]);
    expect((await block(me, pest.user.id, 'DELETE')).status).toBe(204);
    const after = await http<{ users: User[] }>(t.url, 'GET', '/api/users/blocked', {
      token: me.token,
    });
    expect(after.body.users).toEqual([]);
  });

  it('refuses blocking oneself (400) and an unknown user (404)', async () => {
    const [me] = await pair('blkbad');
    expect(expectHttpError(await block(me, me.user.id), 400, 'bad_request')).toContain('id');
    expectHttpError(await block(me, crypto.randomUUID()), 404, 'not_found');
  });

  it('a blocked user cannot open a new direct room with the blocker (403); the blocker can unblock', async () => {
    const [me, pest] = await pair('blkdm');
    await block(me, pest.user.id);
    expectHttpError(await openDirect(pest, me.user.id), 403, 'forbidden');
    await block(me, pest.user.id, 'DELETE');
    expect((await openDirect(pest, me.user.id)).status).toBe(201);
  });

  it('a blocked user cannot send into their existing direct room with the blocker; the blocker still can', async () => {
    const [me, pest] = await pair('blksend');
    const room = await createDirectRoom(t.url, pest.token, me.user.id);
    const p = await open(pest);
    const m = await open(me);
    ok(await sendText(p, room.id, 'before'));
    await block(me, pest.user.id);
    const arrived = recordEvents(m, 'message:new');
    expectAckError(await sendText(p, room.id, 'after the block'), 'forbidden');
    // The blocker's own message is the barrier: the refused one would have come before it.
    const barrier = nextEvent(m, 'message:new', (msg) => msg.content === 'I can still write');
    ok(await sendText(m, room.id, 'I can still write'));
    await barrier;
    expect(arrived.seen.map((msg) => msg.content)).toEqual(['I can still write']);
  });

  it('a blocked user cannot edit their messages in the direct room either (new text reaches the blocker); deleting stays possible', async () => {
    const [me, pest] = await pair('blkedit');
    const room = await createDirectRoom(t.url, pest.token, me.user.id);
    const p = await open(pest);
    const m = await open(me);
    const first = ok(await sendText(p, room.id, 'before')).message;
    const second = ok(await sendText(p, room.id, 'also before')).message;
    await block(me, pest.user.id);
    const updated = recordEvents(m, 'message:updated');
    expectAckError(
      await request(p, 'message:edit', { messageId: first.id, content: 'after the block' }),
      'forbidden',
    );
    // The same text is no change: answered as before, nothing sent.
    ok(await request(p, 'message:edit', { messageId: first.id, content: 'before' }));
    const deleted = nextEvent(m, 'message:deleted', (d) => d.messageId === second.id);
    ok(await request(p, 'message:delete', { messageId: second.id }));
    await deleted;
    updated.stop();
    expect(updated.seen).toEqual([]);
    const history = ok(await request(m, 'messages:load', { roomId: room.id })).messages;
    expect(history.find((msg) => msg.id === first.id)?.content).toBe('before');
  });

  it('a blocked user’s typing reaches none of the blocker’s sockets, open at the block or after; unblocking brings it back', async () => {
    const [me, pest] = await pair('blktyp');
    const room = await createDirectRoom(t.url, pest.token, me.user.id);
    const p = await open(pest);
    const early = await open(me);
    // Deleting one of these after typing marks the moment: its `message:deleted` reaches each
    // watcher after any `typing:update` published before it.
    const markers = await Promise.all(
      ['one', 'two', 'three'].map(async (text) => ok(await sendText(p, room.id, text)).message),
    );
    const typingReaches = async (watchers: ClientSocket[], marker: Message) => {
      const updates = watchers.map((w) => recordEvents(w, 'typing:update'));
      const deleted = watchers.map((w) =>
        nextEvent(w, 'message:deleted', (d) => d.messageId === marker.id),
      );
      p.emit('typing:start', { roomId: room.id });
      ok(await request(p, 'message:delete', { messageId: marker.id }));
      await Promise.all(deleted);
      p.emit('typing:stop', { roomId: room.id });
      return updates.map((u) => {
        u.stop();
        return u.seen.some((update) => update.isTyping && update.userId === pest.user.id);
      });
    };
    const [one, two, three] = markers as [Message, Message, Message];

    expect(await typingReaches([early], one)).toEqual([true]);
    await block(me, pest.user.id);
    const late = await open(me);
    expect(await typingReaches([early, late], two)).toEqual([false, false]);
    await block(me, pest.user.id, 'DELETE');
    expect(await typingReaches([early, late], three)).toEqual([true, true]);
  });

  it('a block does not reach group rooms: both still write there', async () => {
    const [me, pest] = await pair('blkgrp');
    const group = await createGroupRoom(t.url, me.token, [pest.user.id]);
    await block(me, pest.user.id);
    ok(await sendText(await open(pest), group.id, 'in the group'));
  });

  it('hides the blocker’s presence from the blocked user: no presence:update, presence:get offline', async () => {
    const [me, pest] = await pair('blkpres');
    const [friend] = await pair('blkpresf');
    await createGroupRoom(t.url, me.token, [pest.user.id, friend.user.id]);
    await block(me, pest.user.id);
    const p = await open(pest);
    const f = await open(friend);
    const pestSees = recordEvents(p, 'presence:update');
    const friendSees = nextEvent(f, 'presence:update', (e) => e.userId === me.user.id);
    const mine = await open(me);
    expect(await friendSees).toEqual({ userId: me.user.id, online: true });
    // Barrier: the friend goes offline after I came online; pest is told, and would have been told
    // about me first.
    const barrier = nextEvent(p, 'presence:update', (e) => e.userId === friend.user.id);
    f.close();
    await barrier;
    expect(pestSees.seen.filter((e) => e.userId === me.user.id)).toEqual([]);

    const asked = ok(await request(p, 'presence:get', { userIds: [me.user.id] })).presence;
    expect(asked).toEqual([{ userId: me.user.id, online: false }]);
    mine.close();
  });

  it('on blocking, the blocked user is told the blocker is offline at once', async () => {
    const [me, pest] = await pair('blknow');
    await createGroupRoom(t.url, me.token, [pest.user.id]);
    await open(me);
    const p = await open(pest);
    expect(ok(await request(p, 'presence:get', { userIds: [me.user.id] })).presence).toEqual([
      { userId: me.user.id, online: true },
    ]);
    const hidden = nextEvent(p, 'presence:update', (e) => e.userId === me.user.id);
    await block(me, pest.user.id);
    expect(await hidden).toEqual({ userId: me.user.id, online: false });
  });
});
