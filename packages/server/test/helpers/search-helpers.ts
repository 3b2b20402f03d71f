import type { ErrorBody, SearchQuery, SearchResponse } from '@natter/protocol';
import { http } from './clients.js';
import type { HttpResult } from './clients.js';

/** `GET /api/search` with these parameters (strings as sent, so tests can send bad ones). */
export function searchHttp(
  baseUrl: string,
  token: string | undefined,
  params: Partial<Record<keyof SearchQuery, string | number>>,
): Promise<HttpResult<SearchResponse & { error?: ErrorBody }>> {
  const query = new URLSearchParams(
    Object.entries(params).map(([key, value]) => [key, String(value)]),
  );
  return http(baseUrl, 'GET', `/api/search?${query}`, token === undefined ? {} : { token });
}

/** A search answered 200: its results. */
export async function searchOk(
  baseUrl: string,
  token: string,
  params: Partial<Record<keyof SearchQuery, string | number>>,
): Promise<SearchResponse> {
  const res = await searchHttp(baseUrl, token, params);
  if (res.status !== 200)
    throw new Error(`search failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The contents a search finds, in its order. */
export async function searchContents(
  baseUrl: string,
  token: string,
  params: Partial<Record<keyof SearchQuery, string | number>>,
): Promise<string[]> {
  return (await searchOk(baseUrl, token, params)).results.map((r) => r.message.content);
}

/** Every result of a search, page after page: ids in order. */
export async function searchAllIds(
  baseUrl: string,
  token: string,
  params: Partial<Record<keyof SearchQuery, string | number>>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchOk(baseUrl, token, cursor ? { ...params, cursor } : params);
    ids.push(...page.results.map((r) => r.message.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}
