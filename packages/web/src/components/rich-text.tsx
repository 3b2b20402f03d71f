import { createElement, useMemo } from 'react';
import '@natter/client/rich-text.css';
import { parseRichText, renderRichText } from '@natter/client/rich-text';
import type { MentionKind } from '@natter/client/rich-text';

interface RichTextProps {
  content: string;
  /** Which `@username`s are mentions (see `mentionKinds`); the others stay text. */
  mentionKind: (username: string) => MentionKind | undefined;
}

/**
 * A message's text with its Markdown (the SDK's rich-text subset) as React elements, never an
 * HTML string. Parsed again only when the text changes (an edit).
 */
export function RichText({ content, mentionKind }: RichTextProps) {
  const nodes = useMemo(() => parseRichText(content), [content]);
  return renderRichText(nodes, { createElement, mentionKind });
}
