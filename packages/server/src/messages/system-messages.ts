import type { SystemEvent } from '@natter/protocol';
import { systemEventText } from '@natter/protocol';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { forbidden } from '../errors.js';
import { messages } from '../db/schema.js';
import type { Publisher } from '../realtime/publisher.js';
import { findProfiles } from '../users/user-repository.js';
import type { MessageRecord } from './message-presenter.js';
import { presentMessage } from './message-presenter.js';
import { FRESH_MESSAGE_COLUMNS, appendMessages } from './message-repository.js';

/**
 * Writes a `system` message about the room inside the caller's transaction, so it commits (or
 * not) with the change it tells of. It takes the room's next seq through `appendMessages`, the
 * one seq allocator, with the actor as its sender: the actor must still be a member (a leaver's
 * line is written before their membership is deleted). The fallback text names people as they
 * are called now. `createdAt` is the database's time (db/database-clock.ts), as a message's is.
 */
export async function appendSystemMessage(
  tx: Executor,
  roomId: string,
  event: SystemEvent,
  createdAt: Date,
): Promise<MessageRecord> {
  const people = [event.actorId, ...('targetId' in event ? [event.targetId] : [])];
  const names = new Map((await findProfiles(tx, people)).map((p) => [p.id, p.displayName]));
  const id = crypto.randomUUID();
  const record = {
    id,
    roomId,
    senderId: event.actorId,
    // Unique per (sender, clientId) like every message; never a client's own key.
    clientId: `system:${id}`,
    type: 'system' as const,
    content: systemEventText(event, (userId) => names.get(userId) ?? 'Someone'),
    replyToId: null,
    createdAt,
  };
  const appended = (await appendMessages(tx, [record])).get(id);
  // Only when the actor left or was removed since the caller checked: the change is refused too.
  if (!appended) throw forbidden('you are no longer a member of this room');
  // The send path's statement has no column for it: set in the same transaction.
  await tx.update(messages).set({ event }).where(eq(messages.id, id));
  return { ...record, ...FRESH_MESSAGE_COLUMNS, ...appended, event };
}

/** Sends a committed system message to the room's members, as any new message. */
export function publishSystemMessage(publisher: Publisher, record: MessageRecord): void {
  publisher.publish('message:new', presentMessage(record, 'sent'), { rooms: [record.roomId] });
}
