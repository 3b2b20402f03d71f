import type { SearchOrder, SearchQuery } from '@natter/protocol';

/** The search dialog's filter controls; empty strings are "any". */
export interface SearchFilters {
  roomId: string;
  /** A user id. */
  from: string;
  hasFile: boolean;
  /** Calendar days (`YYYY-MM-DD`, as `<input type="date">` gives them). */
  after: string;
  before: string;
  order: SearchOrder;
}

export const NO_FILTERS: SearchFilters = {
  roomId: '',
  from: '',
  hasFile: false,
  after: '',
  before: '',
  order: 'relevance',
};

/**
 * The `GET /api/search` query for the box's text and the filters, or undefined when there is
 * nothing to search (no text, no filter). The text goes as typed: the server reads its operators
 * (`from:@ann`) and treats its last word as a prefix, unless a space follows it.
 */
export function searchRequest(text: string, filters: SearchFilters): SearchQuery | undefined {
  const query: SearchQuery = { q: text };
  if (filters.roomId) query.roomId = filters.roomId;
  if (filters.from) query.from = filters.from;
  if (filters.hasFile) query.has = 'file';
  if (filters.after) query.after = filters.after;
  if (filters.before) query.before = filters.before;
  if (filters.order !== 'relevance') query.order = filters.order;
  const narrowed = Object.keys(query).some((key) => key !== 'q' && key !== 'order');
  return text.trim() || narrowed ? query : undefined;
}
