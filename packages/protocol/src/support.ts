import { z } from 'zod';
import { roomSchema } from './entities.js';
import {
  displayNameSchema,
  idSchema,
  isoDateSchema,
  messageContentSchema,
  stripInvisibleCharacters,
} from './primitives.js';

/**
 * The website support chat's contract (issue #10): sites and their agents (admin), visitor
 * sessions for the widget, and the agents' inbox. Request bodies are strict, as everywhere.
 */

/** A browser origin: `scheme://host[:port]`, http or https, nothing after it (no path, no slash). */
export const originSchema = z
  .string()
  .max(255)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://example.com (scheme, host, optional port; no path)');

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 hours)');

/** An IANA time zone the server's `Intl` knows, such as `Europe/Paris`. */
const timeZoneSchema = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Paris');

/** Opening hours in the site's time zone; `day` 0 is Sunday. A day may have several spans. */
export const businessHoursSchema = z.strictObject({
  timeZone: timeZoneSchema,
  days: z
    .array(
      z
        .strictObject({
          day: z.number().int().min(0).max(6),
          open: clockTimeSchema,
          close: clockTimeSchema,
        })
        .refine((span) => span.open < span.close, 'open must be before close'),
    )
    .max(21),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const preChatSchema = z.strictObject({ askName: z.boolean(), askEmail: z.boolean() });
export type PreChat = z.infer<typeof preChatSchema>;

const siteSettingsShape = {
  name: displayNameSchema,
  allowedOrigins: z.array(originSchema).min(1).max(20),
  greeting: z
    .string()
    .transform(stripInvisibleCharacters)
    .pipe(z.string().trim().max(500))
    .optional(),
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1a73e8')
    .optional(),
  businessHours: businessHoursSchema.optional(),
  expectedReplyMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  preChat: preChatSchema.optional(),
  /** New conversations go round-robin to the site's online agents (off by default). */
  autoAssign: z.boolean().optional(),
};

/** `POST /api/sites` (admin). */
export const createSiteBodySchema = z.strictObject(siteSettingsShape);
export type CreateSiteBody = z.input<typeof createSiteBodySchema>;

/** `PATCH /api/sites/:id` (admin): any of the settings; `null` clears an optional one. */
export const updateSiteBodySchema = z
  .strictObject({
    name: siteSettingsShape.name.optional(),
    allowedOrigins: siteSettingsShape.allowedOrigins.optional(),
    greeting: siteSettingsShape.greeting.unwrap().nullable().optional(),
    accentColor: siteSettingsShape.accentColor.unwrap().nullable().optional(),
    businessHours: businessHoursSchema.nullable().optional(),
    expectedReplyMinutes: siteSettingsShape.expectedReplyMinutes.unwrap().nullable().optional(),
    preChat: preChatSchema.nullable().optional(),
    autoAssign: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one setting to change');
export type UpdateSiteBody = z.input<typeof updateSiteBodySchema>;

export const siteIdParamsSchema = z.strictObject({ id: idSchema });
export const siteAgentParamsSchema = z.strictObject({ id: idSchema, userId: idSchema });
export const addAgentBodySchema = z.strictObject({ userId: idSchema });

/**
 * A site as agents see it: PROTOCOL.md's `{ id, key, name, allowedOrigins }` and its widget
 * settings. `identitySecret` and `embedSnippet` are there for the admin only.
 */
export const siteSchema = z.object({
  id: idSchema,
  key: z.string(),
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  greeting: z.string().optional(),
  accentColor: z.string().optional(),
  businessHours: businessHoursSchema.optional(),
  expectedReplyMinutes: z.number().int().optional(),
  preChat: preChatSchema,
  autoAssign: z.boolean(),
  createdAt: isoDateSchema,
  identitySecret: z.string().optional(),
  embedSnippet: z.string().optional(),
});
export type Site = z.infer<typeof siteSchema>;

export const siteResponseSchema = z.object({ site: siteSchema });
export const sitesResponseSchema = z.object({ sites: z.array(siteSchema) });

export const agentSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
});
export const agentsResponseSchema = z.object({ agents: z.array(agentSchema) });

/** Where the visitor is, as the widget reports it; shown to agents as text only. */
export const visitorContextSchema = z.strictObject({
  pageUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  pageTitle: z.string().transform(stripInvisibleCharacters).pipe(z.string().max(300)).optional(),
  referrer: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag')
    .optional(),
});
export type VisitorContext = z.infer<typeof visitorContextSchema>;

/**
 * `POST /api/widget/session`: starts or resumes a visitor. `visitorToken` resumes; `userId` with
 * `userHash` (hex HMAC-SHA256 of `userId` keyed by the site's identity secret) is a verified
 * identity, the same visitor on every device.
 */
export const widgetSessionBodySchema = z
  .strictObject({
    siteKey: z.string().min(1).max(64),
    visitorToken: z.string().min(1).max(128).optional(),
    name: displayNameSchema.optional(),
    email: z.email().max(254).optional(),
    userId: z.string().min(1).max(128).optional(),
    userHash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be a hex HMAC-SHA256')
      .optional(),
    context: visitorContextSchema.optional(),
  })
  .refine((body) => (body.userId === undefined) === (body.userHash === undefined), {
    message: 'userId and userHash go together',
    path: ['userHash'],
  });
export type WidgetSessionBody = z.input<typeof widgetSessionBodySchema>;

export const visitorSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  email: z.string().optional(),
  verified: z.boolean(),
});
export type Visitor = z.infer<typeof visitorSchema>;

/** What the widget needs to draw itself: greeting, colour, whether someone is there to answer. */
export const widgetSiteSchema = z.object({
  name: z.string(),
  greeting: z.string().optional(),
  accentColor: z.string().optional(),
  /** Within business hours (or none set) and at least one agent online. */
  online: z.boolean(),
  expectedReplyMinutes: z.number().int().optional(),
  preChat: preChatSchema,
});

export const widgetSessionResponseSchema = z.object({
  visitor: visitorSchema,
  token: z.string(),
  room: roomSchema,
  site: widgetSiteSchema,
  /** The conversation's standalone page, `/c/<link>` (relative to the server's origin). */
  link: z.string(),
});
export type WidgetSessionResponse = z.infer<typeof widgetSessionResponseSchema>;

/** The secret part of a conversation's standalone link (`/c/<link>`): base64url, 192 bits. */
export const conversationLinkSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a conversation link');

/**
 * `POST /api/widget/link-session`: the standalone page trades its link for a visitor session of
 * that conversation's visitor; the answer is a widget session's.
 */
export const widgetLinkSessionBodySchema = z.strictObject({ link: conversationLinkSchema });
export type WidgetLinkSessionBody = z.input<typeof widgetLinkSessionBodySchema>;

/**
 * `PATCH /api/widget/visitor` (the visitor's own token): the name and email given after the
 * session started (the pre-chat and offline forms). Validated as the session's fields.
 */
export const updateVisitorBodySchema = z
  .strictObject({
    name: displayNameSchema.optional(),
    email: z.email().max(254).optional(),
  })
  .refine((body) => body.name !== undefined || body.email !== undefined, 'give a name or an email');
export type UpdateVisitorBody = z.input<typeof updateVisitorBodySchema>;
export const visitorResponseSchema = z.object({ visitor: visitorSchema });

export const conversationStatusSchema = z.enum(['open', 'pending', 'resolved']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

/** `GET /api/support/conversations`: the inbox, newest activity first, keyset-paged. */
export const conversationsQuerySchema = z.strictObject({
  status: conversationStatusSchema.optional(),
  assignee: z.enum(['mine', 'unassigned', 'all']).optional(),
  siteId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().min(1).max(200).optional(),
});
export type ConversationsQuery = z.input<typeof conversationsQuerySchema>;

export const conversationSchema = z.object({
  roomId: idSchema,
  siteId: idSchema,
  status: conversationStatusSchema,
  assigneeId: idSchema.optional(),
  visitor: visitorSchema,
  /** The visitor's page, title, referrer, language and browser when the conversation began. */
  context: z.object({
    pageUrl: z.string().optional(),
    pageTitle: z.string().optional(),
    referrer: z.string().optional(),
    language: z.string().optional(),
    userAgent: z.string().optional(),
  }),
  createdAt: isoDateSchema,
  lastActivityAt: isoDateSchema,
  /** The visitor's first message since an agent last wrote: how long they have been waiting. */
  waitingSince: isoDateSchema.optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const conversationsResponseSchema = z.object({
  conversations: z.array(conversationSchema),
  nextCursor: z.string().optional(),
});
export const conversationResponseSchema = z.object({ conversation: conversationSchema });
export const conversationParamsSchema = z.strictObject({ roomId: idSchema });
export const assignBodySchema = z.strictObject({ userId: idSchema });

/** `PUT /api/support/conversations/:roomId/status`: resolve, reopen, or mark waiting on the visitor. */
export const conversationStatusBodySchema = z.strictObject({ status: conversationStatusSchema });

/** A private note: agents of the site only, never the visitor. */
export const noteSchema = z.object({
  id: idSchema,
  roomId: idSchema,
  author: z.object({ id: idSchema, displayName: z.string() }),
  content: z.string(),
  createdAt: isoDateSchema,
});
export type Note = z.infer<typeof noteSchema>;

/** `POST /api/support/conversations/:roomId/notes`. */
export const noteBodySchema = z.strictObject({
  content: messageContentSchema.pipe(z.string().min(1)),
});
export const noteResponseSchema = z.object({ note: noteSchema });
export const notesResponseSchema = z.object({ notes: z.array(noteSchema) });

/**
 * A site's canned response: an agent types `/shortcut` in the composer to insert `content`.
 * Agents of the site read and manage them; the visitor never sees the list.
 */
export const cannedResponseSchema = z.object({
  id: idSchema,
  siteId: idSchema,
  shortcut: z.string(),
  content: z.string(),
  createdAt: isoDateSchema,
});
export type CannedResponse = z.infer<typeof cannedResponseSchema>;

/** `POST /api/sites/:id/canned-responses`: `shortcut` is what follows the `/` (a word). */
export const cannedResponseBodySchema = z.strictObject({
  shortcut: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1-32 lowercase letters, digits, - or _'),
  content: messageContentSchema.pipe(z.string().min(1)),
});
export type CannedResponseBody = z.input<typeof cannedResponseBodySchema>;
export const cannedResponseParamsSchema = z.strictObject({ id: idSchema, responseId: idSchema });
export const cannedResponseResponseSchema = z.object({ cannedResponse: cannedResponseSchema });
/** `GET /api/sites/:id/canned-responses`: by shortcut. */
export const cannedResponsesResponseSchema = z.object({
  cannedResponses: z.array(cannedResponseSchema),
});
