import { isBlock } from './rich-text-node.js';
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
 * A message's rich-text nodes as elements — never an HTML string, so nothing in a message is
 * parsed as markup. Its runs of text between blocks become paragraphs (`<p>`), so a screen reader
 * reads "Alice, 10:42:" and then the text as one, as before rich text; quotes, lists and code
 * blocks stand beside them. Siblings carry their index as `key`.
 */
export function renderRichText<E>(
  nodes: readonly RichNode[],
  rendering: RichTextRendering<E>,
): (E | string)[] {
  const blocks: (E | string)[] = [];
  let run: RichNode[] = [];
  const endRun = () => {
    if (run.length > 0) {
      blocks.push(
        rendering.createElement('p', { key: blocks.length }, ...renderNodes(run, rendering)),
      );
    }
    run = [];
  };
  for (const node of nodes) {
    if (isBlock(node)) {
      endRun();
      blocks.push(renderNode(node, blocks.length, rendering));
    } else {
      run.push(node);
    }
  }
  endRun();
  return blocks;
}

/** Nodes as elements and strings, keyed by index. */
function renderNodes<E>(
  nodes: readonly RichNode[],
  rendering: RichTextRendering<E>,
): (E | string)[] {
  return nodes.map((node, key) => renderNode(node, key, rendering));
}

/**
 * One node. Links open in a new tab that gets neither this page (`noopener`) nor its address
 * (`noreferrer`), and pass no ranking (`nofollow`); their address shows on hover. A code block
 * is focusable, so a keyboard can scroll it sideways.
 */
function renderNode<E>(node: RichNode, key: number, rendering: RichTextRendering<E>): E | string {
  const h = rendering.createElement;
  const children = (list: readonly RichNode[]) => renderNodes(list, rendering);
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
}
