import { describe, expect, it } from 'vitest';
import { addMember } from '../../server/test/helpers/authz-helpers.js';
import {
  createGroupRoom,
  newClientId,
  ok,
  registerUser,
  request,
} from '../../server/test/helpers/clients.js';
import { sendOk } from '../../server/test/helpers/message-helpers.js';
import type { NatterClient } from '../src/index.js';
import { selectThread, selectTimeline } from '../src/index.js';
import { useIntegrationServer } from './helpers/integration.js';
import { failure, loadAllHistory, waitForState } from './helpers/sdk.js';

const { t, clients, rawSocket, aliceAndBob, serverHistory } = useIntegrationServer();

const shown = (client: NatterClient, roomId: string, messageId: string) =>
  selectTimeline(client.getState(), roomId).find((m) => m.id === messageId);
const reactionsOf = (client: NatterClient, roomId: string, messageId: string) =>
  (shown(client, roomId, messageId)?.reactions ?? []).map((r) => [r.emoji, r.count]);

/** Alice and Bob as SDK clients (history loaded) and raw sockets, and a message of Alice's. */
async function reactingPair() {
  const { alice, bob, room } = await aliceAndBob();
  const socket = await rawSocket(alice);
  const message = await sendOk(socket, room.id, 'lunch?');
  const a = await clients.connect(t.url, alice.token);
  const b = await clients.connect(t.url, bob.token);
  await Promise.all([loadAllHistory(a, room.id), loadAllHistory(b, room.id)]);
  return { alice, bob, room, socket, message, a, b };
}

describe('reactions in the SDK', () => {
  it('show at once, are confirmed by the server, and reach the other member live', async () => {
    const { bob, room, message, a, b } = await reactingPair();
    const done = b.react(message.id, '+1');
    // Before any answer: the store already shows it.
    expect(shown(b, room.id, message.id)?.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [bob.user.id] },
    ]);
    await done;
    expect(b.getState().reactionIntents).toEqual({});
    expect(reactionsOf(b, room.id, message.id)).toEqual([['👍', 1]]);
    await waitForState(a, () => reactionsOf(a, room.id, message.id).length === 1, 'the reaction');
    await a.react(message.id, '👍');
    await waitForState(
      b,
      () => reactionsOf(b, room.id, message.id)[0]?.[1] === 2,
      "Alice's reaction",
    );
    await b.unreact(message.id, '👍');
    await waitForState(a, () => reactionsOf(a, room.id, message.id)[0]?.[1] === 1, 'the removal');
  });

  it('toggling quickly ends in the last state asked for, in the store and on the server', async () => {
    const { alice, room, message, a } = await reactingPair();
    const calls = [
      a.react(message.id, '🎉'),
      a.unreact(message.id, '🎉'),
      a.react(message.id, '🎉'),
      a.unreact(message.id, '🎉'),
      a.react(message.id, '❤️'),
      a.unreact(message.id, '❤️'),
      a.react(message.id, '❤️'),
    ];
    expect(reactionsOf(a, room.id, message.id)).toEqual([['❤️', 1]]);
    await Promise.all(calls);
    expect(reactionsOf(a, room.id, message.id)).toEqual([['❤️', 1]]);
    const stored = (await serverHistory(alice, room.id)).find((m) => m.id === message.id);
    expect(stored?.reactions).toEqual([{ emoji: '❤️', count: 1, userIds: [alice.user.id] }]);
  });

  it('roll back when the server refuses, and reject with its code', async () => {
    const alice = await registerUser(t.url, 'alice');
    const bob = await registerUser(t.url, 'bob');
    const carol = await registerUser(t.url, 'carol');
    const room = await createGroupRoom(t.url, alice.token, [bob.user.id]);
    await addMember(t.url, alice.token, room.id, carol.user.id);
    const b = await clients.connect(t.url, bob.token);
    await loadAllHistory(b, room.id);
    const system = selectTimeline(b.getState(), room.id).find((m) => m.type === 'system');
    if (!system?.id) throw new Error('no system message');
    const refused = failure(b.react(system.id, '👍'));
    expect(reactionsOf(b, room.id, system.id)).toEqual([['👍', 1]]);
    expect((await refused)?.code).toBe('bad_request');
    expect(reactionsOf(b, room.id, system.id)).toEqual([]);
    expect(b.getState().reactionIntents).toEqual({});
    // Not an emoji: refused before anything is shown or sent.
    expect((await failure(b.react(system.id, 'hello')))?.code).toBe('bad_request');
  });
});

describe('reply counts in the SDK', () => {
  it("grow by one per reply new to the store (the sender's echo and ack count once) and shrink with a deleted reply", async () => {
    const { bob, room, socket, message, a, b } = await reactingPair();
    const count = (client: NatterClient) => shown(client, room.id, message.id)?.replyCount;
    const bobs = await rawSocket(bob);
    await sendOk(bobs, room.id, 'yes!', { replyTo: message.id });
    await waitForState(a, () => count(a) === 1, 'one reply counted');
    b.send(room.id, 'at noon?', { replyTo: message.id });
    await waitForState(b, (s) => (s.outbox[room.id] ?? []).length === 0, 'the reply confirmed');
    expect(count(b)).toBe(2);
    await waitForState(a, () => count(a) === 2, 'two replies counted');
    // A reply the store holds already (loaded in a page) adds nothing: a fresh client agrees.
    const fresh = await clients.connect(t.url, bob.token);
    await loadAllHistory(fresh, room.id);
    expect(count(fresh)).toBe(2);
    const reply = selectTimeline(a.getState(), room.id).find((m) => m.content === 'yes!');
    ok(await request(bobs, 'message:delete', { messageId: reply!.id! }));
    await waitForState(a, () => count(a) === 1, 'the deleted reply uncounted');
    expect(socket.connected).toBe(true);
  });
});

describe('threads in the SDK', () => {
  it('open on the newest replies, page back without gaps, and take live and own replies', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const socket = await rawSocket(alice);
    const bobs = await rawSocket(bob);
    const parent = await sendOk(socket, room.id, 'thoughts on the new logo?');
    for (let i = 0; i < 12; i++) {
      await sendOk(i % 2 ? socket : bobs, room.id, `reply ${i}`, { replyTo: parent.id });
      await sendOk(socket, room.id, `chatter ${i}`);
    }
    const a = await clients.connect(t.url, alice.token, { historyPageSize: 5 });
    // Opened from a link: the parent is not loaded, the thread loads it.
    await a.threads.open(room.id, parent.id);
    const contents = () =>
      selectThread(a.getState(), parent.id)?.replies.map((m) => m.content) ?? [];
    expect(selectThread(a.getState(), parent.id)?.parent?.content).toBe(parent.content);
    expect(contents()).toEqual(['reply 7', 'reply 8', 'reply 9', 'reply 10', 'reply 11']);
    expect(a.threads.hasOlder(parent.id)).toBe(true);
    while ((await a.threads.loadOlder(parent.id)).hasMore);
    expect(contents()).toEqual(Array.from({ length: 12 }, (_, i) => `reply ${i}`));

    await sendOk(bobs, room.id, 'live one', { replyTo: parent.id });
    await sendOk(bobs, room.id, 'not in the thread');
    await waitForState(a, () => contents().at(-1) === 'live one', 'the live reply');
    const clientId = a.send(room.id, 'my own', { replyTo: parent.id });
    const pending = selectThread(a.getState(), parent.id)?.replies.at(-1);
    expect(pending?.content).toBe('my own');
    expect(pending?.clientId).toBe(clientId);
    await waitForState(
      a,
      () => selectThread(a.getState(), parent.id)?.replies.at(-1)?.id !== undefined,
      'my reply confirmed',
    );
    expect(contents().slice(-2)).toEqual(['live one', 'my own']);
    expect(selectThread(a.getState(), parent.id)?.parent?.replyCount).toBe(14);

    const first = selectThread(a.getState(), parent.id)?.replies[0];
    ok(await request(bobs, 'message:delete', { messageId: first!.id! }));
    await waitForState(
      a,
      () => selectThread(a.getState(), parent.id)?.replies[0]?.deletedAt !== undefined,
      'the deleted reply',
    );
    a.threads.close(parent.id);
    expect(selectThread(a.getState(), parent.id)).toBeUndefined();
  });

  it('a reply older than the loaded page waits for its page: no gap', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const socket = await rawSocket(alice);
    const parent = await sendOk(socket, room.id, 'parent');
    for (let i = 0; i < 6; i++) {
      await sendOk(socket, room.id, `reply ${i}`, { replyTo: parent.id, clientId: newClientId() });
    }
    const b = await clients.connect(t.url, bob.token, { historyPageSize: 3 });
    await b.threads.open(room.id, parent.id);
    // The room's history pages bring the older replies into the timeline, not into the thread.
    await loadAllHistory(b, room.id);
    expect(selectThread(b.getState(), parent.id)?.replies.map((m) => m.content)).toEqual([
      'reply 3',
      'reply 4',
      'reply 5',
    ]);
  });

  it('refuses a parent the room does not have (not_found)', async () => {
    const { alice, room } = await aliceAndBob();
    const a = await clients.connect(t.url, alice.token);
    expect((await failure(a.threads.open(room.id, 'no-such-message')))?.code).toBe('not_found');
  });
});
