import { z } from 'zod';
import {
  groupColorSchema,
  memberAddPolicySchema,
  memberReceiptSchema,
  memberRoleSchema,
  messageSchema,
  messageTypeSchema,
  presenceSchema,
  userSchema,
} from './entities.js';
import { LIMITS } from './limits.js';
import {
  clientIdSchema,
  cursorSchema,
  idSchema,
  isoDateSchema,
  messageContentSchema,
  seqSchema,
} from './primitives.js';

// ---- client to server payloads (strict: unknown and server-owned fields are refused)

export const messageSendSchema = z
  .strictObject({
    roomId: idSchema,
    clientId: clientIdSchema,
    // `system` messages are the server's own.
    type: messageTypeSchema.exclude(['system']),
    content: messageContentSchema,
    replyTo: idSchema.optional(),
    attachmentIds: z.array(idSchema).max(LIMITS.attachmentsPerMessage).optional(),
  })
  .refine((m) => m.content.length > 0 || (m.attachmentIds?.length ?? 0) > 0, {
    message: 'content must not be empty (1-10,000 characters after trimming)',
    path: ['content'],
  });
export type MessageSendPayload = z.input<typeof messageSendSchema>;

export const messageEditSchema = z.strictObject({
  messageId: idSchema,
  content: messageContentSchema.min(1, 'content must not be empty'),
});
export type MessageEditPayload = z.input<typeof messageEditSchema>;

export const messageDeleteSchema = z.strictObject({ messageId: idSchema });
export type MessageDeletePayload = z.input<typeof messageDeleteSchema>;

/**
 * ➕ `message:preview:remove`: the author takes the link preview off their message (ack
 * `{ message }`); no preview is made for it again, even after an edit.
 */
export const previewRemoveSchema = z.strictObject({ messageId: idSchema });
export type PreviewRemovePayload = z.input<typeof previewRemoveSchema>;

/**
 * A page of a room's history, newest first. ➕ With `replyTo`, a page of the replies to that
 * message instead (the same positions, counted among the replies). Without a position: the newest messages. `before`:
 * older than a cursor. ➕ `after`: the oldest messages newer than a cursor (a `newerCursor`), to
 * read forward from a place in history. ➕ `around`: the message with this id and the messages
 * on either side of it, half the page each way (where a search result jumps to). One position
 * at most.
 */
export const messagesLoadSchema = z
  .strictObject({
    roomId: idSchema,
    before: cursorSchema.optional(),
    after: cursorSchema.optional(),
    around: idSchema.optional(),
    /** ➕ Only the replies to this message (its thread), paged like the room's history. */
    replyTo: idSchema.optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  })
  .refine(
    (load) => [load.before, load.after, load.around].filter((at) => at !== undefined).length <= 1,
    { message: 'name at most one of before, after, around', path: ['before'] },
  )
  .refine((load) => load.replyTo === undefined || load.around === undefined, {
    message: 'replyTo pages with before or after, not around',
    path: ['around'],
  });
export type MessagesLoadPayload = z.input<typeof messagesLoadSchema>;

export const syncRoomRequestSchema = z.strictObject({
  roomId: idSchema,
  afterSeq: seqSchema,
  changesSince: cursorSchema.optional(),
});
export const messagesSyncSchema = z.strictObject({
  // A room named twice would be read (and answered) twice: refused, naming the repeat.
  rooms: z
    .array(syncRoomRequestSchema)
    .max(LIMITS.syncRoomsMax)
    .superRefine((rooms, context) => {
      const seen = new Set<string>();
      rooms.forEach(({ roomId }, index) => {
        if (seen.has(roomId)) {
          context.addIssue({
            code: 'custom',
            path: [index, 'roomId'],
            message: `room ${roomId} is named more than once`,
          });
        }
        seen.add(roomId);
      });
    }),
});
export type MessagesSyncPayload = z.input<typeof messagesSyncSchema>;

export const messagesReadSchema = z.strictObject({ roomId: idSchema, upToMessageId: idSchema });
export type MessagesReadPayload = z.input<typeof messagesReadSchema>;

export const typingSchema = z.strictObject({ roomId: idSchema });
export type TypingPayload = z.input<typeof typingSchema>;

export const presenceGetSchema = z.strictObject({ userIds: z.array(idSchema).max(1000) });
export type PresenceGetPayload = z.input<typeof presenceGetSchema>;

// ---- server to client payloads

export const messageDeletedEventSchema = z.object({
  roomId: idSchema,
  messageId: idSchema,
  /** ➕ When the server stored the delete: the tombstone's `deletedAt` (absent from older servers). */
  deletedAt: isoDateSchema.optional(),
});
export type MessageDeletedEvent = z.infer<typeof messageDeletedEventSchema>;

export const typingUpdateSchema = z.object({
  roomId: idSchema,
  userId: idSchema,
  isTyping: z.boolean(),
});
export type TypingUpdate = z.infer<typeof typingUpdateSchema>;

export const readUpdateSchema = z.object({
  roomId: idSchema,
  userId: idSchema,
  upToMessageId: idSchema,
  upToSeq: z.number().int().nonnegative(),
});
export type ReadUpdate = z.infer<typeof readUpdateSchema>;

export const deliveredUpdateSchema = z.object({
  roomId: idSchema,
  userId: idSchema,
  upToSeq: z.number().int().nonnegative(),
});
export type DeliveredUpdate = z.infer<typeof deliveredUpdateSchema>;

/**
 * The receiver is no longer in the room: `removed` by a moderator, or `left` (on one of their
 * devices). Extension: `reason` (absent from servers before it; read as `removed`).
 */
export const roomRemovedSchema = z.object({
  roomId: idSchema,
  reason: z.enum(['removed', 'left']).optional(),
});
export type RoomRemoved = z.infer<typeof roomRemovedSchema>;

// ---- user:updated (extension): someone's display name or avatar changed

/**
 * Sent to the user's own sockets and to every room they are in (so to everyone who shares a room
 * with them) when they change their profile (`PATCH /api/me`).
 */
export const userUpdatedEventSchema = z.object({ user: userSchema });
export type UserUpdatedEvent = z.infer<typeof userUpdatedEventSchema>;

// ---- room:members (extension): a group's membership changed, told once to its channel

/**
 * Sent once to a room's channel when its members, their roles, its add policy, name or colour change, instead
 * of every member's own copy of the whole room. Members who join get `room:new`; one who leaves
 * or is removed gets `room:removed`. `joinedAtSeq`: the added members' read and delivered marks
 * start there (they start caught up).
 */
export const roomMembersEventSchema = z.object({
  roomId: idSchema,
  added: z.array(idSchema).optional(),
  joinedAtSeq: z.number().int().nonnegative().optional(),
  removed: z.array(idSchema).optional(),
  /** New roles of the members named. */
  roles: z.record(idSchema, memberRoleSchema).optional(),
  memberAddPolicy: memberAddPolicySchema.optional(),
  /** The group's new name (its `renamed` system message follows). */
  name: z.string().optional(),
  /** The group's new colour (its `recoloured` system message follows). */
  color: groupColorSchema.optional(),
});
export type RoomMembersEvent = z.infer<typeof roomMembersEventSchema>;

// ---- sync:needed (extension): events may have been lost between nodes

/**
 * Sent by a node to its own sockets when events from other nodes may not have reached them (its
 * link to Redis, or the sending node's, broke and came back). The client runs `messages:sync` for every room, as after a
 * reconnect, after a random delay of up to `withinMs` so a whole node's clients do not sync at once.
 */
export const syncNeededEventSchema = z.object({
  reason: z.enum(['fanout_interrupted']),
  withinMs: z.number().int().nonnegative(),
});
export type SyncNeededEvent = z.infer<typeof syncNeededEventSchema>;

/**
 * ➕ Presence changes gathered for about a second in a room with many members online (the
 * latest state of each user), sent instead of one `presence:update` per change to sockets whose
 * handshake named `presence:batch` in `auth.features`. Each entry means what a `presence:update`
 * with the same fields would.
 */
export const presenceBatchSchema = z.object({ updates: z.array(presenceSchema) });
export type PresenceBatch = z.infer<typeof presenceBatchSchema>;

/**
 * ➕ Read marks of one room gathered for about a second in a room with many members online (the
 * latest of each reader), sent instead of one `messages:read:update` per read to sockets whose
 * handshake named `messages:read:batch` in `auth.features`. Each entry means what a
 * `messages:read:update` of `roomId` with the same fields would.
 */
export const readBatchSchema = z.object({
  roomId: idSchema,
  reads: z.array(readUpdateSchema.omit({ roomId: true })),
});
export type ReadBatch = z.infer<typeof readBatchSchema>;

// ---- ack results

export const messagesPageSchema = z.object({
  messages: z.array(messageSchema),
  hasMore: z.boolean(),
  /** Pass as `before` for the next older page; absent when there is none. */
  nextCursor: cursorSchema.optional(),
  /**
   * ➕ `after` and `around` pages only: whether newer messages exist beyond this page, and the
   * cursor to pass as `after` for them (absent when there are none).
   */
  hasNewer: z.boolean().optional(),
  newerCursor: cursorSchema.optional(),
  changesCursor: cursorSchema,
  /** Extension: every member's marks now, so a client keeps statuses exact as receipts arrive. */
  receipts: z.array(memberReceiptSchema),
});
export type MessagesPage = z.infer<typeof messagesPageSchema>;

export const syncRoomResultSchema = z.object({
  roomId: idSchema,
  messages: z.array(messageSchema),
  changes: z.array(messageSchema),
  hasMore: z.boolean(),
  changesCursor: cursorSchema,
  /** Extension: every member's marks now, including receipts given while the client was away. */
  receipts: z.array(memberReceiptSchema),
});
export type SyncRoomResult = z.infer<typeof syncRoomResultSchema>;

export const presenceListSchema = z.object({ presence: z.array(presenceSchema) });
