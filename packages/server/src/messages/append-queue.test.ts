import { describe, expect, it, vi } from 'vitest';
import type { Executor } from '../db/database.js';
import { AppendQueue } from './append-queue.js';
import type { NewMessage } from './message-repository.js';

const message = (n: number): NewMessage => ({
  id: `m${n}`,
  roomId: 'room',
  senderId: 'alice',
  clientId: `c${n}`,
  type: 'text',
  content: `text ${n}`,
  replyToId: null,
  createdAt: new Date(),
});

/** An executor whose every statement fails with `error`; counts the statements. */
function failingDb(error: Error) {
  const execute = vi.fn(() => Promise.reject(error));
  return { db: { execute } as unknown as Executor, execute };
}

describe('AppendQueue when a batch fails', () => {
  it('acks none of a batch whose statement failed for a lost connection, and does not retry it message by message', async () => {
    const lost = new Error('Connection terminated unexpectedly');
    const { db, execute } = failingDb(lost);
    const queue = new AppendQueue(db, 1);
    const results = await Promise.allSettled([1, 2, 3].map((n) => queue.append(message(n))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : undefined))).toEqual([
      lost,
      lost,
      lost,
    ]);
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('tries each message alone after a statement error, so one bad message does not fail the rest', async () => {
    const { db, execute } = failingDb(
      Object.assign(new Error('value too long'), { code: '22001' }),
    );
    const queue = new AppendQueue(db, 1);
    const results = await Promise.allSettled([1, 2, 3].map((n) => queue.append(message(n))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(execute).toHaveBeenCalledTimes(1 + 3);
  });
});
