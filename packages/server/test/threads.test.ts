import { describe, expect, it } from 'vitest';
import { ok, request } from './helpers/clients.js';
import { loadMessage, sendOk, useSocketTestServer } from './helpers/message-helpers.js';

const { directPair } = useSocketTestServer();

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
});
