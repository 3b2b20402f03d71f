-- Full-text search (search/, docs/search.md). The `natter_search` configuration is `simple`
-- (no stemming, no stop words: right for any language) with accents folded by `unaccent`, so
-- "cafe" finds "café". The server rebuilds its word mapping for SEARCH_LANGUAGE at start-up and
-- records it in search_settings. The generated column re-indexes a message when its text
-- changes, and drops deleted and system messages from the index. The GIN index leads with the
-- room (`btree_gin` gives text a GIN operator class), so a search reads its rooms' matches only.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION natter_search (COPY = simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION natter_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH unaccent, simple;--> statement-breakpoint
CREATE TABLE "search_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"language" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL AND type <> 'system' THEN to_tsvector('natter_search'::regconfig, content) END) STORED;--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("room_id","search_vector");--> statement-breakpoint
CREATE INDEX "messages_created_at_idx" ON "messages" USING btree ("created_at");--> statement-breakpoint
INSERT INTO search_settings (id, language) VALUES (1, 'simple');
