import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/database.js';
import {
  findByClientId,
  findPageForMember,
  appendMessages,
  isDuplicateClientId,
} from '../src/messages/message-repository.js';
import type { NewMessage } from '../src/messages/message-repository.js';
import { AppendQueue } from '../src/messages/append-queue.js';
import { CommitTimings } from '../src/messages/commit-timings.js';
import { insertMembers, insertRoom } from '../src/rooms/room-repository.js';
import { insertUser } from '../src/users/user-repository.js';
import { uniqueName } from './helpers/clients.js';
import { testDriver } from './helpers/test-server.js';

/**
 * The storage contract: what the rest of the server relies on from either driver. The same
 * suite runs on PGlite and on PostgreSQL (one Vitest project each).
 */
describe(`storage contract (${testDriver})`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase({
      databaseUrl: testDriver === 'postgres' ? inject('databaseUrl') : undefined,
      pgliteDir: 'memory://',
    });
    await database.migrate();
  });
  afterAll(() => database.close());

  async function roomWithMember() {
    const user = await insertUser(database.db, {
      username: uniqueName('s'),
      displayName: 'S',
      passwordHash: 'x',
    });
    if (!user) throw new Error('user insert failed');
    const room = await insertRoom(database.db, {
      type: 'group',
      name: 'r',
      directKey: null,
      createdBy: user.id,
    });
    if (!room) throw new Error('room insert failed');
    await insertMembers(database.db, room.id, [{ userId: user.id, role: 'owner' }], 0);
    return { userId: user.id, roomId: room.id };
  }

  const newMessage = (
    roomId: string,
    senderId: string,
    clientId: string,
    replyToId: string | null = null,
  ): NewMessage => ({
    id: crypto.randomUUID(),
    roomId,
    senderId,
    clientId,
    type: 'text',
    content: `from ${clientId}`,
    replyToId,
    createdAt: new Date(),
  });
  /** One send alone: a batch of one, as the server's group commit runs it when idle. */
  const append = async (...args: Parameters<typeof newMessage>) => {
    const message = newMessage(...args);
    return (await appendMessages(database.db, [message])).get(message.id);
  };
  /** The newest `limit` messages' seqs, newest first, as the member reads them. */
  const newestSeqs = async (room: { roomId: string; userId: string }, limit: number) => {
    const page = await findPageForMember(database.db, { ...room, beforeSeq: undefined, limit });
    return page?.records.map((m) => m.seq);
  };
  const send = async (roomId: string, senderId: string, clientId: string) => {
    const appended = await append(roomId, senderId, clientId);
    if (!appended) throw new Error('nothing stored');
    return appended.seq;
  };

  it('migrating again is a no-op', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it('concurrent sends take consecutive seqs with no gap and no repeat', async () => {
    const { userId, roomId } = await roomWithMember();
    const seqs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(roomId, userId, `c${i}`)),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('a resend (same sender and clientId) stores nothing and takes no seq', async () => {
    const { userId, roomId } = await roomWithMember();
    await send(roomId, userId, 'first');
    expect(await append(roomId, userId, 'first')).toBeUndefined();
    expect((await findByClientId(database.db, userId, 'first'))?.content).toBe('from first');
    expect(await send(roomId, userId, 'second')).toBe(2);
  });

  it('answers with the sender profile and the mentions it resolved, so nothing has to be read back', async () => {
    const { userId, roomId } = await roomWithMember();
    expect(await append(roomId, userId, 'profile')).toEqual({
      seq: 1,
      senderDisplayName: 'S',
      senderAvatarUrl: null,
      mentions: null,
      roomMention: null,
    });
  });

  it('a non-member, or a reply to a message of another room, takes no seq and stores nothing', async () => {
    const { roomId, userId } = await roomWithMember();
    const outsider = await roomWithMember();
    expect(await append(roomId, outsider.userId, 'intruder')).toBeUndefined();
    await send(outsider.roomId, outsider.userId, 'elsewhere');
    const foreign = await findByClientId(database.db, outsider.userId, 'elsewhere');
    expect(await append(roomId, userId, 'bad-reply', foreign?.id ?? null)).toBeUndefined();
    expect(await send(roomId, userId, 'ok')).toBe(1);
  });

  it('a batch over several rooms takes each room consecutive seqs in batch order, skipping the refused', async () => {
    const a = await roomWithMember();
    const b = await roomWithMember();
    await send(a.roomId, a.userId, 'before');
    const batch = [
      newMessage(a.roomId, a.userId, 'a1'),
      newMessage(b.roomId, b.userId, 'b1'),
      newMessage(a.roomId, b.userId, 'intruder'),
      newMessage(a.roomId, a.userId, 'a2'),
      newMessage(a.roomId, a.userId, 'before'),
      newMessage(b.roomId, b.userId, 'b1'),
      newMessage(b.roomId, b.userId, 'b2'),
    ];
    const stored = await appendMessages(database.db, batch);
    const seqOf = (i: number) => stored.get(batch[i]?.id ?? '')?.seq;
    expect([0, 1, 2, 3, 4, 5, 6].map(seqOf)).toEqual([2, 1, undefined, 3, undefined, undefined, 2]);
    expect((await findByClientId(database.db, b.userId, 'b1'))?.id).toBe(batch[1]?.id);
    expect(await newestSeqs(a, 10)).toEqual([3, 2, 1]);
    expect(await send(b.roomId, b.userId, 'after')).toBe(3);
  });

  it('concurrent batches sharing rooms and clientIds store each (sender, clientId) once, gapless', async () => {
    const a = await roomWithMember();
    const b = await roomWithMember();
    const batches = Array.from({ length: 6 }, (_, n) =>
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? newMessage(a.roomId, a.userId, `a${i}`)
          : newMessage(b.roomId, b.userId, `b${i + n}`),
      ),
    );
    const settled = await Promise.allSettled(
      batches.map((batch) => appendMessages(database.db, batch)),
    );
    // A batch that lost a race on a clientId fails whole; what was stored is still gapless.
    for (const outcome of settled) {
      if (outcome.status === 'rejected') expect(isDuplicateClientId(outcome.reason)).toBe(true);
    }
    for (const room of [a, b]) {
      const seqs = (await newestSeqs(room, 100)) ?? [];
      expect(seqs).toEqual(seqs.map((_, i) => seqs.length - i));
    }
    expect(settled.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
  });

  it('timestamps keep their instant and pages come newest first by seq, cursor included', async () => {
    const { userId, roomId } = await roomWithMember();
    for (let i = 0; i < 3; i++) await send(roomId, userId, `t${i}`);
    const page = await findPageForMember(database.db, { roomId, userId, beforeSeq: 3, limit: 10 });
    expect(page?.records.map((m) => m.seq)).toEqual([2, 1]);
    expect(page?.lastChangeSeq).toBe(0);
    expect(page?.members).toEqual([expect.objectContaining({ userId, lastReadSeq: 0 })]);
    const createdAt = page?.records[0]?.createdAt;
    expect(createdAt).toBeInstanceOf(Date);
    expect(Math.abs((createdAt?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('a page for a non-member is undefined; an empty page for a member is empty, with the members', async () => {
    const { userId, roomId } = await roomWithMember();
    const outsider = await roomWithMember();
    const read = (reader: string, beforeSeq?: number) =>
      findPageForMember(database.db, { roomId, userId: reader, beforeSeq, limit: 10 });
    const empty = { records: [], lastChangeSeq: 0, members: [expect.objectContaining({ userId })] };
    expect(await read(userId)).toEqual(empty);
    await send(roomId, userId, 'only');
    expect(await read(outsider.userId)).toBeUndefined();
    expect(await read(userId, 1)).toEqual(empty);
  });

  describe('group commit (AppendQueue)', () => {
    it('many concurrent sends over two lanes: each stored once, each room gapless, each in arrival order', async () => {
      const rooms = await Promise.all(Array.from({ length: 5 }, () => roomWithMember()));
      const timings = new CommitTimings();
      const queue = new AppendQueue(database.db, 2, timings);
      const sends = rooms.flatMap((room) =>
        Array.from({ length: 60 }, (_, i) => newMessage(room.roomId, room.userId, `q${i % 50}`)),
      );
      const answers = await Promise.all(sends.map((message) => queue.append(message)));
      for (const room of rooms) {
        const mine = sends.flatMap((m, i) => (m.roomId === room.roomId ? [answers[i]?.seq] : []));
        // The first 50 clientIds are new, in order; the 10 repeats are resends and take nothing.
        expect(mine).toEqual([
          ...Array.from({ length: 50 }, (_, i) => i + 1),
          ...Array<undefined>(10).fill(undefined),
        ]);
      }
      await queue.drain();
      // Every send's commit latency is counted once, in fewer batches than sends (group commit).
      const counted = timings.snapshot();
      expect(counted.messages).toBe(300);
      expect(counted.waitMs.reduce((a, b) => a + b, 0)).toBe(300);
      expect(counted.statementMs.reduce((a, b) => a + b, 0)).toBe(counted.batches);
      expect(counted.batches).toBeLessThan(300);
    });

    it('a message the database refuses fails alone; the rest of its batch is stored', async () => {
      const { roomId, userId } = await roomWithMember();
      const queue = new AppendQueue(database.db, 1);
      const poisoned = { ...newMessage(roomId, userId, 'nul'), content: 'a\u0000b' };
      const [first, bad, last] = await Promise.allSettled([
        queue.append(newMessage(roomId, userId, 'one')),
        queue.append(poisoned),
        queue.append(newMessage(roomId, userId, 'two')),
      ]);
      expect(bad?.status).toBe('rejected');
      expect(first?.status === 'fulfilled' && first.value?.seq).toBe(1);
      expect(last?.status === 'fulfilled' && last.value?.seq).toBe(2);
    });

    it('drain waits for queued sends', async () => {
      const { roomId, userId } = await roomWithMember();
      const queue = new AppendQueue(database.db, 1);
      let stored = 0;
      for (let i = 0; i < 20; i++) {
        void queue.append(newMessage(roomId, userId, `d${i}`)).then(() => stored++);
      }
      await queue.drain();
      await Promise.resolve();
      expect(stored).toBe(20);
    });
  });
});
