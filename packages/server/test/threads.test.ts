import type { Message, MessagesLoadPayload } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { ok, registerUser, request } from './helpers/clients.js';
import type { ClientSocket } from './helpers/clients.js';
import { codeOf, loadMessage, sendOk, useSocketTestServer } from './helpers/message-helpers.js';

const { t, sockets, directPair } = useSocketTestServer();

async function loadThread(socket: ClientSocket, payload: MessagesLoadPayload) {
  const { ok: _ok, ...page } = ok(await request(socket, 'messages:load', payload));
  return { ...page, contents: page.messages.map((m) => m.content) };
}

/** A direct room with a parent message, `count` replies to it ("r0"…), and chatter between. */
async function threadOf(count: number) {
  const pair = await directPair();
  const parent = await sendOk(pair.a, pair.room.id, 'question');
  const replies: Message[] = [];
  for (let i = 0; i < count; i++) {
    replies.push(
      await sendOk(i % 2 ? pair.a : pair.b, pair.room.id, `r${i}`, { replyTo: parent.id }),
    );
    if (i % 3 === 0) await sendOk(pair.a, pair.room.id, `chatter ${i}`);
  }
  return { ...pair, parent, replies };
}

const names = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `r${from + i}`);

describe('reply counts', () => {
  it('count replies, report them through sync, and uncount deleted ones', async () => {
    const { room, a, b } = await directPair();
    const parent = await sendOk(a, room.id, 'question');
    const first = ok(
      await request(b, 'messages:sync', {
        rooms: [{ roomId: room.id, afterSeq: parent.seq, changesSince: '0' }],
      }),
    );
    const cursor = first.rooms[0]?.changesCursor ?? '0';
    const reply = await sendOk(b, room.id, 'answer', { replyTo: parent.id });
    await sendOk(a, room.id, 'another', { replyTo: parent.id });
    const synced = ok(
      await request(b, 'messages:sync', {
        rooms: [{ roomId: room.id, afterSeq: parent.seq + 2, changesSince: cursor }],
      }),
    );
    expect(synced.rooms[0]?.changes.map((m) => [m.id, m.replyCount])).toEqual([[parent.id, 2]]);
    ok(await request(b, 'message:delete', { messageId: reply.id }));
    expect((await loadMessage(a, room.id, parent.id))?.replyCount).toBe(1);
  });

  it('a deleted reply updates its parent live (message:updated); deleting it again changes nothing', async () => {
    const { room, a, b } = await directPair();
    const parent = await sendOk(a, room.id, 'question');
    const reply = await sendOk(b, room.id, 'answer', { replyTo: parent.id });
    expect((await loadMessage(a, room.id, parent.id)).replyCount).toBe(1);
    const updated = new Promise<Message>((resolve) => a.once('message:updated', resolve));
    ok(await request(b, 'message:delete', { messageId: reply.id }));
    const parentNow = await updated;
    expect(parentNow.id).toBe(parent.id);
    expect(parentNow.replyCount).toBeUndefined();
    ok(await request(b, 'message:delete', { messageId: reply.id }));
    expect((await loadMessage(a, room.id, parent.id)).replyCount).toBeUndefined();
  });

  it('a reply to a reply counts on its own parent only', async () => {
    const { room, a, b } = await directPair();
    const parent = await sendOk(a, room.id, 'question');
    const reply = await sendOk(b, room.id, 'answer', { replyTo: parent.id });
    await sendOk(a, room.id, 'about that answer', { replyTo: reply.id });
    await sendOk(b, room.id, 'and again', { replyTo: reply.id });
    expect((await loadMessage(a, room.id, parent.id)).replyCount).toBe(1);
    expect((await loadMessage(a, room.id, reply.id)).replyCount).toBe(2);
    const thread = await loadThread(a, { roomId: room.id, replyTo: parent.id });
    expect(thread.contents).toEqual(['answer']);
  });

  it('a deleted parent keeps the count of its replies', async () => {
    const { room, a, b } = await directPair();
    const parent = await sendOk(a, room.id, 'question');
    await sendOk(b, room.id, 'answer', { replyTo: parent.id });
    ok(await request(a, 'message:delete', { messageId: parent.id }));
    // The tombstone keeps its count: its thread still lists the replies (tested below).
    expect((await loadMessage(a, room.id, parent.id)).replyCount).toBe(1);
  });
});

describe('messages:load with replyTo', () => {
  it('pages through the replies by seq, newest page first, without a duplicate or a gap (60 replies, 7 a page)', async () => {
    const { room, a, parent, replies } = await threadOf(60);
    expect((await loadMessage(a, room.id, parent.id)).replyCount).toBe(60);
    const seen: string[] = [];
    let before: string | undefined;
    for (let pages = 0; ; pages++) {
      const page = await loadThread(a, {
        roomId: room.id,
        replyTo: parent.id,
        limit: 7,
        ...(before === undefined ? {} : { before }),
      });
      // Each page oldest first, only replies to the parent.
      expect(page.messages.every((m) => m.replyTo === parent.id)).toBe(true);
      expect(page.messages.map((m) => m.seq)).toEqual(
        [...page.messages.map((m) => m.seq)].sort((x, y) => x - y),
      );
      seen.unshift(...page.contents);
      expect(typeof page.changesCursor).toBe('string');
      expect(page.receipts.length).toBe(2);
      if (!page.hasMore) {
        expect(page.nextCursor).toBeUndefined();
        expect(pages).toBe(8);
        break;
      }
      before = page.nextCursor;
    }
    expect(seen).toEqual(replies.map((r) => r.content));
    expect(seen).toEqual(names(0, 60));
  });

  it('after a cursor: the oldest replies newer than it, with hasNewer, newerCursor and hasMore', async () => {
    const { room, a, parent, replies } = await threadOf(10);
    const page = await loadThread(a, {
      roomId: room.id,
      replyTo: parent.id,
      after: String(replies[2]!.seq),
      limit: 4,
    });
    expect(page.contents).toEqual(names(3, 7));
    expect(page.hasNewer).toBe(true);
    expect(page.hasMore).toBe(true);
    expect(page.nextCursor).toBe(String(replies[3]!.seq));
    const next = await loadThread(a, {
      roomId: room.id,
      replyTo: parent.id,
      after: page.newerCursor!,
      limit: 10,
    });
    expect(next.contents).toEqual(names(7, 10));
    expect(next.hasNewer).toBe(false);
    expect(next.newerCursor).toBeUndefined();
    const fromStart = await loadThread(a, {
      roomId: room.id,
      replyTo: parent.id,
      after: String(parent.seq),
      limit: 2,
    });
    expect(fromStart.contents).toEqual(['r0', 'r1']);
    expect(fromStart.hasMore).toBe(false);
    const past = await loadThread(a, {
      roomId: room.id,
      replyTo: parent.id,
      after: String(replies[9]!.seq),
    });
    expect(past.messages).toEqual([]);
    expect(past.hasNewer).toBe(false);
  });

  it('a message without replies has an empty thread; a deleted parent still lists its replies', async () => {
    const { room, a, parent, replies } = await threadOf(3);
    const lonely = await sendOk(a, room.id, 'nobody answers');
    const empty = await loadThread(a, { roomId: room.id, replyTo: lonely.id });
    expect(empty.messages).toEqual([]);
    expect(empty.hasMore).toBe(false);
    ok(await request(a, 'message:delete', { messageId: parent.id }));
    ok(await request(a, 'message:delete', { messageId: replies[1]!.id }));
    const thread = await loadThread(a, { roomId: room.id, replyTo: parent.id });
    expect(thread.messages.map((m) => [m.content, m.deletedAt !== undefined])).toEqual([
      ['r0', false],
      ['', true],
      ['r2', false],
    ]);
  });

  it('a parent of another room or an unknown one is not_found; a non-member is forbidden whatever the id', async () => {
    const { room, a, parent } = await threadOf(2);
    const other = await directPair();
    const elsewhere = await sendOk(other.a, other.room.id, 'elsewhere');
    await sendOk(other.b, other.room.id, 'reply elsewhere', { replyTo: elsewhere.id });
    for (const replyTo of [elsewhere.id, 'no-such-message']) {
      const ack = await request(a, 'messages:load', { roomId: room.id, replyTo });
      expect(codeOf(ack)).toBe('not_found');
    }
    const stranger = await sockets.connect(await registerUser(t.url, 'stranger'));
    for (const replyTo of [parent.id, 'no-such-message']) {
      expect(codeOf(await request(stranger, 'messages:load', { roomId: room.id, replyTo }))).toBe(
        'forbidden',
      );
    }
  });

  it('replyTo with around, two positions, or a malformed id is a bad_request naming the field', async () => {
    const { room, a, parent } = await threadOf(1);
    const around = await request(a, 'messages:load', {
      roomId: room.id,
      replyTo: parent.id,
      around: parent.id,
    });
    expect(codeOf(around)).toBe('bad_request');
    expect(around.ok ? '' : around.error.message).toContain('around');
    expect(
      codeOf(
        await request(a, 'messages:load', {
          roomId: room.id,
          replyTo: parent.id,
          before: '9',
          after: '1',
        }),
      ),
    ).toBe('bad_request');
    const malformed = await request(a, 'messages:load', { roomId: room.id, replyTo: 42 });
    expect(codeOf(malformed)).toBe('bad_request');
    expect(malformed.ok ? '' : malformed.error.message).toContain('replyTo');
  });
});
