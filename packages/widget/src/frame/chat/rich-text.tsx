import type { TimelineMessage } from '@natter/client';
import { mentionKinds, parseRichText, renderRichText } from '@natter/client/rich-text';
import type { User } from '@natter/protocol';
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import '@natter/client/rich-text.css';

/**
 * A message's text with its Markdown, as Preact elements from the same renderer as the web app's
 * (never an HTML string). The widget loads no profiles, so only a mention of the visitor shows as
 * one; other `@names` stay text.
 */
export function RichText(props: { message: TimelineMessage; me: User | undefined }) {
  const { message, me } = props;
  const nodes = useMemo(() => parseRichText(message.content), [message.content]);
  const mentionKind = mentionKinds(message, me, () => undefined);
  return (
    <div class="content rich-text">{renderRichText(nodes, { createElement: h, mentionKind })}</div>
  );
}
