import type { SearchHas } from '@natter/protocol';
import { SEARCH_MATCH_END, SEARCH_MATCH_START } from '@natter/protocol';
import type { SQL } from 'drizzle-orm';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { rawRows } from '../db/raw-rows.js';
import { messages, users } from '../db/schema.js';
import type { MessageRecord } from '../messages/message-presenter.js';
import { messageRecordColumns } from '../messages/message-presenter.js';
import type { SearchPosition } from './search-cursor.js';

/**
 * The SQL of message search. Every statement is planned with its own values (no prepared
 * statement): whether the GIN index or a newest-first walk of `messages_created_at_idx` is
 * cheaper depends on how common the words are, which the planner only knows from the words.
 * Rooms come as one array parameter (`room_id = ANY(...)`); measured, a subquery on
 * room_members made the planner 10–100× slower.
 */

/** What a search matches: rooms are the caller's (already checked), the rest optional. */
export interface SearchFilters {
  roomIds: readonly string[];
  /** A tsquery expression (search-text.ts); absent for a filter-only search. */
  query?: SQL | undefined;
  senderId?: string | undefined;
  has?: SearchHas | undefined;
  /** Inclusive, ISO instant. */
  after?: string | undefined;
  /** Exclusive, ISO instant. */
  before?: string | undefined;
}

/** A match's place in newest-first order, and its score when ranked. */
export interface SearchHit extends SearchPosition {
  score: number;
}

/** created_at as text in full precision (microseconds), so a cursor compares exactly. */
const createdAtText = sql`to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const MATCH_DELIMITERS = [`StartSel="${SEARCH_MATCH_START}"`, `StopSel="${SEARCH_MATCH_END}"`];
/** A text this short is its own snippet, whole, every match marked. */
const WHOLE_SNIPPET_CHARS = 240;
const WHOLE_HEADLINE_OPTIONS = [...MATCH_DELIMITERS, 'HighlightAll=true'].join(', ');
/**
 * A longer text: words of context around its matches, two fragments at most. `ShortWord=0`: by
 * default a headline sheds words of up to three letters at its edges ("the", "4"), which reads
 * as text lost.
 */
const FRAGMENT_HEADLINE_OPTIONS = [
  ...MATCH_DELIMITERS,
  'MaxWords=30',
  'MinWords=12',
  'ShortWord=0',
  'MaxFragments=2',
  'FragmentDelimiter=" … "',
].join(', ');
/** A filter-only result's highlight: the start of its text, this many characters. */
const PLAIN_HIGHLIGHT_CHARS = 200;
/**
 * Stands in for `<` while PostgreSQL makes a snippet: its parser reads `<img src=x>` as an HTML
 * tag and a headline drops tags, so a message quoting markup would lose words. A private-use
 * character no keyboard types; `restoreAngleBrackets` puts `<` back.
 */
const ANGLE_BRACKET_STAND_IN = '\uE000';

/**
 * A message's text as its snippet is made from: `<` swapped for its stand-in, and the match
 * delimiters (and any stand-in the text itself held) removed, so every delimiter pair in a
 * snippet is a match. `translate` maps the first character and deletes the others.
 */
const snippetSource = sql`translate(${messages.content}, ${`<${SEARCH_MATCH_START}${SEARCH_MATCH_END}${ANGLE_BRACKET_STAND_IN}`}, ${ANGLE_BRACKET_STAND_IN})`;

function restoreAngleBrackets(snippet: string): string {
  return snippet.replaceAll(ANGLE_BRACKET_STAND_IN, '<');
}

/** The rooms a search reads (the caller's, already checked). */
export function inRooms(filters: SearchFilters): SQL {
  return sql`m.room_id = ANY(${sql.param([...filters.roomIds])}::text[])`;
}

function matching(filters: SearchFilters): SQL {
  const conditions = [
    inRooms(filters),
    // A deleted or system message has no vector: it never matches, with or without words.
    filters.query ? sql`m.search_vector @@ ${filters.query}` : sql`m.search_vector IS NOT NULL`,
  ];
  if (filters.senderId !== undefined) conditions.push(sql`m.sender_id = ${filters.senderId}`);
  // Attachments ride only on image and file messages (a text message naming one is refused).
  if (filters.has === 'file') conditions.push(sql`m.type IN ('file', 'image')`);
  if (filters.has === 'image') conditions.push(sql`m.type = 'image'`);
  if (filters.after !== undefined) {
    conditions.push(sql`m.created_at >= ${filters.after}::timestamptz`);
  }
  if (filters.before !== undefined) {
    conditions.push(sql`m.created_at < ${filters.before}::timestamptz`);
  }
  return sql.join(conditions, sql` AND `);
}

/** Newest first below `position` (or from the newest with `inclusive`), so a keyset walks on. */
function below(position: SearchPosition, inclusive: boolean): SQL {
  const at = sql`${position.at}::timestamptz`;
  // The plain bound lets the created_at index cut where the row comparison alone would not.
  return inclusive
    ? sql`m.created_at <= ${at} AND (m.created_at, m.id) <= (${at}, ${position.id})`
    : sql`m.created_at <= ${at} AND (m.created_at, m.id) < (${at}, ${position.id})`;
}

/** Matches newest first, `limit` of them, below `before` when given. */
export async function findNewestHits(
  db: Executor,
  filters: SearchFilters,
  before: SearchPosition | undefined,
  limit: number,
): Promise<SearchHit[]> {
  const where = before ? sql`${matching(filters)} AND ${below(before, false)}` : matching(filters);
  const result = await db.execute(sql`
    SELECT m.id, ${createdAtText} AS at, 0 AS score
    FROM messages m
    WHERE ${where}
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${limit}`);
  return rawRows<SearchHit>(result).map((row) => ({ ...row, score: Number(row.score) }));
}

/**
 * The newest `limit` matches at or below `pin` (from the newest without one), newest first, each
 * scored: `ts_rank_cd` normalised by the message's length (option 1: divided by 1 + log of its
 * word count), times a recency factor `1 / (1 + age_days / 30)` measured from `now` (a month-old
 * match weighs half a fresh one, a year-old one about a thirteenth: old answers still surface
 * when they fit much better). `filters.query` is required: there is nothing to rank without words.
 */
export async function findScoredHits(
  db: Executor,
  filters: SearchFilters & { query: SQL },
  window: { pin: SearchPosition | undefined; now: string; limit: number },
): Promise<SearchHit[]> {
  const where = window.pin
    ? sql`${matching(filters)} AND ${below(window.pin, true)}`
    : matching(filters);
  const ageDays = sql`GREATEST(0, EXTRACT(EPOCH FROM (${window.now}::timestamptz - m.created_at)) / 86400)`;
  const result = await db.execute(sql`
    SELECT m.id, ${createdAtText} AS at,
      ts_rank_cd(m.search_vector, ${filters.query}, 1) / (1 + ${ageDays} / 30) AS score
    FROM messages m
    WHERE ${where}
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${window.limit}`);
  return rawRows<SearchHit>(result).map((row) => ({ ...row, score: Number(row.score) }));
}

/**
 * The records of a page's messages with their snippets, in the order of `ids`. Only these rows
 * pay for `ts_headline`. Without a query, the snippet is the start of the text.
 */
export async function findHitRecords(
  db: Executor,
  ids: readonly string[],
  query: SQL | undefined,
): Promise<{ record: MessageRecord; highlight: string }[]> {
  if (ids.length === 0) return [];
  const highlight = query
    ? sql<string>`CASE WHEN length(${messages.content}) <= ${WHOLE_SNIPPET_CHARS}
        THEN ts_headline('natter_search', ${snippetSource}, ${query}, ${WHOLE_HEADLINE_OPTIONS})
        ELSE ts_headline('natter_search', ${snippetSource}, ${query}, ${FRAGMENT_HEADLINE_OPTIONS})
      END`
    : sql<string>`left(${snippetSource}, ${PLAIN_HIGHLIGHT_CHARS})`;
  const rows = await db
    .select({ ...messageRecordColumns, highlight })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(inArray(messages.id, [...ids]));
  const byId = new Map(
    rows.map(({ highlight: snippet, ...record }) => [
      record.id,
      { record, highlight: restoreAngleBrackets(snippet) },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
