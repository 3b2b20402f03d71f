import type { Message, ParsedSearchQuery, SearchResponse } from '@natter/protocol';
import { parseSearchOperators } from '@natter/protocol';
import type { SQL } from 'drizzle-orm';
import type { Database, Executor } from '../db/database.js';
import { forbidden } from '../errors.js';
import { findRoomIdsOfUser } from '../membership/membership.js';
import type { MessageRecord } from '../messages/message-presenter.js';
import { findUserByUsername } from '../users/user-repository.js';
import type { SearchCursor } from './search-cursor.js';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor.js';
import type { SearchFilters, SearchHit } from './search-repository.js';
import { findHitRecords, findNewestHits, findScoredHits, inRooms } from './search-repository.js';
import { steerReadPath } from './read-path.js';
import { hasSearchableWords, splitSearchText, tsqueryOf } from './search-text.js';
import { boundedSearch } from './bounded-search.js';

/**
 * How many of the newest matches relevance ranks. Ranking reads every candidate, so the window
 * bounds a search's work however common its words are; past it, results go on newest first.
 */
export const RANK_WINDOW = 100;

/** The filters of a search once its operators are read, or `none` when nothing can match. */
type Resolved = { filters: SearchFilters; anyFilter: boolean } | 'none';

/**
 * Full-text search over the messages of the caller's rooms (docs/search.md): reads the query's
 * operators, scopes it to the rooms the membership rule gives the caller, finds a page of hits
 * (ranked or newest first) and presents them as history does, with their snippets.
 */
export class SearchService {
  constructor(
    private readonly database: Pick<Database, 'db' | 'driver'>,
    private readonly present: (
      readerId: string,
      records: readonly MessageRecord[],
    ) => Promise<Message[]>,
  ) {}

  async search(userId: string, query: ParsedSearchQuery): Promise<SearchResponse> {
    const cursor = query.cursor === undefined ? undefined : decodeSearchCursor(query.cursor);
    const { text, operators } = parseSearchOperators(query.q);
    const resolved = await this.resolve(userId, query, operators);
    const empty: SearchResponse = { results: [], nextCursor: null };
    if (resolved === 'none') return empty;
    // The last word is still being typed only if it ends `q`: not before a space, nor an operator.
    const typing = !/\s$/u.test(query.q) && query.q.endsWith(text);
    const searchText = splitSearchText(typing ? text : `${text} `);
    const tsquery = hasSearchableWords(text) ? tsqueryOf(searchText) : undefined;
    // Punctuation alone makes no words: with no filter either, there is nothing to look for.
    if (!tsquery && !resolved.anyFilter) return empty;
    const filters = { ...resolved.filters, query: tsquery };

    const page = await boundedSearch(this.database, async (tx) => {
      // A prefix's matches are a guess to the planner (it cannot know which words it expands
      // to): there, its own choice measured better than steering by that guess.
      if (filters.query && searchText.prefix === undefined) {
        await steerReadPath(tx, inRooms(filters), filters.query);
      }
      const found =
        filters.query && query.order === 'relevance' && cursor?.kind !== 'newest'
          ? await rankedPage(tx, { ...filters, query: filters.query }, cursor, query.limit)
          : await newestPage(tx, filters, cursor, query.limit);
      const rows = await findHitRecords(
        tx,
        found.hits.map((h) => h.id),
        filters.query,
      );
      return { rows, nextCursor: found.nextCursor };
    });
    const messages = await this.present(
      userId,
      page.rows.map((r) => r.record),
    );
    return {
      results: messages.map((message, i) => ({
        message,
        highlight: page.rows[i]?.highlight ?? '',
      })),
      nextCursor: page.nextCursor === undefined ? null : encodeSearchCursor(page.nextCursor),
    };
  }

  /** The query's filters (a parameter wins over the same operator in `q`), rooms checked. */
  private async resolve(
    userId: string,
    query: ParsedSearchQuery,
    operators: ReturnType<typeof parseSearchOperators>['operators'],
  ): Promise<Resolved> {
    const { db } = this.database;
    const roomIds = await findRoomIdsOfUser(db, userId);
    if (query.roomId !== undefined && !roomIds.includes(query.roomId)) throw forbidden();
    let senderId = query.from;
    if (senderId === undefined && operators.from !== undefined) {
      // An unknown name matches no message: an empty answer, as for any filter nothing passes.
      senderId = (await findUserByUsername(db, operators.from))?.id;
      if (senderId === undefined) return 'none';
    }
    const has = query.has ?? operators.has;
    const after = query.after ?? operators.after;
    const before = query.before ?? operators.before;
    const filters: SearchFilters = {
      roomIds: query.roomId === undefined ? roomIds : [query.roomId],
      senderId,
      has,
      after: after === undefined ? undefined : instantOf(after),
      before: before === undefined ? undefined : instantOf(before),
    };
    if (filters.roomIds.length === 0) return 'none';
    const anyFilter = [query.roomId, senderId, has, after, before].some((f) => f !== undefined);
    return { filters, anyFilter };
  }
}

/** A bare date is that day's midnight UTC; a date-time keeps its own offset. */
function instantOf(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date;
}

interface HitsPage {
  hits: SearchHit[];
  nextCursor: SearchCursor | undefined;
}

/** Newest first, one row more than the page to tell whether another follows. */
async function newestPage(
  tx: Executor,
  filters: SearchFilters,
  cursor: SearchCursor | undefined,
  limit: number,
): Promise<HitsPage> {
  const before = cursor?.kind === 'newest' ? cursor.before : undefined;
  const rows = await findNewestHits(tx, filters, before, limit + 1);
  const hits = rows.slice(0, limit);
  const last = hits.at(-1);
  return {
    hits,
    nextCursor:
      rows.length > limit && last
        ? { kind: 'newest', before: { at: last.at, id: last.id } }
        : undefined,
  };
}

/**
 * A page of the relevance window: the newest RANK_WINDOW matches (at or below the pin of the
 * first page), ordered by score, then newest first. When the window is spent and more matches
 * are older than it, the next cursor continues newest first below its oldest candidate, so
 * every match is reachable exactly once.
 */
async function rankedPage(
  tx: Executor,
  filters: SearchFilters & { query: SQL },
  cursor: SearchCursor | undefined,
  limit: number,
): Promise<HitsPage> {
  const ranked = cursor?.kind === 'ranked' ? cursor : undefined;
  const now = ranked?.now ?? new Date().toISOString();
  const offset = ranked?.offset ?? 0;
  const candidates = await findScoredHits(tx, filters, {
    pin: ranked?.pin,
    now,
    limit: RANK_WINDOW + 1,
  });
  const window = candidates.slice(0, RANK_WINDOW);
  const newest = window[0];
  const oldest = window.at(-1);
  // Candidates come newest first: a stable sort by score keeps that order between equals.
  const byScore = [...window].sort((a, b) => b.score - a.score);
  const hits = byScore.slice(offset, offset + limit);
  let nextCursor: SearchCursor | undefined;
  if (newest && offset + limit < window.length) {
    const pin = ranked?.pin ?? { at: newest.at, id: newest.id };
    nextCursor = { kind: 'ranked', pin, now, offset: offset + limit };
  } else if (oldest && candidates.length > RANK_WINDOW) {
    nextCursor = { kind: 'newest', before: { at: oldest.at, id: oldest.id } };
  }
  return { hits, nextCursor };
}
