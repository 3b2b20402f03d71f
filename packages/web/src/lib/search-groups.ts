import type { SearchResult } from '@natter/protocol';

/** The results of one room, in the order the server ranked them. */
export interface SearchGroup {
  roomId: string;
  results: SearchResult[];
}

/**
 * Groups a ranked result list by room. Results come best first, so a room's first result is its
 * best, and groups keep the order of their first results: the room with the best match leads.
 */
export function groupByRoom(results: readonly SearchResult[]): SearchGroup[] {
  const groups = new Map<string, SearchGroup>();
  for (const result of results) {
    const roomId = result.message.roomId;
    const group = groups.get(roomId);
    if (group) group.results.push(result);
    else groups.set(roomId, { roomId, results: [result] });
  }
  return [...groups.values()];
}
