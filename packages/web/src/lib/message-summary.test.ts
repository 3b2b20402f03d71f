import { describe, expect, it } from 'vitest';
import { messageSummary } from './message-summary.js';

describe('messageSummary', () => {
  it('uses the text, else says what the message carries', () => {
    expect(messageSummary({ type: 'image', content: 'look', attachments: [] })).toBe('look');
    expect(messageSummary({ type: 'image', content: '', attachments: [{ filename: 'a' }] })).toBe(
      'Photo',
    );
    const two = [{ filename: 'a.pdf' }, { filename: 'b.pdf' }];
    expect(messageSummary({ type: 'file', content: '', attachments: two })).toBe('2 files');
    expect(messageSummary({ type: 'file', content: '', uploads: [{ filename: 'a.pdf' }] })).toBe(
      'a.pdf',
    );
    expect(messageSummary({ type: 'file', content: '' })).toBe('File');
  });

  it('shows the text without its Markdown, on one line', () => {
    expect(
      messageSummary({ type: 'text', content: '**Ship** it:\n- [docs](https://a.example)' }),
    ).toBe('Ship it: docs');
    // Nothing left once the Markdown is gone: the text as typed rather than an empty line.
    expect(messageSummary({ type: 'text', content: '```\n```' })).toBe('```\n```');
  });
});
