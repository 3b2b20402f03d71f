import { describe, expect, it } from 'vitest';
import { messageStatus, supportMessageStatus } from './message-status.js';

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

describe('supportMessageStatus', () => {
  const visitor = 'visitor';
  const fromVisitor = { seq: 5, senderId: visitor };
  const fromAgent = { seq: 5, senderId: 'ana' };

  it("marks a visitor's message by the agent who has it, while another agent is away", () => {
    const away = marks('bo', 0, 0);
    expect(supportMessageStatus(fromVisitor, [marks(visitor, 5, 5), away], visitor)).toBe('sent');
    expect(
      supportMessageStatus(fromVisitor, [marks(visitor, 5, 5), marks('ana', 0, 5), away], visitor),
    ).toBe('delivered');
    expect(
      supportMessageStatus(fromVisitor, [marks(visitor, 5, 5), marks('ana', 5, 5), away], visitor),
    ).toBe('read');
  });

  it("marks an agent's message by the visitor alone: another agent reading it is not the visitor", () => {
    const colleague = marks('bo', 9, 9);
    expect(
      supportMessageStatus(
        fromAgent,
        [marks('ana', 5, 5), colleague, marks(visitor, 4, 4)],
        visitor,
      ),
    ).toBe('sent');
    expect(
      supportMessageStatus(
        fromAgent,
        [marks('ana', 5, 5), colleague, marks(visitor, 4, 5)],
        visitor,
      ),
    ).toBe('delivered');
    expect(
      supportMessageStatus(
        fromAgent,
        [marks('ana', 5, 5), colleague, marks(visitor, 5, 5)],
        visitor,
      ),
    ).toBe('read');
  });

  it('is sent while nobody is on the other side', () => {
    expect(supportMessageStatus(fromVisitor, [marks(visitor, 5, 5)], visitor)).toBe('sent');
  });
});
