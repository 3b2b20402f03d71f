import type { messagesLoadSchema } from '@natter/protocol';
import type { z } from 'zod';
import type { Executor } from '../db/database.js';
import { forbidden, notFound } from '../errors.js';
import { findRoomStateForMember } from '../membership/membership.js';
import type { PageRead } from './message-service.js';
import { findMessageRoomId, findRepliesAfter, findRepliesBefore } from './message-repository.js';

type LoadInput = z.output<typeof messagesLoadSchema>;

/**
 * What `messages:load` with `replyTo` reads (docs/protocol.md, Replies as threads): a page of
 * one message's replies, paged by seq like the room's history (the newest page, `before` a
 * reply's seq, or `after` one) through `messages_reply_idx`. A non-member is `forbidden`
 * whatever the id; a parent that is not a message of the room is `not_found`. A deleted parent
 * still lists its replies.
 */
export async function readThread(
  db: Executor,
  userId: string,
  input: LoadInput,
  parentId: string,
): Promise<PageRead> {
  // The change cursor (with the membership) is read before the replies: a change in between is
  // reported again by the next sync, never lost.
  const [state, parentRoomId] = await Promise.all([
    findRoomStateForMember(db, input.roomId, userId),
    findMessageRoomId(db, parentId),
  ]);
  if (!state) throw forbidden();
  if (parentRoomId !== input.roomId) throw notFound('replyTo: no such message in this room');
  const { limit } = input;
  if (input.after !== undefined) {
    const afterSeq = Number(input.after);
    const [newer, atOrBefore] = await Promise.all([
      findRepliesAfter(db, parentId, afterSeq, limit),
      // One row at most: whether any reply lies at or before the cursor.
      findRepliesBefore(db, parentId, afterSeq + 1, 0),
    ]);
    const records = newer.slice(0, limit);
    return {
      older: [],
      hasMore: records.length > 0 && atOrBefore.length > 0,
      newer: { records, hasNewer: newer.length > limit },
      lastChangeSeq: state.lastChangeSeq,
    };
  }
  const before = input.before === undefined ? undefined : Number(input.before);
  const older = await findRepliesBefore(db, parentId, before, limit);
  return {
    older: older.slice(0, limit),
    hasMore: older.length > limit,
    lastChangeSeq: state.lastChangeSeq,
  };
}
