import { describe, expect, it } from 'vitest';
import { parseRichText } from './parse-rich-text.js';
import { renderRichText } from './render-rich-text.js';
import type { MentionKind } from './render-rich-text.js';

/** An element as plain data: what `h(type, props, ...children)` was asked to build. */
interface Built {
  type: string;
  props: Record<string, unknown>;
  children: (Built | string)[];
}

const createElement = (
  type: string,
  props: Record<string, unknown>,
  ...children: (Built | string)[]
): Built => ({ type, props, children });

const render = (
  content: string,
  mentionKind: (name: string) => MentionKind | undefined = () => undefined,
) => renderRichText(parseRichText(content), { createElement, mentionKind });

describe('renderRichText', () => {
  it('builds one element per construct, siblings keyed by index', () => {
    expect(render('**b** *i* ~~s~~ `c`\nnext')).toEqual([
      {
        type: 'p',
        props: { key: 0 },
        children: [
          { type: 'strong', props: { key: 0 }, children: ['b'] },
          ' ',
          { type: 'em', props: { key: 2 }, children: ['i'] },
          ' ',
          { type: 'del', props: { key: 4 }, children: ['s'] },
          ' ',
          { type: 'code', props: { key: 6 }, children: ['c'] },
          { type: 'br', props: { key: 7 }, children: [] },
          'next',
        ],
      },
    ]);
  });

  it('makes paragraphs of the text between blocks, the blocks beside them', () => {
    expect(render('before\n> quoted\n\nafter').map((element) => (element as Built).type)).toEqual([
      'p',
      'blockquote',
      'p',
    ]);
    expect(render('> only a quote')).toEqual([
      { type: 'blockquote', props: { key: 0 }, children: ['only a quote'] },
    ]);
  });

  it('opens links in a new tab without the opener, the referrer or a ranking, the URL on hover', () => {
    expect(render('[docs](https://example.com/docs)')[0]).toEqual({
      type: 'p',
      props: { key: 0 },
      children: [
        {
          type: 'a',
          props: {
            key: 0,
            href: 'https://example.com/docs',
            title: 'https://example.com/docs',
            target: '_blank',
            rel: 'noopener noreferrer nofollow',
          },
          children: ['docs'],
        },
      ],
    });
  });

  it('renders blocks: a focusable code block, quotes and lists with their start', () => {
    expect(render('```\na\n```')).toEqual([
      {
        type: 'pre',
        props: { key: 0, tabIndex: 0 },
        children: [{ type: 'code', props: {}, children: ['a'] }],
      },
    ]);
    expect(render('> q')).toEqual([{ type: 'blockquote', props: { key: 0 }, children: ['q'] }]);
    expect(render('- x')).toEqual([
      {
        type: 'ul',
        props: { key: 0 },
        children: [{ type: 'li', props: { key: 0 }, children: ['x'] }],
      },
    ]);
    expect(render('1. x')).toMatchObject([{ type: 'ol', props: { start: undefined } }]);
    expect(render('7. x')).toMatchObject([{ type: 'ol', props: { start: 7 } }]);
  });

  it('shows resolved mentions as chips (mine marked) and unresolved ones as text', () => {
    const kinds: Record<string, MentionKind> = { sam: 'me', alice: 'other' };
    expect(render('@Sam @alice @nobody', (name) => kinds[name])).toEqual([
      {
        type: 'p',
        props: { key: 0 },
        children: [
          { type: 'span', props: { key: 0, className: 'mention mention--me' }, children: ['@Sam'] },
          ' ',
          { type: 'span', props: { key: 2, className: 'mention' }, children: ['@alice'] },
          ' ',
          '@nobody',
        ],
      },
    ]);
  });

  it('passes markup through as text, for the UI library to escape', () => {
    expect(render('<img src=x onerror=alert(1)>')).toEqual([
      { type: 'p', props: { key: 0 }, children: ['<img src=x onerror=alert(1)>'] },
    ]);
  });
});
