import type { SearchQuery, SearchResponse } from '@natter/protocol';
import type { HttpClient } from './http-client.js';

export interface SearchOptions {
  /** Cancels the search (it fails with `aborted`): a newer keystroke supersedes an older one. */
  signal?: AbortSignal | undefined;
}

/**
 * `GET /api/search` (PROTOCOL.md "Search"): full-text matches in the caller's rooms. Each
 * result's `highlight` is plain text with delimited matches; `splitHighlight` (protocol package)
 * cuts it into segments to render as elements.
 */
export function searchMessages(
  http: HttpClient,
  query: SearchQuery,
  options: SearchOptions = {},
): Promise<SearchResponse> {
  return http.request('GET', '/api/search', {
    query: searchParams(query),
    schema: (s) => s.searchResponseSchema,
    signal: options.signal,
  });
}

/** The query as query-string text; absent fields stay out (the server applies its defaults). */
function searchParams(query: SearchQuery): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params[key] = String(value);
  }
  return params;
}
