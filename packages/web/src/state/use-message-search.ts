import { useCallback, useEffect, useRef, useState } from 'react';
import { NatterError } from '@natter/client';
import type { SearchQuery, SearchResult } from '@natter/protocol';
import { useClient } from './client-context.js';

/** How long typing must pause before the box searches: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 200;

export interface MessageSearch {
  /** `idle`: nothing to search; `loading`: the first page is on its way. */
  status: 'idle' | 'loading' | 'done' | 'error';
  results: readonly SearchResult[];
  /** Whether another page exists (`loadMore`). */
  hasMore: boolean;
  loadingMore: boolean;
  error: NatterError | undefined;
  loadMore: () => void;
}

interface Answer {
  key: string;
  results: readonly SearchResult[];
  nextCursor: string | null;
  error: NatterError | undefined;
}

/**
 * Searches as the user types: `query` (undefined: nothing to search) goes out once typing paused
 * for SEARCH_DEBOUNCE_MS, and a newer query cancels the request of an older one, so a slow answer
 * never replaces a newer one. `loadMore` appends the next page.
 */
export function useMessageSearch(query: SearchQuery | undefined): MessageSearch {
  const client = useClient();
  const key = query ? JSON.stringify(query) : '';
  const [answer, setAnswer] = useState<Answer>();
  const [loadingMore, setLoadingMore] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);

  const run = useCallback(
    (runKey: string, cursor: string | undefined, earlier: readonly SearchResult[]) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const base = JSON.parse(runKey) as SearchQuery;
      return client
        .search(cursor ? { ...base, cursor } : base, { signal: abort.signal })
        .then(
          (page) => ({ results: [...earlier, ...page.results], nextCursor: page.nextCursor }),
          (error: unknown) => ({
            results: earlier,
            nextCursor: null,
            error: NatterError.from(error),
          }),
        )
        .then((next) => {
          if (abort.signal.aborted) return;
          setAnswer({ key: runKey, error: undefined, ...next });
        });
    },
    [client],
  );

  useEffect(() => {
    if (!key) return;
    const timer = setTimeout(() => void run(key, undefined, []), SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.current?.abort();
    };
  }, [key, run]);

  const current = answer?.key === key ? answer : undefined;
  // While the next answer is on its way the previous results stay, so the list does not blink
  // empty at every keystroke.
  const shown = key ? (current ?? answer) : undefined;
  const loadMore = () => {
    if (!current?.nextCursor || loadingMore) return;
    setLoadingMore(true);
    void run(key, current.nextCursor, current.results).finally(() => setLoadingMore(false));
  };

  let status: MessageSearch['status'] = 'done';
  if (!key) status = 'idle';
  else if (!current) status = 'loading';
  else if (current.error) status = 'error';
  return {
    status,
    results: shown?.results ?? [],
    hasMore: Boolean(current?.nextCursor),
    loadingMore,
    error: current?.error,
    loadMore,
  };
}
