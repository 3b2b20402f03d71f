import type { Message, Room, SyncRoomResult } from '@natter/protocol';
import { LIMITS } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { insertUser } from '../src/users/user-repository.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import {
  createDirectRoom,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  registerUser,
  request,
  uniqueName,
} from './helpers/clients.js';
import {
  closeSocket,
  codeOf,
  loadPage,
  registerUsers,
  roomAsSeenBy,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';
import {
  addAgent,
  createSite,
  registerAdmin,
  startTalkingVisitor,
} from './helpers/support-helpers.js';

const { t, sockets } = useSocketTestServer();

const asTestServer = () => ({ url: t.url, server: t.server, close: () => Promise.resolve() });

/** A group of `owner` and `others`, and a socket for the owner. */
async function group(owner: TestUser, others: readonly TestUser[]) {
  const room = await createGroupRoom(
    t.url,
    owner.token,
    others.map((o) => o.user.id),
  );
  return { room, socket: await sockets.connect(owner) };
}

/**
 * Members without a password or a socket, written straight into storage: enough to make a group
 * large without registering (and hashing a password for) every one of them.
 */
async function quietMembers(count: number): Promise<string[]> {
  const ids = await Promise.all(
    Array.from({ length: count }, async () => {
      const row = await insertUser(t.server.database.db, {
        username: uniqueName('q'),
        displayName: 'Quiet',
        passwordHash: 'not a hash: nobody signs in',
      });
      if (!row) throw new Error('inserting a member failed');
      return row.id;
    }),
  );
  return ids;
}

async function edit(socket: ClientSocket, messageId: string, content: string): Promise<Message> {
  return ok(await request(socket, 'message:edit', { messageId, content })).message;
}

describe('mentions', () => {
  it('are resolved by the server to members, on send and on edit', async () => {
    const [alice, bob, carol, dave] = await registerUsers(t.url, ['alice', 'bob', 'carol', 'dave']);
    if (!alice || !bob || !carol || !dave) throw new Error('registering failed');
    const { room, socket: a } = await group(alice, [bob, carol]);
    const b = await sockets.connect(bob);
    const toBob = nextEvent(b, 'message:new');
    const message = await sendOk(
      a,
      room.id,
      `hi @${bob.user.username}, @${carol.user.username.toUpperCase()}. and @${dave.user.username} and @${alice.user.username} and @all`,
    );
    // Dave is no member, Alice wrote it: neither is mentioned. Case does not matter, nor the dot.
    expect(message.mentions).toEqual([bob.user.id, carol.user.id]);
    expect(message.roomMention).toBe('all');
    expect((await toBob).mentions).toEqual(message.mentions);

    const edited = await edit(a, message.id, `now @${carol.user.username}`);
    expect(edited.mentions).toEqual([carol.user.id]);
    expect(edited.roomMention).toBeUndefined();
    const plain = await sendOk(a, room.id, 'mail me at x@example.com');
    expect(plain.mentions).toBeUndefined();
  });

  it('read names as the pattern does: punctuation ends them, emails and longer names are none', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    if (!alice || !bob || !carol) throw new Error('registering failed');
    const { room, socket: a } = await group(alice, [bob, carol]);
    const bobName = bob.user.username;
    const cases: [string, string[]][] = [
      [`(@${bobName})`, [bob.user.id]],
      [`@${bobName}... and @${carol.user.username}-`, [bob.user.id, carol.user.id]],
      [`@${bobName}@${carol.user.username}`, [bob.user.id]],
      [`${bobName}@example.com`, []],
      [`x@${bobName}`, []],
      [`@${bobName}x`, []],
      [`日本@${bobName}`, [bob.user.id]],
      [`@${bobName} @${bobName.toUpperCase()} again`, [bob.user.id]],
    ];
    for (const [content, mentions] of cases) {
      const message = await sendOk(a, room.id, content);
      expect({ content, mentions: message.mentions ?? [] }).toEqual({ content, mentions });
    }
  });

  it('edits resolve again: a mention added reaches the message, one removed leaves it', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    if (!alice || !bob || !carol) throw new Error('registering failed');
    const { room, socket: a } = await group(alice, [bob, carol]);
    const c = await sockets.connect(carol);
    const message = await sendOk(a, room.id, 'no one yet');
    expect(message.mentions).toBeUndefined();

    const updated = nextEvent(c, 'message:updated', (m) => m.id === message.id);
    const added = await edit(
      a,
      message.id,
      `now @${bob.user.username} and @${carol.user.username}`,
    );
    expect(added.mentions).toEqual([bob.user.id, carol.user.id]);
    expect((await updated).mentions).toEqual([bob.user.id, carol.user.id]);

    const removed = await edit(a, message.id, `only @${carol.user.username}`);
    expect(removed.mentions).toEqual([carol.user.id]);
    const none = await edit(a, message.id, 'nobody after all');
    expect(none.mentions).toBeUndefined();
    expect((await loadPage(c, room.id)).messages.at(-1)?.mentions).toBeUndefined();
  });

  it('a client cannot name mentions itself: the payload is refused, nothing is stored', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('registering failed');
    const { room, socket: a } = await group(alice, [bob]);
    for (const extra of [{ mentions: [bob.user.id] }, { roomMention: 'all' }]) {
      const ack = await request(a, 'message:send', {
        roomId: room.id,
        clientId: `inject${Object.keys(extra)[0]}`,
        type: 'text',
        content: 'trust me',
        ...extra,
      });
      expect(codeOf(ack)).toBe('bad_request');
      if (!ack.ok) expect(ack.error.message).toContain(Object.keys(extra)[0]);
    }
    const message = await sendOk(a, room.id, 'honest');
    const ack = await request(a, 'message:edit', {
      messageId: message.id,
      content: 'edited',
      mentions: [bob.user.id],
    });
    expect(codeOf(ack)).toBe('bad_request');
    const page = await loadPage(a, room.id);
    expect(page.messages.map((m) => [m.content, m.mentions])).toEqual([['honest', undefined]]);
  });

  it('@all and @here: anyone in a group of up to 50, only its owner and admins in a bigger one', async () => {
    const [owner, admin, member] = await registerUsers(t.url, ['owner', 'admin', 'member']);
    if (!owner || !admin || !member) throw new Error('registering failed');
    const quiet = await quietMembers(LIMITS.roomMentionOpenMembersMax - 3);
    const room = await createGroupRoom(t.url, owner.token, [
      admin.user.id,
      member.user.id,
      ...quiet,
    ]);
    expect(room.participants).toHaveLength(LIMITS.roomMentionOpenMembersMax);
    const [o, a, m] = await Promise.all([owner, admin, member].map((u) => sockets.connect(u)));
    if (!o || !a || !m) throw new Error('connecting failed');
    const named = await http(t.url, 'PUT', `/api/rooms/${room.id}/members/${admin.user.id}`, {
      token: owner.token,
      body: { role: 'admin' },
    });
    expect(named.status).toBe(200);

    // 50 members: anyone may call the group; @all wins over @here; a word in a word is none.
    expect((await sendOk(m, room.id, 'hey @here')).roomMention).toBe('here');
    expect((await sendOk(m, room.id, '@here and @ALL')).roomMention).toBe('all');
    expect((await sendOk(m, room.id, '@all-hands meeting')).roomMention).toBeUndefined();

    // 51: the member's words stay text; the owner's and the admin's still call everyone.
    const [extra] = await quietMembers(1);
    const added = await http(t.url, 'POST', `/api/rooms/${room.id}/members`, {
      token: owner.token,
      body: { userId: extra },
    });
    expect(added.status).toBe(200);
    expect((await sendOk(m, room.id, 'hey @all')).roomMention).toBeUndefined();
    expect((await sendOk(m, room.id, 'hey @here')).roomMention).toBeUndefined();
    expect((await sendOk(o, room.id, 'hey @all')).roomMention).toBe('all');
    expect((await sendOk(a, room.id, 'hey @here')).roomMention).toBe('here');
  });

  it('@all means nothing in a direct room or a support conversation', async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('registering failed');
    const direct = await createDirectRoom(t.url, alice.token, bob.user.id);
    const a = await sockets.connect(alice);
    const inDirect = await sendOk(a, direct.id, `@all @here @${bob.user.username}`);
    expect(inDirect.roomMention).toBeUndefined();
    expect(inDirect.mentions).toEqual([bob.user.id]);

    const server = asTestServer();
    const siteAdmin = await registerAdmin(server);
    const site = await createSite(server, siteAdmin);
    const agent = await registerUser(t.url, 'agent');
    await addAgent(server, siteAdmin, site.id, agent.user.id);
    const visitor = await startTalkingVisitor(server, site);
    const agentSocket = await sockets.connect(agent);
    const inSupport = await sendOk(agentSocket, visitor.room.id, '@all we are here');
    expect(inSupport.roomMention).toBeUndefined();
  });

  it('the words that call a group cannot be registered as usernames', async () => {
    for (const username of ['all', 'here', 'everyone', 'channel']) {
      const { status, body } = await http<{ error: { code: string; message: string } }>(
        t.url,
        'POST',
        '/api/auth/register',
        { body: { username, password: 'correct horse battery' } },
      );
      expect({ username, status, code: body.error.code }).toEqual({
        username,
        status: 400,
        code: 'bad_request',
      });
      expect(body.error.message).toContain('username');
    }
  });
});

describe('mentionCount', () => {
  it('counts unread messages that call on the member, and clears as they read', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    if (!alice || !bob || !carol) throw new Error('registering failed');
    const { room, socket: a } = await group(alice, [bob, carol]);
    const b = await sockets.connect(bob);
    const c = await sockets.connect(carol);
    const count = async () => (await roomAsSeenBy(t.url, bob.token, room.id)).mentionCount;

    const before = await sendOk(a, room.id, `read already @${bob.user.username}`);
    ok(await request(b, 'messages:read', { roomId: room.id, upToMessageId: before.id }));
    expect(await count()).toBeUndefined();

    await sendOk(a, room.id, `@${bob.user.username} one`);
    await sendOk(c, room.id, 'two for everyone @all');
    await sendOk(a, room.id, `for carol only @${carol.user.username}`);
    await sendOk(b, room.id, `my own @${bob.user.username} @all`);
    const deleted = await sendOk(c, room.id, `@${bob.user.username} gone`);
    ok(await request(c, 'message:delete', { messageId: deleted.id }));
    const last = await sendOk(a, room.id, `three @here`);
    expect(await count()).toBe(3);
    // Carol sees her own count, not Bob's; Alice wrote the rest.
    expect((await roomAsSeenBy(t.url, carol.token, room.id)).mentionCount).toBe(3);
    expect((await roomAsSeenBy(t.url, alice.token, room.id)).mentionCount).toBe(2);

    ok(await request(b, 'messages:read', { roomId: room.id, upToMessageId: last.id }));
    expect(await count()).toBeUndefined();
    const single = await http<{ room: Room }>(t.url, 'GET', `/api/rooms/${room.id}`, {
      token: bob.token,
    });
    expect(single.body.room.mentionCount).toBeUndefined();
  });

  it(`stops counting at ${LIMITS.mentionCountMax}`, async () => {
    const [alice, bob] = await registerUsers(t.url, ['alice', 'bob']);
    if (!alice || !bob) throw new Error('registering failed');
    const { room, socket: a } = await group(alice, [bob]);
    for (let i = 0; i <= LIMITS.mentionCountMax; i++) {
      await sendOk(a, room.id, `@${bob.user.username} ${i}`);
    }
    const seen = await roomAsSeenBy(t.url, bob.token, room.id);
    expect(seen.unreadCount).toBe(LIMITS.mentionCountMax + 1);
    expect(seen.mentionCount).toBe(LIMITS.mentionCountMax);
  });
});

describe('mentions after being away', () => {
  it('a sync after offline mentions, edits and deletes equals a fresh load', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    if (!alice || !bob || !carol) throw new Error('registering failed');
    const { room, socket: a } = await group(alice, [bob, carol]);
    const toEdit = await sendOk(a, room.id, `first @${bob.user.username}`);
    const toClear = await sendOk(a, room.id, `second @${bob.user.username}`);
    let b = await sockets.connect(bob);
    const seen = await loadPage(b, room.id);
    await closeSocket(b);

    await sendOk(a, room.id, `while away @${bob.user.username} @all`);
    await edit(a, toEdit.id, `first, now @${carol.user.username} too @${bob.user.username}`);
    await edit(a, toClear.id, 'second, nobody');
    const deleted = await sendOk(a, room.id, `@${bob.user.username} deleted`);
    ok(await request(a, 'message:delete', { messageId: deleted.id }));

    b = await sockets.connect(bob);
    const [synced] = ok(
      await request(b, 'messages:sync', {
        rooms: [
          {
            roomId: room.id,
            afterSeq: seen.messages.at(-1)?.seq ?? 0,
            changesSince: seen.changesCursor,
          },
        ],
      }),
    ).rooms as [SyncRoomResult];
    const live = new Map(seen.messages.map((m) => [m.id, m]));
    for (const message of [...synced.changes, ...synced.messages]) live.set(message.id, message);
    const fresh = await loadPage(b, room.id);
    const mentionsOf = (messages: Iterable<Message>) =>
      [...messages].map((m) => ({ id: m.id, mentions: m.mentions, roomMention: m.roomMention }));
    expect(mentionsOf(live.values())).toEqual(mentionsOf(fresh.messages));
    expect(fresh.messages.map((m) => m.mentions?.length ?? 0)).toEqual([2, 0, 1, 0]);
  });
});
