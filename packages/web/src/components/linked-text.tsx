import { useMemo } from 'react';
import { linkTokens } from '../lib/link-tokens.js';

/**
 * Message text with its links clickable: text nodes and `<a>` elements only (React escapes the
 * text, so nothing in a message is ever parsed as HTML). Links open in a new tab without handing
 * it this page (`noopener`) or the address of the chat (`noreferrer`).
 */
export function LinkedText({ text }: { text: string }) {
  const tokens = useMemo(() => linkTokens(text), [text]);
  return tokens.map((token, index) =>
    token.kind === 'link' ? (
      <a key={index} href={token.href} target="_blank" rel="noopener noreferrer">
        {token.text}
      </a>
    ) : (
      token.text
    ),
  );
}
