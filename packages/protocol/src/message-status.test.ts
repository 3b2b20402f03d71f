import { describe, expect, it } from 'vitest';
import { messageStatus } from './message-status.js';

const marks = (userId: string, lastReadSeq: number, lastDeliveredSeq: number) => ({
  userId,
  lastReadSeq,
  lastDeliveredSeq,
});

describe('messageStatus', () => {
  const message = { seq: 5, senderId: 'alice' };

  it('is sent until every other member received it', () => {
    expect(
      messageStatus(message, [marks('alice', 0, 0), marks('bob', 0, 5), marks('carol', 4, 4)]),
    ).toBe('sent');
  });

  it('is delivered once every other member received it, whatever the sender marks say', () => {
    expect(
      messageStatus(message, [marks('alice', 0, 0), marks('bob', 3, 5), marks('carol', 4, 9)]),
    ).toBe('delivered');
  });

  it('is read once every other member read it', () => {
    expect(
      messageStatus(message, [marks('alice', 0, 0), marks('bob', 5, 5), marks('carol', 7, 7)]),
    ).toBe('read');
  });

  it('is sent in a room where the sender is alone', () => {
    expect(messageStatus(message, [marks('alice', 9, 9)])).toBe('sent');
  });
});
