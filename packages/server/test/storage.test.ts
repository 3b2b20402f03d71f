import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/database.js';
import {
  findByClientId,
  findPageBefore,
  appendMessage,
  isDuplicateClientId,
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

  /** One send as the server does it: `appendMessage`, one atomic statement. */
  const append = (
    roomId: string,
    senderId: string,
    clientId: string,
    replyToId: string | null = null,
  ) =>
    appendMessage(database.db, {
      id: crypto.randomUUID(),
      roomId,
      senderId,
      clientId,
      type: 'text',
      content: `from ${clientId}`,
      replyToId,
      createdAt: new Date(),
    });
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

  it('a refused resend (same sender and clientId) stores nothing and gives its seq back', async () => {
    const { userId, roomId } = await roomWithMember();
    await send(roomId, userId, 'first');
    const resend = await append(roomId, userId, 'first').catch((error: unknown) => error);
    expect(isDuplicateClientId(resend)).toBe(true);
    expect((await findByClientId(database.db, userId, 'first'))?.content).toBe('from first');
    expect(await send(roomId, userId, 'second')).toBe(2);
  });

  it('answers with the sender profile, so nothing has to be read back', async () => {
    const { userId, roomId } = await roomWithMember();
    expect(await append(roomId, userId, 'profile')).toEqual({
      seq: 1,
      senderDisplayName: 'S',
      senderAvatarUrl: null,
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

  it('timestamps keep their instant and pages come newest first by seq', async () => {
    const { userId, roomId } = await roomWithMember();
    for (let i = 0; i < 3; i++) await send(roomId, userId, `t${i}`);
    const page = await findPageBefore(database.db, roomId, undefined, 10);
    expect(page.map((m) => m.seq)).toEqual([3, 2, 1]);
    expect(page[0]?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs((page[0]?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });
});
