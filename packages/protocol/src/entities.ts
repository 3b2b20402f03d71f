import { z } from 'zod';
import { idSchema, isoDateSchema } from './primitives.js';

export const userSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().optional(),
});
export type User = z.infer<typeof userSchema>;

/**
 * `system` (the seed's type, extension): a line the server writes about the room itself, such as
 * a membership change; clients never send one. It carries `event`.
 */
export const messageTypeSchema = z.enum(['text', 'image', 'file', 'system']);
export type MessageType = z.infer<typeof messageTypeSchema>;

/**
 * ➕ A group's colour (its avatar's), from a fixed palette so every client can draw it well in
 * light and dark; a group without one is coloured from its id.
 */
export const groupColorSchema = z.enum([
  'red',
  'orange',
  'amber',
  'green',
  'teal',
  'blue',
  'indigo',
  'violet',
  'pink',
]);
export type GroupColor = z.infer<typeof groupColorSchema>;

/** ➕ What a `system` message says happened: `actorId` did it, to `targetId` when there is one. */
export const systemEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('member_added'), actorId: idSchema, targetId: idSchema }),
  z.object({ kind: z.literal('member_removed'), actorId: idSchema, targetId: idSchema }),
  z.object({ kind: z.literal('member_left'), actorId: idSchema }),
  /** `name`: the group's new name. */
  z.object({ kind: z.literal('renamed'), actorId: idSchema, name: z.string() }),
  z.object({ kind: z.literal('recoloured'), actorId: idSchema, color: groupColorSchema }),
]);
export type SystemEvent = z.infer<typeof systemEventSchema>;

/** `sent` once stored, `delivered` once every other participant received it, `read` once all read it. */
export const messageStatusSchema = z.enum(['sent', 'delivered', 'read']);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const messageSenderSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  avatarUrl: z.string().optional(),
});
export type MessageSender = z.infer<typeof messageSenderSchema>;

/** PROTOCOL.md's (the seed's) `Attachment` fields, plus extensions marked as such. */
export const attachmentSchema = z.object({
  id: idSchema,
  /** `image` when the server checked the bytes and found a picture it can show, else `file`. */
  type: z.enum(['image', 'file']),
  /** The file's name as uploaded (made safe for a download). */
  name: z.string(),
  /** Extension, kept for clients written before `name`: the same value. */
  filename: z.string(),
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
  url: z.string(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  thumbnailUrl: z.string().optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** PROTOCOL.md *Reactions*: one emoji's reactions to a message, in the order they were first given. */
export const reactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int().positive(),
  /** Who reacted with it, earliest first. */
  userIds: z.array(idSchema),
});
export type Reaction = z.infer<typeof reactionSchema>;

/**
 * PROTOCOL.md *Link previews*: what the server found at the first http(s) link of a message.
 * `imageUrl` is the server's own copy of the page's image (never the third party's address, so
 * readers' browsers do not call out to it); ➕ `imageWidth`/`imageHeight` give its size, so a
 * client reserves the space before it loads; ➕ `siteName` is the page's `og:site_name`.
 */
export const linkPreviewSchema = z.object({
  url: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  imageUrl: z.string().optional(),
  imageWidth: z.number().int().positive().optional(),
  imageHeight: z.number().int().positive().optional(),
  siteName: z.string().optional(),
});
export type LinkPreview = z.infer<typeof linkPreviewSchema>;

/** ➕ A mention of a whole group: `@all` (everyone in it) or `@here` (everyone online). */
export const roomMentionSchema = z.enum(['all', 'here']);
export type RoomMention = z.infer<typeof roomMentionSchema>;

export const messageSchema = z.object({
  id: idSchema,
  roomId: idSchema,
  /** Per-room position: 1, 2, 3, ... without gaps. */
  seq: z.number().int().positive(),
  senderId: idSchema,
  sender: messageSenderSchema,
  clientId: z.string().optional(),
  type: messageTypeSchema,
  /** Empty for a deleted message (a tombstone). For a `system` one: an English fallback text. */
  content: z.string(),
  /** Extension, `system` messages only: what happened, for clients to say in their own words. */
  event: systemEventSchema.optional(),
  attachments: z.array(attachmentSchema).optional(),
  /** Id of the message this one replies to, always in the same room. */
  replyTo: idSchema.optional(),
  editedAt: isoDateSchema.optional(),
  deletedAt: isoDateSchema.optional(),
  status: messageStatusSchema,
  createdAt: isoDateSchema,
  /** PROTOCOL.md *Reactions*: absent when there are none. */
  reactions: z.array(reactionSchema).optional(),
  /**
   * ➕ The members this message mentions by `@username`, resolved by the server when it was
   * stored or edited (what a client sends is never trusted); absent when none.
   */
  mentions: z.array(idSchema).optional(),
  /** ➕ `@all` / `@here` in a group, when the sender may use it there (docs/protocol.md). */
  roomMention: roomMentionSchema.optional(),
  /** PROTOCOL.md *Link previews*: added by a later `message:updated` when the page was read. */
  preview: linkPreviewSchema.optional(),
  /** ➕ How many undeleted messages reply to this one (absent when none): the thread's size. */
  replyCount: z.number().int().positive().optional(),
  /**
   * ➕ The room's change number of the message's last change (an edit, a delete, a reaction, a
   * preview, a reply counted); absent while it never changed. Copies of one message can arrive
   * out of order (a sync answer read before a live update): the higher revision is the newer.
   */
  revision: z.number().int().positive().optional(),
});
export type Message = z.infer<typeof messageSchema>;

/** ➕ A member's receipt marks in a room: statuses of messages are derived from them. */
export const memberReceiptSchema = z.object({
  userId: idSchema,
  lastReadSeq: z.number().int().nonnegative(),
  lastDeliveredSeq: z.number().int().nonnegative(),
});
export type MemberReceipt = z.infer<typeof memberReceiptSchema>;

export const roomTypeSchema = z.enum(['direct', 'group', 'support']);
export type RoomType = z.infer<typeof roomTypeSchema>;

/** ➕ A member's standing in a group: its owner, an admin the owner named, or a plain member. */
export const memberRoleSchema = z.enum(['owner', 'admin', 'member']);
export type MemberRole = z.infer<typeof memberRoleSchema>;

/** ➕ Who may add members to a group: any member (the default) or only its owner and admins. */
export const memberAddPolicySchema = z.enum(['members', 'admins']);
export type MemberAddPolicy = z.infer<typeof memberAddPolicySchema>;

export const roomSchema = z.object({
  id: idSchema,
  type: roomTypeSchema,
  participants: z.array(idSchema),
  name: z.string().optional(),
  lastMessage: messageSchema.optional(),
  /** For the user the room is presented to: others' undeleted messages after their read mark. */
  unreadCount: z.number().int().nonnegative(),
  /** Extension: when the room was created or last got a message; the rooms list is ordered by it. */
  lastActivityAt: isoDateSchema,
  /** Extension: the caller's own read mark, so a client can place a "new messages" divider. */
  lastReadSeq: z.number().int().nonnegative(),
  /** Extension: the highest `seq` in the room (0 when empty). */
  lastSeq: z.number().int().nonnegative(),
  /** Extension, groups: the moderators by user id (`owner`, `admin`); everyone else is a member. */
  roles: z.record(idSchema, memberRoleSchema.exclude(['member'])).optional(),
  /** Extension, groups: who may add members. */
  memberAddPolicy: memberAddPolicySchema.optional(),
  /** Extension, groups: the colour its owner or an admin chose (absent: derived from its id). */
  color: groupColorSchema.optional(),
  /** Extension, support rooms: the conversation's visitor (every other member is an agent). */
  visitorId: idSchema.optional(),
  /** Extension: present and true when the caller muted the room (no pushes, no emails). */
  muted: z.literal(true).optional(),
  /**
   * ➕ Present and true when the caller muted mentions in the room too: a muted room still pushes
   * a mention of the caller (or `@all`) unless this is set.
   */
  mentionsMuted: z.literal(true).optional(),
  /** ➕ Unread messages that mention the caller (or `@all`/`@here`), at most 99; absent when 0. */
  mentionCount: z.number().int().positive().optional(),
});
export type Room = z.infer<typeof roomSchema>;

export const presenceSchema = z.object({
  userId: idSchema,
  online: z.boolean(),
  lastSeenAt: isoDateSchema.optional(),
});
export type Presence = z.infer<typeof presenceSchema>;
