import { z } from 'zod';
import { messageSchema } from './entities.js';
import { LIMITS } from './limits.js';
import { idSchema } from './primitives.js';

/**
 * Search (PROTOCOL.md "Search"; docs/protocol.md has the extensions): `GET /api/search` over the
 * messages of the rooms the caller is a member of.
 */

/**
 * The delimiters around each match in a result's `highlight`: STX (U+0002) before, ETX (U+0003)
 * after. Control characters, so no text a person types collides with them; the server removes
 * them from a message's own text before it makes a snippet, so every pair it sends is a match.
 */
export const SEARCH_MATCH_START = '\u0002';
export const SEARCH_MATCH_END = '\u0003';

/** `relevance` (the default): best matches first, recent ones favoured; `newest`: newest first. */
export const searchOrderSchema = z.enum(['relevance', 'newest']);
export type SearchOrder = z.infer<typeof searchOrderSchema>;

/** `file`: messages with any attachment; `image`: with an image. */
export const searchHasSchema = z.enum(['file', 'image']);
export type SearchHas = z.infer<typeof searchHasSchema>;

/**
 * A date bound: a calendar day (`2026-11-30`, midnight UTC) or an ISO date-time with its offset.
 * `after` is inclusive, `before` exclusive.
 */
export const searchDateSchema = z
  .union(
    [z.iso.date(), z.iso.datetime({ offset: true })],
    'must be a date (YYYY-MM-DD) or an ISO date-time',
  )
  // ISO's year 0000 is valid to the format but not to PostgreSQL, which counts 1 BC, then AD 1.
  .refine((date) => !date.startsWith('0000'), 'must be in year 0001 or later');

/** Query-string numbers arrive as text; `limit` is clamped into range rather than refused. */
const searchLimitSchema = z.coerce
  .number('limit must be a number')
  .int('limit must be a whole number')
  .transform((limit) => Math.min(Math.max(limit, 1), LIMITS.searchPageMax))
  .default(LIMITS.searchPageDefault);

/**
 * `GET /api/search` query string. `q` is web-search syntax (`"a phrase"`, `-word`, `or`); its last
 * word also matches as a prefix while the user types (not once a space follows it), and it may
 * carry the operators of `parseSearchOperators`. `q` may be empty only when a filter narrows the search. `cursor` is
 * opaque: pass back a response's `nextCursor`.
 */
export const searchQuerySchema = z
  .strictObject({
    q: z
      .string()
      .max(LIMITS.searchQueryMax, `q must be at most ${LIMITS.searchQueryMax} characters`)
      .default(''),
    roomId: idSchema.optional(),
    from: idSchema.optional(),
    has: searchHasSchema.optional(),
    after: searchDateSchema.optional(),
    before: searchDateSchema.optional(),
    order: searchOrderSchema.default('relevance'),
    limit: searchLimitSchema,
    cursor: z.string().min(1).max(512).optional(),
  })
  .refine(
    (query) =>
      query.q.trim().length > 0 ||
      query.roomId !== undefined ||
      query.from !== undefined ||
      query.has !== undefined ||
      query.after !== undefined ||
      query.before !== undefined,
    { message: 'q must not be empty unless a filter narrows the search', path: ['q'] },
  );
export type SearchQuery = z.input<typeof searchQuerySchema>;
export type ParsedSearchQuery = z.output<typeof searchQuerySchema>;

export const searchResultSchema = z.object({
  message: messageSchema,
  /**
   * A plain-text snippet of the message (never HTML) with each match between SEARCH_MATCH_START
   * and SEARCH_MATCH_END; `splitHighlight` turns it into segments a client renders as elements.
   */
  highlight: z.string(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

/** `nextCursor` is null on the last page. */
export const searchResponseSchema = z.object({
  results: z.array(searchResultSchema),
  nextCursor: z.string().nullable(),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

/** The operators `q` may carry, each a whole word: `from:alice` (or `from:@alice`), `has:file`… */
export interface SearchOperators {
  /** A username, without the `@`. */
  from?: string;
  has?: SearchHas;
  after?: string;
  before?: string;
}

const OPERATOR = /^(from|has|after|before):(\S+)$/i;

/**
 * Splits `q` into its search text and its operators, as Slack's search box reads them:
 * `from:@alice has:file after:2026-11-01 budget` searches "budget" in Alice's messages with a
 * file since November. A word that looks like an operator but has no valid value (`has:cake`,
 * `after:someday`) stays in the text, so nothing the user typed is silently dropped.
 */
export function parseSearchOperators(q: string): { text: string; operators: SearchOperators } {
  const operators: SearchOperators = {};
  const words: string[] = [];
  for (const word of q.split(/\s+/)) {
    const [, name, value] = OPERATOR.exec(word) ?? [];
    const key = name?.toLowerCase();
    if (key === 'from' && value && /^@?[a-z0-9_.-]{3,32}$/i.test(value)) {
      operators.from = value.replace(/^@/, '').toLowerCase();
    } else if (key === 'has' && value && searchHasSchema.safeParse(value.toLowerCase()).success) {
      operators.has = value.toLowerCase() as SearchHas;
    } else if ((key === 'after' || key === 'before') && searchDateSchema.safeParse(value).success) {
      operators[key] = value;
    } else if (word) {
      words.push(word);
    }
  }
  return { text: words.join(' '), operators };
}

/** A run of a highlight's text, `match` when it was between the delimiters. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

/**
 * Cuts a result's `highlight` at its delimiters into segments, for a client to render as elements
 * (a `<mark>` per match) instead of injecting markup. Unpaired delimiters are dropped.
 */
export function splitHighlight(highlight: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let match = false;
  const delimiters = new RegExp(`([${SEARCH_MATCH_START}${SEARCH_MATCH_END}])`);
  for (const part of highlight.split(delimiters)) {
    if (part === SEARCH_MATCH_START) match = true;
    else if (part === SEARCH_MATCH_END) match = false;
    else if (part) segments.push({ text: part, match });
  }
  return segments;
}
