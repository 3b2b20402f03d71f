import type { RichNode } from './rich-text-node.js';

/**
 * `createElement` as React and Preact both spell it (`h(type, props, ...children)`): the one
 * renderer builds elements for either, so the web app and the widget show a message the same way.
 */
export type CreateElement<E> = (
  type: string,
  props: Record<string, unknown>,
  ...children: (E | string)[]
) => E;

/** How a mention shows: the viewer's own, someone else's, or (unresolved) plain text. */
export type MentionKind = 'me' | 'other';

export interface RichTextRendering<E> {
  createElement: CreateElement<E>;
  /** Whether `@username` (lower-cased) mentions anyone in this message; undefined: text. */
  mentionKind: (username: string) => MentionKind | undefined;
}

/**
 * Rich-text nodes as elements and strings — never an HTML string, so nothing in a message is
 * parsed as markup. Siblings carry their index as `key`. Links open in a new tab that gets
 * neither this page (`noopener`) nor its address (`noreferrer`), and pass no ranking
 * (`nofollow`); their address shows on hover. A code block is focusable, so a keyboard can scroll
 * it sideways.
 */
export function renderRichText<E>(
  nodes: readonly RichNode[],
  rendering: RichTextRendering<E>,
): (E | string)[] {
  const h = rendering.createElement;
  const children = (list: readonly RichNode[]) => renderRichText(list, rendering);
  return nodes.map((node, key): E | string => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'lineBreak':
        return h('br', { key });
      case 'strong':
        return h('strong', { key }, ...children(node.children));
      case 'emphasis':
        return h('em', { key }, ...children(node.children));
      case 'strike':
        return h('del', { key }, ...children(node.children));
      case 'code':
        return h('code', { key }, node.text);
      case 'link':
        return h(
          'a',
          {
            key,
            href: node.href,
            title: node.href,
            target: '_blank',
            rel: 'noopener noreferrer nofollow',
          },
          ...children(node.children),
        );
      case 'mention': {
        const kind = rendering.mentionKind(node.username);
        if (kind === undefined) return node.text;
        const className = kind === 'me' ? 'mention mention--me' : 'mention';
        return h('span', { key, className }, node.text);
      }
      case 'codeBlock':
        return h('pre', { key, tabIndex: 0 }, h('code', {}, node.text));
      case 'quote':
        return h('blockquote', { key }, ...children(node.children));
      case 'list':
        return node.ordered
          ? h(
              'ol',
              { key, start: node.start === 1 ? undefined : node.start },
              ...children(node.children),
            )
          : h('ul', { key }, ...children(node.children));
      case 'listItem':
        return h('li', { key }, ...children(node.children));
    }
  });
}
