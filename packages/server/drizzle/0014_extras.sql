CREATE TABLE "link_previews" (
	"url" text PRIMARY KEY NOT NULL,
	"preview" jsonb,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_id" text NOT NULL,
	"event" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reactions" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "mentions" text[];--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "room_mention" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reply_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "preview" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "preview_removed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "room_members" ADD COLUMN "mentions_muted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "read_receipts" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "typing_indicators" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "link_previews_fetched_idx" ON "link_previews" USING btree ("fetched_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","created_at");--> statement-breakpoint
CREATE INDEX "webhooks_site_idx" ON "webhooks" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "messages_reply_idx" ON "messages" USING btree ("reply_to_id","seq") WHERE "messages"."reply_to_id" IS NOT NULL;--> statement-breakpoint
-- Mentions (docs/protocol.md, ➕ Mentions) are resolved here, where a message is stored and
-- where it is edited, so a client's claim is never trusted and the rule has one home.
-- mention_usernames is protocol's mentionedUsernames (MENTION_PATTERN; the server's
-- mention-pattern.test.ts holds the two together on a corpus, on both drivers): `@` not after an
-- ASCII letter, digit, `_` or `@`, then 3-32 username characters ending in a letter, digit or
-- `_` (dots and dashes after it end the sentence), not running on into more of them. ASCII
-- classes and lower() under "C" only: the answer never depends on the database's locale.
CREATE FUNCTION mention_usernames(p_content text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT coalesce(array_agg(named.username ORDER BY named.first_at), '{}')
  FROM (SELECT lower(m[1] COLLATE "C") AS username, min(t.ord) AS first_at
        FROM regexp_matches(p_content,
               '(?<![A-Za-z0-9_@])@([A-Za-z0-9_.-]{2,31}[A-Za-z0-9_])(?![A-Za-z0-9_]|[.-]+[A-Za-z0-9_])',
               'g') WITH ORDINALITY AS t(m, ord)
        GROUP BY 1) named
$fn$;
--> statement-breakpoint
-- The members a text mentions, in order: never the sender, never a group's word (accounts
-- registered before those words were reserved stay unmentionable by them).
CREATE FUNCTION message_mentions(p_room_id text, p_sender_id text, p_content text)
RETURNS text[] LANGUAGE sql STABLE AS $fn$
  SELECT array_agg(rm.user_id ORDER BY named.ord)
  FROM unnest(mention_usernames(p_content)) WITH ORDINALITY AS named(username, ord)
  JOIN users u ON u.username = named.username
  JOIN room_members rm ON rm.room_id = p_room_id AND rm.user_id = u.id
  WHERE u.id <> p_sender_id
    AND named.username NOT IN ('all', 'here', 'everyone', 'channel')
$fn$;
--> statement-breakpoint
-- `@all` (or else `@here`) in a group, from anyone while it has at most 50 members
-- (LIMITS.roomMentionOpenMembersMax), from its owner and admins at any size; else null, and
-- the words stay plain text. Direct and support rooms have no group to call.
CREATE FUNCTION message_room_mention(p_room_id text, p_sender_id text, p_content text)
RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT CASE WHEN 'all' = ANY (named.usernames) THEN 'all' ELSE 'here' END
  FROM (SELECT mention_usernames(p_content) AS usernames) named
  JOIN rooms r ON r.id = p_room_id AND r.type = 'group'
  JOIN room_members s ON s.room_id = r.id AND s.user_id = p_sender_id
  WHERE named.usernames && ARRAY['all', 'here']
    AND (s.role IN ('owner', 'admin')
         OR (SELECT count(*) FROM room_members c WHERE c.room_id = r.id) <= 50)
$fn$;
--> statement-breakpoint
-- append_messages as in 0010 (its header says what it guarantees), now also storing each
-- message's mentions (only for text with an `@`: the rest costs one strpos; never for the
-- room's own `system` lines, whose text quotes names people chose) and counting
-- replies: each replied-to message's `reply_count` grows by its replies in the batch and it
-- takes one of its room's change numbers (taken under the room lock already held), so
-- `messages:sync` reports the new count to clients that were away. Its return type grew, so the
-- old function is dropped first.
DROP FUNCTION append_messages(text[], text[], text[], text[], text[], text[], text[], timestamptz[]);
--> statement-breakpoint
CREATE FUNCTION append_messages(
  p_ids text[], p_room_ids text[], p_sender_ids text[], p_client_ids text[],
  p_types text[], p_contents text[], p_reply_to_ids text[], p_created_ats timestamptz[]
) RETURNS TABLE (id text, seq integer, display_name text, avatar_url text, mentions text[],
                 room_mention text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  PERFORM FROM rooms r WHERE r.id = ANY (p_room_ids) ORDER BY r.id FOR NO KEY UPDATE;
  RETURN QUERY
    WITH input AS (
      SELECT * FROM unnest(p_ids, p_room_ids, p_sender_ids, p_client_ids, p_types, p_contents,
                           p_reply_to_ids, p_created_ats) WITH ORDINALITY
        AS i(id, room_id, sender_id, client_id, type, content, reply_to_id, created_at, ord)
    ), accepted AS (
      SELECT DISTINCT ON (i.sender_id, i.client_id) i.*
      FROM input i
      WHERE EXISTS (SELECT 1 FROM room_members rm
                    WHERE rm.room_id = i.room_id AND rm.user_id = i.sender_id)
        AND NOT EXISTS (SELECT 1 FROM rooms dr
                        JOIN room_members o ON o.room_id = dr.id AND o.user_id <> i.sender_id
                        JOIN user_blocks b ON b.blocker_id = o.user_id AND b.blocked_id = i.sender_id
                        WHERE dr.id = i.room_id AND dr.type = 'direct')
        AND (i.reply_to_id IS NULL OR EXISTS (SELECT 1 FROM messages r
                                              WHERE r.id = i.reply_to_id AND r.room_id = i.room_id))
        AND NOT EXISTS (SELECT 1 FROM messages d
                        WHERE d.sender_id = i.sender_id AND d.client_id = i.client_id)
      ORDER BY i.sender_id, i.client_id, i.ord
    ), counts AS (
      SELECT room_id, count(*)::int AS n, max(created_at) AS last_at,
             count(DISTINCT reply_to_id)::int AS parents
      FROM accepted GROUP BY room_id
    ), bumped AS (
      UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = c.last_at,
                         last_change_seq = r.last_change_seq + c.parents
      FROM counts c WHERE r.id = c.room_id
      RETURNING r.id, r.last_seq - c.n AS base, r.last_change_seq - c.parents AS change_base
    ), numbered AS (
      SELECT a.*, (b.base + row_number() OVER (PARTITION BY a.room_id ORDER BY a.ord))::int AS seq
      FROM accepted a JOIN bumped b ON b.id = a.room_id
    ), replied AS (
      SELECT a.room_id, a.reply_to_id, count(*)::int AS n,
             row_number() OVER (PARTITION BY a.room_id ORDER BY a.reply_to_id)::int AS nth
      FROM accepted a WHERE a.reply_to_id IS NOT NULL GROUP BY a.room_id, a.reply_to_id
    ), parents_counted AS (
      UPDATE messages p SET reply_count = p.reply_count + rp.n, change_seq = b.change_base + rp.nth
      FROM replied rp JOIN bumped b ON b.id = rp.room_id
      WHERE p.id = rp.reply_to_id
    ), inserted AS (
      INSERT INTO messages (id, room_id, seq, sender_id, client_id, type, content, reply_to_id,
                            created_at, mentions, room_mention)
      SELECT n.id, n.room_id, n.seq, n.sender_id, n.client_id, n.type, n.content, n.reply_to_id,
             n.created_at,
             CASE WHEN n.type <> 'system' AND strpos(n.content, '@') > 0
                  THEN message_mentions(n.room_id, n.sender_id, n.content) END,
             CASE WHEN n.type <> 'system' AND strpos(n.content, '@') > 0
                  THEN message_room_mention(n.room_id, n.sender_id, n.content) END
      FROM numbered n
      ORDER BY n.sender_id, n.client_id
      RETURNING id, seq, sender_id, mentions, room_mention
    )
    SELECT ins.id, ins.seq, u.display_name, u.avatar_url, ins.mentions, ins.room_mention
    FROM inserted ins JOIN users u ON u.id = ins.sender_id;
END
$fn$;
