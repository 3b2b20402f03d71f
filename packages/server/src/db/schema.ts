import type {
  BusinessHours,
  GroupColor,
  Reaction,
  RoomMention,
  SystemEvent,
} from '@natter/protocol';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The visitor's page and browser when a conversation began (`Conversation.context`). */
export interface SupportContext {
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string;
  language?: string;
  userAgent?: string;
  verified: boolean;
}

/**
 * A link preview as stored: on its message, and in the `link_previews` cache by URL. The image is
 * the server's own copy, a key of the file storage (`imageKey`), signed into `imageUrl` when the
 * message is presented.
 */
export interface StoredLinkPreview {
  url: string;
  title?: string;
  description?: string;
  siteName?: string;
  imageKey?: string;
  imageWidth?: number;
  imageHeight?: number;
}

/** PostgreSQL's full-text document type; only SQL reads it, so it stays text to TypeScript. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull();

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    avatarUrl: text('avatar_url'),
    passwordHash: text('password_hash').notNull(),
    /** The first account registered on an instance administers it. */
    isAdmin: boolean('is_admin').notNull().default(false),
    /**
     * `visitor`: a website visitor made by the widget (its `visitors` row says of which site). Such
     * a user never signs in by password and reaches only its own support rooms (`principal`).
     */
    kind: text('kind', { enum: ['user', 'visitor'] })
      .notNull()
      .default('user'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
    /** Where missed messages are emailed, when `emailMissed` is on (the user's own setting). */
    email: text('email'),
    emailMissed: boolean('email_missed').notNull().default(false),
    /** Privacy (mutual, as in WhatsApp): off, nobody sees this user's reads and they see nobody's. */
    readReceipts: boolean('read_receipts').notNull().default(true),
    /** Off: this user's typing is not shown, and they are not shown anyone's. */
    typingIndicators: boolean('typing_indicators').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_username_key').on(t.username),
    // Trigram indexes: `GET /api/users?query=` matches inside names without a sequential scan.
    index('users_username_trgm_idx').using('gin', sql`${t.username} gin_trgm_ops`),
    index('users_display_name_trgm_idx').using('gin', sql`lower(${t.displayName}) gin_trgm_ops`),
    // The missed-message email job starts from the few users who turned it on, not from all.
    index('users_email_missed_idx')
      .on(t.id)
      .where(sql`${t.emailMissed} AND ${t.email} IS NOT NULL`),
  ],
);

/** Who blocked whom: a blocked user cannot open or write to a direct room with the blocker. */
export const userBlocks = pgTable(
  'user_blocks',
  {
    blockerId: text('blocker_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    blockedId: text('blocked_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.blockerId, t.blockedId] }),
    index('user_blocks_blocked_idx').on(t.blockedId),
  ],
);

/** Session tokens are stored as SHA-256 hashes: a database leak does not leak live tokens. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    /** Bumped (coarsely) as the session is used: the idle lifetime counts from here. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId),
    index('sessions_last_used_idx').on(t.lastUsedAt),
    index('sessions_created_idx').on(t.createdAt),
  ],
);

export const rooms = pgTable(
  'rooms',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: ['direct', 'group', 'support'] }).notNull(),
    name: text('name'),
    /** For direct rooms: the two user ids, sorted and joined, so a pair has one room. */
    directKey: text('direct_key'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** The last `seq` handed out; incremented in the same transaction as each insert. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** The last change number handed out to an edit or delete: the `changesCursor`. */
    lastChangeSeq: integer('last_change_seq').notNull().default(0),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Groups: who may add members, `members` (anyone in it, as in Slack) or `admins` (owner and admins). */
    memberAddPolicy: text('member_add_policy', { enum: ['members', 'admins'] })
      .notNull()
      .default('members'),
    /** Groups: the colour chosen from the protocol's palette; null: derived from the id. */
    color: text('color').$type<GroupColor>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rooms_direct_key_key').on(t.directKey),
    // The unread-reply job looks at recently active support rooms only.
    index('rooms_support_activity_idx')
      .on(t.lastActivityAt)
      .where(sql`${t.type} = 'support'`),
  ],
);

export const roomMembers = pgTable(
  'room_members',
  {
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The owner and the admins it names moderate a group (delete any message, remove members). */
    role: text('role', { enum: ['owner', 'admin', 'member'] })
      .notNull()
      .default('member'),
    /** Receipts are marks, not counters: unread counts are derived and cannot drift. */
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    lastDeliveredSeq: integer('last_delivered_seq').notNull().default(0),
    /** The member asked for no pushes or emails from this room. */
    muted: boolean('muted').notNull().default(false),
    /** With `muted`: mentions of the member (and `@all`) are not pushed either. */
    mentionsMuted: boolean('mentions_muted').notNull().default(false),
    /**
     * The highest seq the member was told of by a push a push service accepted, or by an email:
     * the email fallback tells only what lies past it and past the read mark.
     */
    notifiedSeq: integer('notified_seq').notNull().default(0),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roomId, t.userId] }),
    index('room_members_user_idx').on(t.userId),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    roomId: text('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    senderId: text('sender_id')
      .notNull()
      .references(() => users.id),
    /** The sender's idempotency key: a resend with the same one returns the stored message. */
    clientId: text('client_id').notNull(),
    /** `system`: written by the server about the room (a membership change, a rename). */
    type: text('type', { enum: ['text', 'image', 'file', 'system'] }).notNull(),
    content: text('content').notNull(),
    /** `system` messages only: what happened (the wire's `event`). */
    event: jsonb('event').$type<SystemEvent>(),
    replyToId: text('reply_to_id'),
    editedAt: timestamp('edited_at', { withTimezone: true, mode: 'date' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    /** The room's change number of the last edit or delete; 0 if never changed. */
    changeSeq: integer('change_seq').notNull().default(0),
    /** Reactions as the wire shows them, rewritten under the row lock by each change. */
    reactions: jsonb('reactions').$type<Reaction[]>(),
    /** Members mentioned by `@username`, resolved by SQL (`message_mentions`, migration 0014). */
    mentions: text('mentions').array(),
    /** `@all` / `@here`, when the sender may use it in the room (`message_room_mention`). */
    roomMention: text('room_mention').$type<RoomMention>(),
    /** Undeleted messages replying to this one; kept by `append_messages` and by deletes. */
    replyCount: integer('reply_count').notNull().default(0),
    preview: jsonb('preview').$type<StoredLinkPreview>(),
    /** The author took the preview off: none is made again, even after an edit. */
    previewRemoved: boolean('preview_removed').notNull().default(false),
    createdAt: createdAt(),
    /**
     * What search matches (search/): the text's words in the `natter_search` configuration
     * (migration 0013; its language is SEARCH_LANGUAGE), kept by PostgreSQL as the text changes.
     * Null for deleted and system messages, so they never match and take no room in the index.
     */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`CASE WHEN deleted_at IS NULL AND type <> 'system' THEN to_tsvector('natter_search'::regconfig, content) END`,
    ),
  },
  (t) => [
    uniqueIndex('messages_room_seq_key').on(t.roomId, t.seq),
    /**
     * Room first (btree_gin): a search reads only its rooms' matches of a word, never the
     * word's matches across every room; and it serves searches by the words alone too.
     */
    index('messages_search_idx').using('gin', t.roomId, t.searchVector),
    /** Newest-first search walks it when a word is common; date filters use it too. */
    index('messages_created_at_idx').on(t.createdAt),
    uniqueIndex('messages_sender_client_key').on(t.senderId, t.clientId),
    /** A thread's replies, paged by seq (`messages:load` with `replyTo`). */
    index('messages_reply_idx')
      .on(t.replyToId, t.seq)
      .where(sql`${t.replyToId} IS NOT NULL`),
    index('messages_room_change_idx')
      .on(t.roomId, t.changeSeq)
      .where(sql`${t.changeSeq} > 0`),
    check('messages_seq_positive', sql`${t.seq} > 0`),
  ],
);

/**
 * One uploaded file. It belongs to its uploader and room from the start, is checked (size, real
 * type, image dimensions) before a message may name it, and is linked to at most one message.
 * Its object keys derive from `id`, never from the user's file name.
 */
export const uploads = pgTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    /** Null for an avatar upload (`POST /api/me/avatar-upload`): no message ever names it. */
    roomId: text('room_id').references(() => rooms.id, { onDelete: 'cascade' }),
    uploaderId: text('uploader_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Set once, when a message names it; null = unattached (the sweeper deletes it in time). */
    messageId: text('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    /** Its place among the message's attachments, as the sender listed them. */
    position: integer('position'),
    /** Sanitized for display and headers. */
    filename: text('filename').notNull(),
    /** What the client claimed; the bytes are signed against it. */
    declaredType: text('declared_type').notNull(),
    /** The declared size: exactly what the upload URL accepts. */
    size: integer('size').notNull(),
    /** `pending` until the bytes are checked, then `ready`. */
    state: text('state', { enum: ['pending', 'ready'] })
      .notNull()
      .default('pending'),
    /** After the check: `image` only for a real raster image. */
    kind: text('kind', { enum: ['image', 'file'] }),
    /** After the check: the sniffed type when known, else the declared one (never image/*). */
    mimeType: text('mime_type'),
    width: integer('width'),
    height: integer('height'),
    hasThumbnail: boolean('has_thumbnail').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('uploads_message_idx').on(t.messageId),
    index('uploads_unattached_idx')
      .on(t.createdAt)
      .where(sql`${t.messageId} IS NULL`),
    // The pending-bytes quota sums one uploader's unattached uploads.
    index('uploads_pending_by_uploader_idx')
      .on(t.uploaderId)
      .where(sql`${t.messageId} IS NULL`),
  ],
);

/** A website with the support widget: who may embed it and how the widget looks and behaves. */
export const sites = pgTable(
  'sites',
  {
    id: text('id').primaryKey(),
    /** Public: the embed snippet's `data-site`. */
    key: text('key').notNull(),
    name: text('name').notNull(),
    allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull(),
    greeting: text('greeting'),
    accentColor: text('accent_color'),
    businessHours: jsonb('business_hours').$type<BusinessHours>(),
    expectedReplyMinutes: integer('expected_reply_minutes'),
    preChatAskName: boolean('pre_chat_ask_name').notNull().default(false),
    preChatAskEmail: boolean('pre_chat_ask_email').notNull().default(false),
    /** New conversations go round-robin to the site's online agents. */
    autoAssign: boolean('auto_assign').notNull().default(false),
    /** Keys the HMAC of verified visitor ids; only the admin ever sees it. */
    identitySecret: text('identity_secret').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sites_key_key').on(t.key)],
);

/** The agents of a site: members of every support room of it while they are listed here. */
export const siteAgents = pgTable(
  'site_agents',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** When round-robin last gave this agent a conversation: the next goes to the one waiting longest. */
    lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.userId] }),
    index('site_agents_user_idx').on(t.userId),
  ],
);

/** A visitor's site and what they told the widget; their `users` row has `kind = 'visitor'`. */
export const visitors = pgTable(
  'visitors',
  {
    userId: text('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The host site's own user id, once proven by its HMAC: one visitor per id on every device. */
    externalId: text('external_id'),
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('visitors_site_external_key').on(t.siteId, t.externalId)],
);

/** The support side of a `support` room: whose conversation, its state, where it started. */
export const supportConversations = pgTable(
  'support_conversations',
  {
    roomId: text('room_id')
      .primaryKey()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'pending', 'resolved'] })
      .notNull()
      .default('open'),
    assigneeId: text('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** The future `/c/<link>` page's secret: random, unguessable, unique. */
    linkToken: text('link_token').notNull(),
    context: jsonb('context').$type<SupportContext>().notNull(),
    /** The last agent reply already emailed to the visitor (by seq): each reply is emailed once. */
    emailedSeq: integer('emailed_seq').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('support_conversations_link_key').on(t.linkToken),
    index('support_conversations_visitor_idx').on(t.visitorId, t.createdAt),
    index('support_conversations_site_status_idx').on(t.siteId, t.status),
  ],
);

/**
 * Private notes: agents' own remarks on a conversation. A table of their own, not messages, so no
 * read of a room (history, sync, rooms list, unread counts) can ever hand one to the visitor, and
 * the room's seqs stay gapless for everyone.
 */
export const supportNotes = pgTable(
  'support_notes',
  {
    id: text('id').primaryKey(),
    roomId: text('room_id')
      .notNull()
      .references(() => supportConversations.roomId, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('support_notes_room_idx').on(t.roomId, t.createdAt)],
);

/** A site's canned responses: agents type `/shortcut` in the composer to insert `content`. */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    shortcut: text('shortcut').notNull(),
    content: text('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('canned_responses_site_shortcut_key').on(t.siteId, t.shortcut)],
);

/**
 * A browser's Web Push subscription: one per device and browser profile (the endpoint is unique).
 * It belongs to the session that made it, so signing out, or a session that ends, stops its pushes.
 */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint),
    index('push_subscriptions_user_idx').on(t.userId),
    index('push_subscriptions_session_idx').on(t.sessionId),
  ],
);

/**
 * The instance's VAPID key pair (RFC 8292), made once on first start unless the environment gives
 * one: every node of a cluster signs with the same key, which browsers' subscriptions are bound to.
 * One row; `id` is always 1.
 */
export const vapidKeys = pgTable('vapid_keys', {
  id: integer('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: createdAt(),
});

/**
 * The language search's `natter_search` configuration was last built for (one row), so that a
 * server started with another SEARCH_LANGUAGE rebuilds it and re-indexes once (search/).
 */
export const searchSettings = pgTable('search_settings', {
  id: integer('id').primaryKey(),
  language: text('language').notNull(),
});

/**
 * Link previews by URL, shared by every message linking there: a page is read once per
 * `LINK_PREVIEW_TTL` however often it is posted. `preview` null: the page had nothing to show (or
 * could not be read), remembered as well, so a dead link is not fetched again by every message.
 */
export const linkPreviews = pgTable(
  'link_previews',
  {
    url: text('url').primaryKey(),
    preview: jsonb('preview').$type<StoredLinkPreview>(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('link_previews_fetched_idx').on(t.fetchedAt)],
);

/** The events an outgoing webhook can subscribe to (docs/webhooks.md). */
export type WebhookEvent =
  | 'message.created'
  | 'conversation.created'
  | 'conversation.resolved'
  | 'conversation.assigned'
  | 'webhook.test';

/**
 * An outgoing webhook: an instance admin's (all rooms; `siteId` null) or a site's (its support
 * conversations only). Bodies are signed with `secret` (HMAC-SHA256).
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    events: text('events').array().$type<WebhookEvent[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_site_idx').on(t.siteId)],
);

/**
 * One event for one webhook: its body is fixed when the event happens (the signature covers
 * those bytes), then it is attempted until delivered or 24 h have passed. `id` is the event id
 * receivers dedupe by; retries keep it.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').$type<WebhookEvent>().notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
    /** The receiver's HTTP status of the last attempt, or null when it gave none (a network error). */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    // The sender's next batch: due pending deliveries, oldest first.
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    // The admin screen's log, newest first.
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
  ],
);
