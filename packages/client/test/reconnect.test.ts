import { describe, expect, it } from 'vitest';
import {
  createGroupRoom,
  http,
  ok,
  recordEvents,
  registerUser,
  request,
  sendText,
  settle,
} from '../../server/test/helpers/clients.js';
import { typingBarrier } from '../../server/test/helpers/barrier.js';
import type { ClientSocket, TestUser } from '../../server/test/helpers/clients.js';
import { selectTimeline } from '../src/index.js';
import type { NatterClient } from '../src/index.js';
import {
  loadAllHistory,
  storeTypingBarrier,
  until,
  waitForState,
  waitReady,
} from './helpers/sdk.js';
import { useIntegrationServer } from './helpers/integration.js';
import { view } from './helpers/view.js';

const { t, clients, rawSocket, openProxy, aliceAndBob, serverHistory } = useIntegrationServer();

const contents = (client: NatterClient, roomId: string) =>
  selectTimeline(client.getState(), roomId).map((m) => m.content);

/** A client of the same user that starts from nothing and loads everything. */
async function freshView(user: TestUser): Promise<ReturnType<typeof view>> {
  const fresh = await clients.connect(t.url, user.token);
  for (const roomId of Object.keys(fresh.getState().rooms)) await loadAllHistory(fresh, roomId);
  return view(fresh.getState());
}

describe('reconnecting', () => {
  it('a message sent as the transport drops exists exactly once, on both sides', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const a = await clients.connect(t.url, alice.token);
    const b = await clients.connect(t.url, bob.token);
    const clientId = a.send(room.id, 'mid-drop');
    a.socket.io.engine.close();
    await waitForState(a, (s) => s.connection.status === 'reconnecting', 'the drop');
    await waitReady(a);
    await waitForState(
      a,
      (s) => selectTimeline(s, room.id).some((m) => m.clientId === clientId && m.id),
      'confirmed',
    );
    await waitForState(b, (s) => selectTimeline(s, room.id).length > 0, 'bob gets it');
    await storeTypingBarrier(b.socket, room.id, a);
    await storeTypingBarrier(a.socket, room.id, b);
    expect(contents(a, room.id)).toEqual(['mid-drop']);
    expect(contents(b, room.id)).toEqual(['mid-drop']);
    expect(await serverHistory(bob, room.id)).toMatchObject([{ clientId }]);
  });

  it('a message whose ack was lost is confirmed after the reconnect, and stored once', async () => {
    const proxy = await openProxy();
    const { alice, bob, room } = await aliceAndBob();
    const a = await clients.connect(proxy.url, alice.token);
    const bobSocket = await rawSocket(bob);
    const bobSees = recordEvents(bobSocket, 'message:new');
    // The server gets the message and acks it, but the ack never reaches Alice.
    proxy.freeze('down');
    const clientId = a.send(room.id, 'lost ack');
    await until(() => bobSees.seen.length === 1, 'stored on the server');
    expect(a.getState().outbox[room.id]).toMatchObject([{ clientId, status: 'sending' }]);
    proxy.dropAll();
    proxy.thaw();
    await waitForState(a, (s) => s.connection.status !== 'ready', 'the drop');
    await waitReady(a);
    await waitForState(a, (s) => s.outbox[room.id] === undefined, 'confirmed');
    await waitForState(
      a,
      (s) => selectTimeline(s, room.id).at(-1)?.status === 'delivered',
      'delivered to Bob',
    );
    await typingBarrier(a.socket, room.id, bobSocket);
    expect(selectTimeline(a.getState(), room.id)).toMatchObject([
      { clientId, status: 'delivered' },
    ]);
    expect(bobSees.seen).toHaveLength(1);
    expect(await serverHistory(bob, room.id)).toHaveLength(1);
  });

  it('sends made while offline show at once and go out, in order, after the reconnect', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const a = await clients.connect(t.url, alice.token);
    a.disconnect();
    a.send(room.id, 'first');
    a.send(room.id, 'second');
    await settle();
    expect(selectTimeline(a.getState(), room.id).map((m) => m.status)).toEqual([
      'sending',
      'sending',
    ]);
    expect(await serverHistory(bob, room.id)).toHaveLength(0);
    await a.connect();
    await waitForState(a, (s) => s.outbox[room.id] === undefined, 'all sent');
    expect((await serverHistory(bob, room.id)).map((m) => [m.seq, m.content])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ]);
    expect(contents(a, room.id)).toEqual(['first', 'second']);
  });

  it('catches up on messages, edits, deletes and receipts missed while offline', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const b = await rawSocket(bob);
    const keep = ok(await sendText(b, room.id, 'will be edited')).message;
    const doomed = ok(await sendText(b, room.id, 'will be deleted')).message;
    const a = await clients.connect(t.url, alice.token);
    await loadAllHistory(a, room.id);
    const mine = a.send(room.id, 'from alice');
    await waitForState(a, (s) => s.outbox[room.id] === undefined, 'sent');

    a.disconnect();
    ok(await request(b, 'message:edit', { messageId: keep.id, content: 'edited while away' }));
    ok(await request(b, 'message:delete', { messageId: doomed.id }));
    const aliceMessage = selectTimeline(a.getState(), room.id).find((m) => m.clientId === mine);
    ok(await request(b, 'messages:read', { roomId: room.id, upToMessageId: aliceMessage!.id! }));
    for (const text of ['missed 1', 'missed 2', 'missed 3']) ok(await sendText(b, room.id, text));
    expect(contents(a, room.id)).toEqual(['will be edited', 'will be deleted', 'from alice']);

    await a.connect();
    expect(contents(a, room.id)).toEqual([
      'edited while away',
      '',
      'from alice',
      'missed 1',
      'missed 2',
      'missed 3',
    ]);
    // Bob's first message (the edited one) and the three missed ones; not the deleted one.
    expect(a.getState().rooms[room.id]?.unreadCount).toBe(4);
    const fresh = await freshView(alice);
    expect(view(a.getState())).toEqual(fresh);
    // Bob read Alice's message while she was away: the receipt itself is gone, its effect is not.
    expect(selectTimeline(a.getState(), room.id)[2]).toMatchObject({ status: 'read' });
  });

  it('catches up on more than a page of missed messages, each once and in order', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const b = await rawSocket(bob);
    const a = await clients.connect(t.url, alice.token);
    await loadAllHistory(a, room.id);
    a.disconnect();
    for (let i = 1; i <= 130; i++) ok(await sendText(b, room.id, `m${i}`));
    await a.connect();
    const seqs = selectTimeline(a.getState(), room.id).map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expect(a.getState().rooms[room.id]?.unreadCount).toBe(130);
  });

  it('learns of rooms joined and left while offline before syncing (join first)', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const a = await clients.connect(t.url, alice.token);
    await loadAllHistory(a, room.id);
    const old = await createGroupRoom(t.url, bob.token, [alice.user.id], 'old group');
    await waitForState(a, (s) => s.rooms[old.id] !== undefined, 'old group');

    a.disconnect();
    const fresh = await createGroupRoom(t.url, bob.token, [alice.user.id], 'new group');
    ok(await sendText(await rawSocket(bob), fresh.id, 'welcome'));
    const removed = await http(t.url, 'DELETE', `/api/rooms/${old.id}/members/${alice.user.id}`, {
      token: bob.token,
    });
    expect(removed.status).toBe(204);

    await a.connect();
    const state = a.getState();
    expect(Object.keys(state.rooms).sort()).toEqual([fresh.id, room.id].sort());
    expect(state.rooms[fresh.id]).toMatchObject({
      unreadCount: 1,
      lastMessage: { content: 'welcome' },
    });
    await loadAllHistory(a, fresh.id);
    expect(contents(a, fresh.id)).toEqual(['welcome']);
  });
});

describe('receipts given while offline', () => {
  it('show after the reconnect from the sync alone, in direct and group rooms', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const carol = await registerUser(t.url, 'carol');
    const group = await createGroupRoom(t.url, alice.token, [bob.user.id, carol.user.id], 'trio');
    const b = await rawSocket(bob);
    const c = await rawSocket(carol);
    const a = await clients.connect(t.url, alice.token);
    const direct = a.send(room.id, 'read this while I am away');
    const first = a.send(group.id, 'both of you read this one');
    const second = a.send(group.id, 'only bob reads this one');
    await waitForState(a, (s) => Object.keys(s.outbox).length === 0, 'sent');
    const row = (roomId: string, clientId: string) =>
      selectTimeline(a.getState(), roomId).find((m) => m.clientId === clientId);
    const statuses = () => [
      row(room.id, direct)?.status,
      row(group.id, first)?.status,
      row(group.id, second)?.status,
    ];
    await waitForState(
      a,
      () => statuses().every((status) => status === 'delivered'),
      'delivered to everyone',
    );

    a.disconnect();
    await waitForState(a, (s) => s.connection.status === 'closed', 'offline');
    const idOf = (roomId: string, clientId: string) => row(roomId, clientId)!.id!;
    const readUpTo = (socket: ClientSocket, roomId: string, clientId: string) =>
      request(socket, 'messages:read', { roomId, upToMessageId: idOf(roomId, clientId) });
    ok(await readUpTo(b, room.id, direct));
    ok(await readUpTo(b, group.id, second));
    ok(await readUpTo(c, group.id, first));
    expect(statuses()).toEqual(['delivered', 'delivered', 'delivered']);

    // Nothing new to sync and nothing live: the statuses can only come from the sync's receipts.
    const liveReceipts: string[] = [];
    a.socket.on('messages:read:update', (event) => liveReceipts.push(event.userId));
    const sent: string[] = [];
    a.socket.onAnyOutgoing((event: string) => sent.push(event));
    await a.connect();
    // Carol has not read the second group message: every other member must have.
    expect(statuses()).toEqual(['read', 'read', 'delivered']);
    await storeTypingBarrier(b, room.id, a);
    expect(liveReceipts).toEqual([]);
    expect(sent).toContain('messages:sync');
    expect(sent).not.toContain('messages:load');
    expect(view(a.getState())).toEqual(await freshView(alice));
  });
});

describe('live updates', () => {
  it('applied to the state a client loaded, equal what a fresh client loads', async () => {
    const { alice, bob, room } = await aliceAndBob();
    const carol = await registerUser(t.url, 'carol');
    const group = await createGroupRoom(t.url, bob.token, [alice.user.id, carol.user.id], 'trio');
    const b = await rawSocket(bob);
    const c = await rawSocket(carol);
    ok(await sendText(b, room.id, 'before'));
    ok(await sendText(c, group.id, 'morning'));

    const a = await clients.connect(t.url, alice.token);
    for (const roomId of [room.id, group.id]) await loadAllHistory(a, roomId);

    const question = ok(await sendText(b, room.id, 'lunch?')).message;
    ok(await request(b, 'message:edit', { messageId: question.id, content: 'lunch today?' }));
    const typo = ok(await sendText(b, room.id, 'tpyo')).message;
    ok(await request(b, 'message:delete', { messageId: typo.id }));
    const reply = a.send(room.id, 'sure');
    const inGroup = a.send(group.id, 'hi both');
    await waitForState(a, (s) => Object.keys(s.outbox).length === 0, 'sent');
    const replyId = selectTimeline(a.getState(), room.id).find((m) => m.clientId === reply)!.id!;
    const groupId = selectTimeline(a.getState(), group.id).find((m) => m.clientId === inGroup)!.id!;
    ok(await request(b, 'messages:read', { roomId: room.id, upToMessageId: replyId }));
    ok(await request(c, 'messages:read', { roomId: group.id, upToMessageId: groupId }));
    ok(await sendText(c, group.id, 'bye'));
    await storeTypingBarrier(b, room.id, a);
    await storeTypingBarrier(c, group.id, a);

    const fresh = await freshView(alice);
    expect(view(a.getState())).toEqual(fresh);
    expect(selectTimeline(a.getState(), room.id).at(-1)).toMatchObject({
      content: 'sure',
      status: 'read',
    });
  });
});
