import { searchDateSchema } from '@natter/protocol';
import { z } from 'zod';
import { badRequest } from '../errors.js';

/**
 * Where the next page of a search starts. Opaque to clients: base64url of this JSON, read back
 * through the schema, so a forged or damaged cursor is a `bad_request`, never a query.
 * - `ranked`: inside the relevance window. `pinAt`/`pinId` are the newest candidate of the first
 *   page (later pages rebuild the same window below it, so messages sent meanwhile shift
 *   nothing), `now` the instant recency was scored from, `offset` how many ranked rows were
 *   handed out.
 * - `newest`: newest-first below (`beforeAt`, `beforeId`), for `order=newest` and for relevance
 *   pages past the window.
 */
// Instants as PostgreSQL reads them (searchDateSchema refuses what it would not), so a forged
// cursor is refused here rather than failing the query.
const position = z.object({ at: searchDateSchema, id: z.string().min(1).max(64) });

const searchCursorSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ranked'),
    pin: position,
    now: searchDateSchema,
    offset: z.number().int().min(0),
  }),
  z.strictObject({ kind: z.literal('newest'), before: position }),
]);

export type SearchCursor = z.infer<typeof searchCursorSchema>;
/** A message's place in newest-first order; `at` is its created_at in full precision. */
export type SearchPosition = z.infer<typeof position>;

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeSearchCursor(text: string): SearchCursor {
  try {
    const parsed = searchCursorSchema.safeParse(
      JSON.parse(Buffer.from(text, 'base64url').toString('utf8')),
    );
    if (parsed.success) return parsed.data;
  } catch {
    // Not base64url JSON: the same answer as a well-formed cursor of the wrong shape.
  }
  throw badRequest('cursor is not valid');
}
