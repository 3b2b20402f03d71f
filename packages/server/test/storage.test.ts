import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/database.js';
import {
  findByClientId,
  findPageBefore,
  insertMessage,
  takeNextSeq,
} from '../src/messages/message-repository.js';
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

  /** One send as the server does it: take a seq and insert, in one transaction. */
  const send = (roomId: string, senderId: string, clientId: string) =>
    database.db.transaction(async (tx) => {
      const seq = await takeNextSeq(tx, roomId, senderId, new Date());
      if (seq === undefined) throw new Error('not a member');
      const id = await insertMessage(tx, {
        roomId,
        seq,
        senderId,
        clientId,
        type: 'text',
        content: `m${seq}`,
        replyToId: null,
        createdAt: new Date(),
      });
      if (!id) throw new Error('duplicate');
      return seq;
    });

  it('migrating again is a no-op', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it('concurrent transactions take consecutive seqs with no gap and no repeat', async () => {
    const { userId, roomId } = await roomWithMember();
    const seqs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(roomId, userId, `c${i}`)),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('a rolled-back send gives its seq back', async () => {
    const { userId, roomId } = await roomWithMember();
    await send(roomId, userId, 'first');
    await expect(send(roomId, userId, 'first')).rejects.toThrow('duplicate');
    expect(await send(roomId, userId, 'second')).toBe(2);
  });

  it('the database itself refuses a second message with the same sender and clientId', async () => {
    const { userId, roomId } = await roomWithMember();
    await send(roomId, userId, 'same');
    const again = await insertMessage(database.db, {
      roomId,
      seq: 99,
      senderId: userId,
      clientId: 'same',
      type: 'text',
      content: 'copy',
      replyToId: null,
      createdAt: new Date(),
    });
    expect(again).toBeUndefined();
    expect((await findByClientId(database.db, userId, 'same'))?.content).toBe('m1');
  });

  it('a non-member cannot take a seq', async () => {
    const { roomId } = await roomWithMember();
    const outsider = await roomWithMember();
    const seq = await database.db.transaction((tx) =>
      takeNextSeq(tx, roomId, outsider.userId, new Date()),
    );
    expect(seq).toBeUndefined();
  });

  it('timestamps keep their instant and pages come newest first by seq', async () => {
    const { userId, roomId } = await roomWithMember();
    for (let i = 0; i < 3; i++) await send(roomId, userId, `t${i}`);
    const page = await findPageBefore(database.db, roomId, undefined, 10);
    expect(page.map((m) => m.seq)).toEqual([3, 2, 1]);
    expect(page[0]?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs((page[0]?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });
});
