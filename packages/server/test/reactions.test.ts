import type { Message } from '@natter/protocol';
import { LIMITS, REACTION_SHORT_NAMES } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, removeMember } from './helpers/authz-helpers.js';
import { caughtUp } from './helpers/barrier.js';
import {
  connect,
  createGroupRoom,
  http,
  nextEvent,
  ok,
  recordEvents,
  registerUser,
  request,
} from './helpers/clients.js';
import type { ClientSocket } from './helpers/clients.js';
import {
  closeSocket,
  codeOf,
  connectReady,
  loadPage,
  registerUsers,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const { t, sockets, directPair } = useSocketTestServer();

const react = (socket: ClientSocket, messageId: string, emoji: string) =>
  request(socket, 'reaction:add', { messageId, emoji });
const unreact = (socket: ClientSocket, messageId: string, emoji: string) =>
  request(socket, 'reaction:remove', { messageId, emoji });
/** The error message of a refused ack (for asserting it names the field). */
const errorOf = (ack: { ok: boolean; error?: { message: string } }) => ack.error?.message ?? '';

/** A group of `count` fresh members (the first its owner), each with a ready socket. */
async function groupOf(count: number) {
  const users = await registerUsers(
    t.url,
    Array.from({ length: count }, (_, i) => `g${i}`),
  );
  const [owner, ...others] = users;
  if (!owner) throw new Error('no owner');
  const room = await createGroupRoom(
    t.url,
    owner.token,
    others.map((u) => u.user.id),
  );
  const connected = await Promise.all(users.map((u) => sockets.connect(u)));
  return { users, room, sockets: connected };
}

describe('reaction:add and reaction:remove', () => {
  it('adds once per user and emoji, tells members, and removes', async () => {
    const { alice, bob, room, a, b } = await directPair();
    const message = await sendOk(a, room.id, 'nice');
    const updated = nextEvent(a, 'message:updated');
    const added = ok(await react(b, message.id, '+1'));
    expect(added.message.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [bob.user.id] }]);
    expect((await updated).reactions).toEqual(added.message.reactions);

    const again = ok(await react(b, message.id, '👍'));
    expect(again.message.reactions).toEqual(added.message.reactions);
    const both = ok(await react(a, message.id, '👍'));
    expect(both.message.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [bob.user.id, alice.user.id] },
    ]);

    const removed = ok(await unreact(b, message.id, '👍'));
    expect(removed.message.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [alice.user.id] },
    ]);
    ok(await unreact(a, message.id, '👍'));
    const none = ok(await unreact(a, message.id, '👍'));
    expect(none.message.reactions).toBeUndefined();
  });

  it('a repeat changes nothing and publishes nothing: no message:updated, no new revision', async () => {
    const { room, a, b } = await directPair();
    const message = await sendOk(a, room.id, 'once');
    const first = ok(await react(b, message.id, '🎉'));
    const updates = recordEvents(a, 'message:updated');
    const repeated = ok(await react(b, message.id, 'tada'));
    const notThere = ok(await unreact(b, message.id, '👀'));
    await caughtUp(a);
    updates.stop();
    expect(updates.seen).toEqual([]);
    expect(repeated.message.revision).toBe(first.message.revision);
    expect(notThere.message.reactions).toEqual(first.message.reactions);
  });

  it('keeps emoji in the order first given, and each emoji its users earliest first', async () => {
    const {
      users,
      room,
      sockets: [s0, s1, s2],
    } = await groupOf(3);
    const message = await sendOk(s0!, room.id, 'order');
    ok(await react(s1!, message.id, '🔥'));
    ok(await react(s2!, message.id, '👀'));
    ok(await react(s0!, message.id, '🔥'));
    const last = ok(await react(s2!, message.id, '🔥'));
    const ids = users.map((u) => u.user.id);
    expect(last.message.reactions).toEqual([
      { emoji: '🔥', count: 3, userIds: [ids[1], ids[0], ids[2]] },
      { emoji: '👀', count: 1, userIds: [ids[2]] },
    ]);
  });

  it('normalises spellings of one emoji: short names (with colons), the text form, a needless U+FE0F', async () => {
    const { bob, room, a, b } = await directPair();
    const message = await sendOk(a, room.id, 'spellings');
    expect(ok(await react(b, message.id, ':heart:')).message.reactions).toEqual([
      { emoji: '❤️', count: 1, userIds: [bob.user.id] },
    ]);
    // The text-style heart is the same reaction: removing it removes the emoji-style one.
    expect(ok(await unreact(b, message.id, '❤')).message.reactions).toBeUndefined();
    ok(await react(b, message.id, '👍\uFE0F'));
    expect(ok(await react(b, message.id, 'thumbsup')).message.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [bob.user.id] },
    ]);
    // Every short name stores its emoji.
    for (const [name, emoji] of Object.entries(REACTION_SHORT_NAMES).slice(0, 5)) {
      const reacted = ok(await react(b, message.id, name)).message.reactions ?? [];
      expect(reacted.map((r) => r.emoji)).toContain(emoji);
    }
  });

  it(`takes at most ${LIMITS.reactionsPerMessageMax} different emoji (conflict), while adding to one of them still works`, async () => {
    const { room, a, b } = await directPair();
    const message = await sendOk(a, room.id, 'popular');
    const emoji = [...new Set(Object.values(REACTION_SHORT_NAMES))];
    expect(emoji.length).toBeGreaterThan(LIMITS.reactionsPerMessageMax);
    for (const e of emoji.slice(0, LIMITS.reactionsPerMessageMax))
      ok(await react(a, message.id, e));
    const refused = await react(a, message.id, emoji[LIMITS.reactionsPerMessageMax]!);
    expect(codeOf(refused)).toBe('conflict');
    const joined = ok(await react(b, message.id, emoji[0]!));
    expect(joined.message.reactions).toHaveLength(LIMITS.reactionsPerMessageMax);
    expect(joined.message.reactions?.[0]?.count).toBe(2);
    // Taking one away makes room for another.
    ok(await unreact(a, message.id, emoji[1]!));
    ok(await react(a, message.id, emoji[LIMITS.reactionsPerMessageMax]!));
  });

  it('refuses what is not one emoji, a missing emoji or messageId, and extra fields: bad_request naming the field', async () => {
    const { room, a } = await directPair();
    const message = await sendOk(a, room.id, 'x');
    for (const emoji of ['', 'ab', '👍👍', 'not_a_name', 'x'.repeat(100), 42]) {
      const ack = await request(a, 'reaction:add', { messageId: message.id, emoji });
      expect(codeOf(ack)).toBe('bad_request');
      expect(errorOf(ack)).toContain('emoji');
    }
    const missing = await request(a, 'reaction:add', { messageId: message.id });
    expect(codeOf(missing)).toBe('bad_request');
    expect(errorOf(missing)).toContain('emoji');
    const noMessage = await request(a, 'reaction:remove', { emoji: '👍' });
    expect(codeOf(noMessage)).toBe('bad_request');
    expect(errorOf(noMessage)).toContain('messageId');
    const extra = await request(a, 'reaction:add', {
      messageId: message.id,
      emoji: '👍',
      userId: 'someone-else',
    });
    expect(codeOf(extra)).toBe('bad_request');
    expect(errorOf(extra)).toContain('userId');
    // Nothing was half-written.
    const [stored] = (await loadPage(a, room.id)).messages;
    expect(stored?.reactions).toBeUndefined();
  });

  it('an unknown message is not_found; a deleted one is a conflict; a system message a bad_request', async () => {
    const {
      users,
      room,
      sockets: [owner],
    } = await groupOf(2);
    expect(codeOf(await react(owner!, 'no-such-message', '👍'))).toBe('not_found');
    expect(codeOf(await unreact(owner!, 'no-such-message', '👍'))).toBe('not_found');

    const message = await sendOk(owner!, room.id, 'soon gone');
    ok(await react(owner!, message.id, '👍'));
    ok(await request(owner!, 'message:delete', { messageId: message.id }));
    expect(codeOf(await react(owner!, message.id, '🎉'))).toBe('conflict');
    expect(codeOf(await unreact(owner!, message.id, '👍'))).toBe('conflict');
    const tombstone = (await loadPage(owner!, room.id)).messages.find((m) => m.id === message.id);
    expect(tombstone?.deletedAt).toEqual(expect.any(String));
    expect(tombstone?.reactions).toBeUndefined();

    const newcomer = await registerUser(t.url, 'newcomer');
    await addMember(t.url, users[0]!.token, room.id, newcomer.user.id);
    const system = (await loadPage(owner!, room.id)).messages.find((m) => m.type === 'system');
    if (!system) throw new Error('adding a member wrote no system message');
    const refused = await react(owner!, system.id, '👍');
    expect(codeOf(refused)).toBe('bad_request');
    expect(errorOf(refused)).toContain('messageId');
  });

  it('only members react: a stranger and a removed member are forbidden, and nothing changes', async () => {
    const {
      users,
      room,
      sockets: [owner, , leaver],
    } = await groupOf(3);
    const message = await sendOk(owner!, room.id, 'members only');
    const stranger = await sockets.connect(await registerUser(t.url, 'stranger'));
    expect(codeOf(await react(stranger, message.id, '👍'))).toBe('forbidden');
    expect(codeOf(await unreact(stranger, message.id, '👍'))).toBe('forbidden');

    ok(await react(leaver!, message.id, '👀'));
    await removeMember(t.url, users[0]!.token, room.id, users[2]!.user.id);
    expect(codeOf(await react(leaver!, message.id, '👍'))).toBe('forbidden');
    // A removed member's reactions stay (they were given), but they cannot take them back.
    expect(codeOf(await unreact(leaver!, message.id, '👀'))).toBe('forbidden');
    const stored = (await loadPage(owner!, room.id)).messages.find((m) => m.id === message.id);
    expect(stored?.reactions).toEqual([{ emoji: '👀', count: 1, userIds: [users[2]!.user.id] }]);
  });

  it('in a direct room, someone blocked by the other person cannot react (forbidden), but can take a reaction back', async () => {
    const { alice, bob, room, a, b } = await directPair();
    const message = await sendOk(a, room.id, 'before the block');
    ok(await react(b, message.id, '👍'));
    const blocked = await http(t.url, 'PUT', `/api/users/${bob.user.id}/block`, {
      token: alice.token,
    });
    expect(blocked.status).toBe(204);
    expect(codeOf(await react(b, message.id, '🎉'))).toBe('forbidden');
    expect(ok(await unreact(b, message.id, '👍')).message.reactions).toBeUndefined();
    // The one who blocks may still react.
    ok(await react(a, message.id, '👍'));
  });

  it('message:updated reaches the members only: not a stranger, not a removed member', async () => {
    const {
      users,
      room,
      sockets: [owner, member, removed],
    } = await groupOf(3);
    const message = await sendOk(owner!, room.id, 'who hears');
    await removeMember(t.url, users[0]!.token, room.id, users[2]!.user.id);
    const stranger = await sockets.connect(await registerUser(t.url, 'stranger'));
    const strangerSaw = recordEvents(stranger, 'message:updated');
    const removedSaw = recordEvents(removed!, 'message:updated');
    const memberSaw = nextEvent(member!, 'message:updated');
    const ownerSaw = nextEvent(owner!, 'message:updated');
    ok(await react(member!, message.id, '👍'));
    expect((await memberSaw).reactions?.[0]?.emoji).toBe('👍');
    expect((await ownerSaw).id).toBe(message.id);
    // The member got the publish: had the others been sent it, it was before these acks.
    await caughtUp(stranger, removed!);
    strangerSaw.stop();
    removedSaw.stop();
    expect(strangerSaw.seen).toEqual([]);
    expect(removedSaw.seen).toEqual([]);
  });

  it('concurrent reactions of many users to one message are all counted (no lost update)', async () => {
    const { users, room, sockets: all } = await groupOf(8);
    const message = await sendOk(all[0]!, room.id, 'everyone at once');
    await Promise.all(
      all.flatMap((socket) => [
        react(socket, message.id, '👍').then(ok),
        react(socket, message.id, '🎉').then(ok),
      ]),
    );
    const stored = (await loadPage(all[0]!, room.id)).messages.find((m) => m.id === message.id);
    const ids = users.map((u) => u.user.id).sort();
    expect(stored?.reactions?.map((r) => [r.emoji, r.count, [...r.userIds].sort()])).toEqual(
      expect.arrayContaining([
        ['👍', 8, ids],
        ['🎉', 8, ids],
      ]),
    );
    // Half of them take one back at once: the rest stay.
    await Promise.all(all.slice(0, 4).map((socket) => unreact(socket, message.id, '👍').then(ok)));
    const after = (await loadPage(all[0]!, room.id)).messages.find((m) => m.id === message.id);
    expect(after?.reactions?.find((r) => r.emoji === '👍')?.userIds.sort()).toEqual(
      users
        .slice(4)
        .map((u) => u.user.id)
        .sort(),
    );
  });

  it('a client that was away gets the reactions through messages:sync changes: the same as a fresh load', async () => {
    const {
      users,
      room,
      sockets: [owner, other, away],
    } = await groupOf(3);
    const [first, second, third] = [
      await sendOk(owner!, room.id, 'one'),
      await sendOk(owner!, room.id, 'two'),
      await sendOk(owner!, room.id, 'three'),
    ];
    ok(await react(owner!, first!.id, '👍'));
    const before = await loadPage(away!, room.id);
    await closeSocket(away!);

    ok(await react(other!, first!.id, '👍'));
    ok(await react(other!, second!.id, '🎉'));
    ok(await react(owner!, second!.id, '🎉'));
    ok(await unreact(owner!, first!.id, '👍'));
    ok(await react(owner!, third!.id, '❤️'));
    ok(await unreact(owner!, third!.id, '❤️'));

    const back = await connectReady(t.url, users[2]!.token);
    try {
      const newest = before.messages.at(-1)!;
      const synced = ok(
        await request(back, 'messages:sync', {
          rooms: [{ roomId: room.id, afterSeq: newest.seq, changesSince: before.changesCursor }],
        }),
      ).rooms[0];
      expect(synced?.messages).toEqual([]);
      const patched = new Map(before.messages.map((m) => [m.id, m]));
      for (const change of synced?.changes ?? []) patched.set(change.id, change);
      const fresh = await loadPage(back, room.id);
      const withoutStatus = ({ status: _, ...message }: Message) => message;
      expect([...patched.values()].map(withoutStatus)).toEqual(fresh.messages.map(withoutStatus));
      expect(fresh.messages.find((m) => m.id === first!.id)?.reactions).toEqual([
        { emoji: '👍', count: 1, userIds: [users[1]!.user.id] },
      ]);
      expect(fresh.messages.find((m) => m.id === third!.id)?.reactions).toBeUndefined();
    } finally {
      back.close();
    }
  });

  it('a visitor in a support room may react, and the agent sees it', async () => {
    const server: TestServer = { url: t.url, server: t.server, close: () => Promise.resolve() };
    const admin = await registerAdmin(server);
    const site = await createSite(server, admin);
    const agent = await registerUser(t.url, 'agent');
    await addAgent(server, admin, site.id, agent.user.id);
    const visitor = await startVisitor(server, site);
    // Not `sockets.connect`: its readiness probe (presence:get) is not a visitor's event.
    const v = await connect(t.url, visitor.token);
    try {
      const ag = await sockets.connect(agent);
      const question = await sendOk(v, visitor.room.id, 'Is shipping free?');
      const answer = await sendOk(ag, visitor.room.id, 'Yes, over 50 euros.');
      const agentSaw = nextEvent(ag, 'message:updated', (m) => m.id === answer.id);
      const reacted = ok(await react(v, answer.id, '🙏'));
      expect(reacted.message.reactions).toEqual([
        { emoji: '🙏', count: 1, userIds: [visitor.visitor.id] },
      ]);
      expect((await agentSaw).reactions).toEqual(reacted.message.reactions);
      ok(await react(ag, question.id, '👍'));
    } finally {
      v.close();
    }
  });
});

describe('the reactions budget', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: true });
  });
  afterAll(() => limited.close());

  it('past reactionsPerUser (60 per 10 s) a user is rate_limited; other users are not', async () => {
    const [alice, bob] = await registerUsers(limited.url, ['alice', 'bob']);
    const room = await createGroupRoom(limited.url, alice!.token, [bob!.user.id]);
    const a = await connectReady(limited.url, alice!.token);
    const b = await connectReady(limited.url, bob!.token);
    try {
      const message = await sendOk(a, room.id, 'toggle me');
      for (let i = 0; i < 60; i++) {
        ok(await (i % 2 === 0 ? react : unreact)(b, message.id, '👍'));
      }
      const refused = await react(b, message.id, '👍');
      expect(codeOf(refused)).toBe('rate_limited');
      expect(refused.ok ? 0 : refused.error.retryAfterMs).toBeGreaterThan(0);
      ok(await react(a, message.id, '👍'));
    } finally {
      a.close();
      b.close();
    }
  });
});
