import { splitHighlight } from '@natter/protocol';

/**
 * A search result's snippet: plain text with each match in a `<mark>`. The snippet is cut at the
 * protocol's match delimiters into text nodes, never parsed as markup, so a message that holds
 * HTML shows as the characters it is.
 */
export function SearchHighlight({ highlight }: { highlight: string }) {
  return (
    <>
      {splitHighlight(highlight).map((segment, i) =>
        segment.match ? <mark key={i}>{segment.text}</mark> : segment.text,
      )}
    </>
  );
}
