import type { CannedResponse } from '@natter/protocol';

/**
 * The canned-response query a composer's text asks for: what follows a `/` at its very start, up
 * to the first space or line break. Undefined when the text is not a `/` command (then no list).
 */
export function cannedQuery(text: string): string | undefined {
  const match = /^\/([^\s]*)$/.exec(text);
  return match?.[1]?.toLowerCase();
}

/**
 * The responses matching a query: shortcuts that start with it first (in shortcut order), then
 * those whose shortcut or content merely contains it.
 */
export function filterCanned(
  responses: readonly CannedResponse[],
  query: string,
): CannedResponse[] {
  const q = query.toLowerCase();
  const starts: CannedResponse[] = [];
  const contains: CannedResponse[] = [];
  for (const response of responses) {
    const shortcut = response.shortcut.toLowerCase();
    if (shortcut.startsWith(q)) starts.push(response);
    else if (shortcut.includes(q) || response.content.toLowerCase().includes(q))
      contains.push(response);
  }
  const byShortcut = (a: CannedResponse, b: CannedResponse) => a.shortcut.localeCompare(b.shortcut);
  return [...starts.sort(byShortcut), ...contains.sort(byShortcut)];
}
