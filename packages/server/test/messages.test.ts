import { LIMITS, messageSchema } from '@natter/protocol';
import type { Message } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import {
  createDirectRoom,
  createGroupRoom,
  newClientId,
  nextEvent,
  ok,
  recordEvents,
  registerUser,
  request,
  sendText,
} from './helpers/clients.js';
import { messageBarrier, typingBarrier } from './helpers/barrier.js';
import {
  closeSocket,
  codeOf,
  isIsoDate,
  loadAll,
  loadMessage,
  registerUsers,
  sendConcurrently,
  sendOk,
  useSocketTestServer,
} from './helpers/message-helpers.js';

const { t, sockets, directPair } = useSocketTestServer();

/** A message without its status, which moves on by itself as members receive and read it. */
const withoutStatus = ({ status: _status, ...rest }: Message) => rest;

/** Alice and Bob in a direct room, each connected. */
describe('message:send', () => {
  it('acks the stored message with its full shape, content trimmed', async () => {
    const { alice, room, a } = await directPair();
    const clientId = newClientId();
    const before = Date.now();
    const ack = ok(
      await request(a, 'message:send', {
        roomId: room.id,
        clientId,
        type: 'text',
        content: '  hello there \n',
      }),
    );
    expect(ack.clientId).toBe(clientId);
    const m = ack.message;
    expect(messageSchema.safeParse(m).success).toBe(true);
    expect(m).toMatchObject({
      roomId: room.id,
      seq: 1,
      senderId: alice.user.id,
      sender: { id: alice.user.id, displayName: alice.user.displayName },
      type: 'text',
      content: 'hello there',
      status: 'sent',
      clientId,
    });
    expect(typeof m.id).toBe('string');
    expect(m.id.length).toBeGreaterThan(0);
    expect(isIsoDate(m.createdAt)).toBe(true);
    expect(Date.parse(m.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(m.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(m.editedAt).toBeUndefined();
    expect(m.deletedAt).toBeUndefined();
    expect(m.replyTo).toBeUndefined();
    const allowed = new Set(Object.keys(messageSchema.shape));
    expect(Object.keys(m).filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('D4: delivers message:new to every member socket, including the sender’s own devices', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const a1 = await sockets.connect(alice!);
    const a2 = await sockets.connect(alice!);
    const b = await sockets.connect(bob!);
    const c = await sockets.connect(carol!);
    const recorders = [a1, a2, b, c].map((s) => recordEvents(s, 'message:new'));
    const ack = ok(await sendText(a1, room.id, 'hi all'));
    const marker = await messageBarrier(b, room.id, a1, a2, b, c);
    for (const recorder of recorders) expect(recorder.seen).toEqual([ack.message, marker]);
  });

  it('D4: echoes message:new to the sending socket with its clientId, before the ack', async () => {
    const { room, a, b } = await directPair();
    const echoes = recordEvents(a, 'message:new');
    const clientId = newClientId();
    const ack = ok(await sendText(a, room.id, 'echo', clientId));
    // The echo was emitted before the ack, on the same connection: a client must reconcile
    // the echo with its pending message by clientId.
    expect(echoes.seen).toHaveLength(1);
    expect(echoes.seen[0]).toEqual(ack.message);
    expect(echoes.seen[0]?.clientId).toBe(clientId);
    await typingBarrier(b, room.id, a);
    expect(echoes.seen).toHaveLength(1);
  });

  it('D2: numbers a room 1, 2, 3… without gaps under 50 concurrent sends from several users', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const room = await createGroupRoom(t.url, alice!.token, [bob!.user.id, carol!.user.id]);
    const a1 = await sockets.connect(alice!);
    const a2 = await sockets.connect(alice!);
    const b = await sockets.connect(bob!);
    const c = await sockets.connect(carol!);
    const arrivals = recordEvents(c, 'message:new');
    const sent = await sendConcurrently([a1, b, c, a2], room.id, 50);
    const seqs = sent.map((m) => m.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(sent.map((m) => m.id)).size).toBe(50);
    const history = await loadAll(b, room.id);
    expect(history.messages.map((m) => m.seq)).toEqual(seqs);
    expect(history.messages.map((m) => m.id).sort()).toEqual(sent.map((m) => m.id).sort());
    await typingBarrier(b, room.id, c);
    expect(arrivals.seen.map((m) => m.seq).sort((x, y) => x - y)).toEqual(seqs);
  });

  it('D2: keeps rooms’ seqs independent', async () => {
    const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
    const r1 = await createDirectRoom(t.url, alice!.token, bob!.user.id);
    const r2 = await createDirectRoom(t.url, alice!.token, carol!.user.id);
    const a = await sockets.connect(alice!);
    const [x, y, z] = await Promise.all([
      sendOk(a, r1.id, 'one'),
      sendOk(a, r2.id, 'one'),
      sendOk(a, r1.id, 'two'),
    ]);
    expect([x!.seq, z!.seq].sort()).toEqual([1, 2]);
    expect(y!.seq).toBe(1);
  });

  it('D4: is refused with forbidden for a room the sender is not in, and nothing is broadcast', async () => {
    const { room, a, b } = await directPair();
    const mallory = await registerUser(t.url, 'mallory');
    const m = await sockets.connect(mallory);
    const seen = recordEvents(b, 'message:new');
    expect(codeOf(await sendText(m, room.id, 'let me in'))).toBe('forbidden');
    expect(codeOf(await sendText(m, crypto.randomUUID(), 'nowhere'))).toBe('forbidden');
    await typingBarrier(a, room.id, b);
    expect(seen.seen).toEqual([]);
  });

  describe('idempotency', () => {
    it('D3: a double send of one clientId at once stores one message, acks it twice, broadcasts once', async () => {
      const { alice, room, b } = await directPair();
      const a2 = await sockets.connect(alice);
      const a1 = await sockets.connect(alice);
      const arrivals = recordEvents(b, 'message:new');
      const clientId = newClientId();
      const payload = { roomId: room.id, clientId, type: 'text', content: 'once' };
      const [x, y, z] = await Promise.all([
        request(a1, 'message:send', payload),
        request(a1, 'message:send', payload),
        request(a2, 'message:send', payload),
      ]);
      // Identical acks, but for `status`: a later answer may already say 'delivered'.
      const [first, ...others] = [x!, y!, z!].map((ack) => withoutStatus(ok(ack).message));
      for (const other of others) expect(other).toEqual(first);
      await typingBarrier(a1, room.id, b);
      expect(arrivals.seen.map(withoutStatus)).toEqual([first]);
      expect(arrivals.seen[0]?.status).toBe('sent');
      // The losers' seqs were rolled back with them: no gap.
      expect((await sendOk(a1, room.id, 'next')).seq).toBe(first!.seq + 1);
      expect((await loadAll(b, room.id)).messages.map((m) => m.seq)).toEqual([1, 2]);
    });

    it('D2: many double sends racing other sends still leave no seq gaps', async () => {
      const { room, a, b } = await directPair();
      const clientIds = Array.from({ length: 15 }, () => newClientId());
      const send = (clientId: string) =>
        request(a, 'message:send', { roomId: room.id, clientId, type: 'text', content: clientId });
      const [doubles, singles] = await Promise.all([
        Promise.all([...clientIds.map(send), ...clientIds.map(send)]),
        Promise.all(clientIds.map((_, i) => sendOk(b, room.id, `b ${i}`))),
      ]);
      const ids = new Set([
        ...doubles.map((ack) => ok(ack).message.id),
        ...singles.map((m) => m.id),
      ]);
      expect(ids.size).toBe(30);
      const history = await loadAll(a, room.id);
      expect(history.messages.map((m) => m.seq)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    });

    it('D3: a resend after reconnecting acks the stored message and broadcasts nothing', async () => {
      const { alice, room, a, b } = await directPair();
      const clientId = newClientId();
      const delivered = nextEvent(b, 'message:new');
      const original = await sendOk(a, room.id, 'first words', { clientId });
      await delivered;
      await closeSocket(a);
      const arrivals = recordEvents(b, 'message:new');
      const again = await sockets.connect(alice);
      const echoes = recordEvents(again, 'message:new');
      // First write wins: a resend with other content still gets the stored message.
      const resent = ok(await sendText(again, room.id, 'other words', clientId));
      expect(resent.clientId).toBe(clientId);
      expect(resent.message).toMatchObject({
        id: original.id,
        seq: original.seq,
        content: 'first words',
        createdAt: original.createdAt,
        clientId,
      });
      await typingBarrier(again, room.id, b);
      await typingBarrier(b, room.id, again);
      expect(arrivals.seen).toEqual([]);
      expect(echoes.seen).toEqual([]);
      expect((await loadAll(b, room.id)).messages).toHaveLength(1);
    });

    it('D3: a resend of an edited message acks its current state', async () => {
      const { room, a } = await directPair();
      const clientId = newClientId();
      const original = await sendOk(a, room.id, 'draft', { clientId });
      ok(await request(a, 'message:edit', { messageId: original.id, content: 'final' }));
      const resent = ok(await sendText(a, room.id, 'draft', clientId)).message;
      expect(resent.id).toBe(original.id);
      expect(resent.content).toBe('final');
    });

    it('D3: the same clientId in another room is a conflict', async () => {
      const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
      const r1 = await createDirectRoom(t.url, alice!.token, bob!.user.id);
      const r2 = await createDirectRoom(t.url, alice!.token, carol!.user.id);
      const a = await sockets.connect(alice!);
      const c = await sockets.connect(carol!);
      const clientId = newClientId();
      await sendOk(a, r1.id, 'to bob', { clientId });
      const seen = recordEvents(c, 'message:new');
      expect(codeOf(await sendText(a, r2.id, 'to carol', clientId))).toBe('conflict');
      await typingBarrier(a, r2.id, c);
      expect(seen.seen).toEqual([]);
      expect(await loadAll(c, r2.id)).toMatchObject({ messages: [] });
    });

    it('D3: the same clientId sent to two rooms at once: one wins, the other is a conflict', async () => {
      const [alice, bob, carol] = await registerUsers(t.url, ['alice', 'bob', 'carol']);
      const r1 = await createDirectRoom(t.url, alice!.token, bob!.user.id);
      const r2 = await createDirectRoom(t.url, alice!.token, carol!.user.id);
      const a = await sockets.connect(alice!);
      const clientId = newClientId();
      const acks = await Promise.all([
        sendText(a, r1.id, 'x', clientId),
        sendText(a, r2.id, 'x', clientId),
      ]);
      expect(acks.map(codeOf).sort()).toEqual(['conflict', 'ok']);
      const [h1, h2] = await Promise.all([loadAll(a, r1.id), loadAll(a, r2.id)]);
      expect(h1.messages.length + h2.messages.length).toBe(1);
    });

    it('D3: two users may use the same clientId', async () => {
      const { room, a, b } = await directPair();
      const clientId = newClientId();
      const [x, y] = await Promise.all([
        sendOk(a, room.id, 'from a', { clientId }),
        sendOk(b, room.id, 'from b', { clientId }),
      ]);
      expect(x.id).not.toBe(y.id);
      expect([x.seq, y.seq].sort()).toEqual([1, 2]);
    });
  });

  describe('validation', () => {
    it.each([
      ['empty content', { content: '' }],
      ['whitespace-only content', { content: ' \n\t  ' }],
      ['content over 10,000 characters', { content: 'x'.repeat(LIMITS.messageContentMax + 1) }],
      ['an unknown type', { type: 'video' }],
      ['no clientId', { clientId: undefined }],
      ['a clientId with odd characters', { clientId: 'has space' }],
      ['a clientId over 64 characters', { clientId: 'c'.repeat(65) }],
      ['a server-owned field', { seq: 7 }],
      ['a non-string content', { content: 42 }],
      ['an unknown attachment', { attachmentIds: ['no-such-upload'] }],
    ])('refuses %s with bad_request', async (_name, override) => {
      const { room, a, b } = await directPair();
      const seen = recordEvents(b, 'message:new');
      const payload = {
        roomId: room.id,
        clientId: newClientId(),
        type: 'text',
        content: 'x',
        ...override,
      };
      expect(codeOf(await request(a, 'message:send', payload))).toBe('bad_request');
      await typingBarrier(a, room.id, b);
      expect(seen.seen).toEqual([]);
    });

    it('refuses a missing payload with bad_request', async () => {
      const { a } = await directPair();
      expect(codeOf(await request(a, 'message:send', undefined))).toBe('bad_request');
      expect(codeOf(await request(a, 'message:send', 'text'))).toBe('bad_request');
    });

    it('accepts exactly 10,000 characters, counted after trimming', async () => {
      const { room, a } = await directPair();
      const max = 'y'.repeat(LIMITS.messageContentMax);
      expect((await sendOk(a, room.id, `  ${max}\n`)).content).toBe(max);
    });

    it('D2: a refused send burns no seq', async () => {
      const { room, a } = await directPair();
      expect(codeOf(await sendText(a, room.id, '   '))).toBe('bad_request');
      expect(
        codeOf(
          await request(a, 'message:send', {
            roomId: room.id,
            clientId: newClientId(),
            type: 'text',
            content: 'r',
            replyTo: 'nope',
          }),
        ),
      ).toBe('bad_request');
      expect((await sendOk(a, room.id, 'first')).seq).toBe(1);
    });
  });

  describe('replies', () => {
    it('a reply to a message of the same room carries replyTo everywhere', async () => {
      const { room, a, b } = await directPair();
      const original = await sendOk(a, room.id, 'question');
      const arrival = nextEvent(a, 'message:new', (m) => m.content === 'answer');
      const reply = await sendOk(b, room.id, 'answer', { replyTo: original.id });
      expect(reply.replyTo).toBe(original.id);
      expect((await arrival).replyTo).toBe(original.id);
      expect((await loadMessage(a, room.id, reply.id)).replyTo).toBe(original.id);
    });

    it('a reply to a message of another room is a bad_request', async () => {
      const { alice, room, a } = await directPair();
      const carol = await registerUser(t.url, 'carol');
      const other = await createDirectRoom(t.url, alice.token, carol.user.id);
      const elsewhere = await sendOk(a, other.id, 'elsewhere');
      const ack = await request(a, 'message:send', {
        roomId: room.id,
        clientId: newClientId(),
        type: 'text',
        content: 'reply',
        replyTo: elsewhere.id,
      });
      expect(codeOf(ack)).toBe('bad_request');
    });

    it('a reply to a nonexistent message is a bad_request', async () => {
      const { room, a } = await directPair();
      const ack = await request(a, 'message:send', {
        roomId: room.id,
        clientId: newClientId(),
        type: 'text',
        content: 'reply',
        replyTo: crypto.randomUUID(),
      });
      expect(codeOf(ack)).toBe('bad_request');
      expect((await loadAll(a, room.id)).messages).toEqual([]);
    });
  });
});

describe('message:edit', () => {
  it('the author edits: message:updated with editedAt and the new content reaches every member', async () => {
    const { alice, room, a, b } = await directPair();
    const a2 = await sockets.connect(alice);
    const original = await sendOk(a, room.id, 'helo');
    const updates = [a, a2, b].map((s) => nextEvent(s, 'message:updated'));
    const ack = ok(
      await request(a, 'message:edit', { messageId: original.id, content: ' hello ' }),
    );
    expect(ack.message).toMatchObject({
      id: original.id,
      seq: original.seq,
      content: 'hello',
      createdAt: original.createdAt,
    });
    expect(isIsoDate(ack.message.editedAt)).toBe(true);
    for (const update of await Promise.all(updates)) expect(update).toEqual(ack.message);
    expect(await loadMessage(b, room.id, original.id)).toMatchObject({
      content: 'hello',
      editedAt: ack.message.editedAt,
    });
  });

  it('an edit by someone other than the author is forbidden and changes nothing', async () => {
    const { room, a, b } = await directPair();
    const original = await sendOk(a, room.id, 'mine');
    const updates = recordEvents(a, 'message:updated');
    const ack = await request(b, 'message:edit', { messageId: original.id, content: 'yours' });
    expect(codeOf(ack)).toBe('forbidden');
    await typingBarrier(b, room.id, a);
    expect(updates.seen).toEqual([]);
    expect((await loadMessage(a, room.id, original.id)).content).toBe('mine');
  });

  it('an edit by a non-member is forbidden', async () => {
    const { room, a } = await directPair();
    const original = await sendOk(a, room.id, 'private');
    const m = await sockets.connect(await registerUser(t.url, 'mallory'));
    const ack = await request(m, 'message:edit', { messageId: original.id, content: 'pwned' });
    expect(codeOf(ack)).toBe('forbidden');
    expect((await loadMessage(a, room.id, original.id)).content).toBe('private');
  });

  it('an edit of a deleted message is a conflict', async () => {
    const { room, a, b } = await directPair();
    const original = await sendOk(a, room.id, 'soon gone');
    ok(await request(a, 'message:delete', { messageId: original.id }));
    const updates = recordEvents(b, 'message:updated');
    const ack = await request(a, 'message:edit', { messageId: original.id, content: 'back' });
    expect(codeOf(ack)).toBe('conflict');
    await typingBarrier(a, room.id, b);
    expect(updates.seen).toEqual([]);
    expect(await loadMessage(a, room.id, original.id)).toMatchObject({ content: '' });
  });

  it('an edit of an unknown message is not_found', async () => {
    const { a } = await directPair();
    const ack = await request(a, 'message:edit', { messageId: crypto.randomUUID(), content: 'x' });
    expect(codeOf(ack)).toBe('not_found');
  });

  it.each([
    ['empty content', { content: '' }],
    ['whitespace-only content', { content: '   ' }],
    ['content over 10,000 characters', { content: 'z'.repeat(LIMITS.messageContentMax + 1) }],
    ['no messageId', { messageId: undefined }],
    ['an extra field', { roomId: 'r' }],
  ])('refuses %s with bad_request', async (_name, override) => {
    const { room, a } = await directPair();
    const original = await sendOk(a, room.id, 'keep');
    const ack = await request(a, 'message:edit', {
      messageId: original.id,
      content: 'new',
      ...override,
    });
    expect(codeOf(ack)).toBe('bad_request');
    expect((await loadMessage(a, room.id, original.id)).content).toBe('keep');
  });
});

describe('message:delete', () => {
  it('D7: the author deletes: message:deleted to every member, a tombstone stays in history', async () => {
    const { alice, room, a, b } = await directPair();
    const a2 = await sockets.connect(alice);
    const doomed = await sendOk(a, room.id, 'regrettable');
    const kept = await sendOk(b, room.id, 'reply', { replyTo: doomed.id });
    const events = [a, a2, b].map((s) => nextEvent(s, 'message:deleted'));
    const { deletedAt } = ok(await request(a, 'message:delete', { messageId: doomed.id }));
    // The ack and the event carry the stored time: every copy's tombstone equals a fresh load.
    for (const event of await Promise.all(events)) {
      expect(event).toEqual({ roomId: room.id, messageId: doomed.id, deletedAt });
    }
    const history = (await loadAll(b, room.id)).messages;
    expect(history.map((m) => m.id)).toEqual([doomed.id, kept.id]);
    const tombstone = history[0]!;
    expect(tombstone).toMatchObject({ id: doomed.id, seq: doomed.seq, content: '' });
    expect(isIsoDate(tombstone.deletedAt)).toBe(true);
    expect(tombstone.deletedAt).toBe(deletedAt);
    expect(tombstone.attachments ?? []).toEqual([]);
    expect(history[1]).toMatchObject({ content: 'reply', replyTo: doomed.id });
  });

  it('deleting twice is ok and broadcasts once', async () => {
    const { room, a, b } = await directPair();
    const doomed = await sendOk(a, room.id, 'twice');
    const deletions = recordEvents(b, 'message:deleted');
    const [x, y] = await Promise.all([
      request(a, 'message:delete', { messageId: doomed.id }),
      request(a, 'message:delete', { messageId: doomed.id }),
    ]);
    expect([codeOf(x!), codeOf(y!)]).toEqual(['ok', 'ok']);
    const again = ok(await request(a, 'message:delete', { messageId: doomed.id }));
    await typingBarrier(a, room.id, b);
    // A repeat answers the first delete's time.
    expect(deletions.seen).toEqual([
      { roomId: room.id, messageId: doomed.id, deletedAt: again.deletedAt },
    ]);
  });

  it('a delete by someone other than the author is forbidden', async () => {
    const { room, a, b } = await directPair();
    const original = await sendOk(a, room.id, 'stays');
    const deletions = recordEvents(a, 'message:deleted');
    expect(codeOf(await request(b, 'message:delete', { messageId: original.id }))).toBe(
      'forbidden',
    );
    await typingBarrier(b, room.id, a);
    expect(deletions.seen).toEqual([]);
    const stored = await loadMessage(a, room.id, original.id);
    expect(stored.content).toBe('stays');
    expect(stored.deletedAt).toBeUndefined();
  });

  it('a delete of an unknown message is not_found', async () => {
    const { a } = await directPair();
    expect(codeOf(await request(a, 'message:delete', { messageId: crypto.randomUUID() }))).toBe(
      'not_found',
    );
  });

  it('a malformed delete is a bad_request', async () => {
    const { a } = await directPair();
    expect(codeOf(await request(a, 'message:delete', {}))).toBe('bad_request');
    expect(codeOf(await request(a, 'message:delete', { messageId: 5 }))).toBe('bad_request');
  });

  it('D2: a deleted message keeps its seq: the next message does not reuse it', async () => {
    const { room, a } = await directPair();
    const first = await sendOk(a, room.id, 'one');
    ok(await request(a, 'message:delete', { messageId: first.id }));
    const second: Message = await sendOk(a, room.id, 'two');
    expect(second.seq).toBe(first.seq + 1);
  });
});
