import { describe, expect, it } from 'vitest';
import { parseOrigins } from './origins.js';

describe('parseOrigins', () => {
  it('reads one origin per line, forgiving blanks, a trailing slash and repeats', () => {
    expect(
      parseOrigins('https://shop.example/\n\n  http://localhost:8080 \nhttps://shop.example'),
    ).toEqual({ origins: ['https://shop.example', 'http://localhost:8080'], errors: [] });
  });
  it('names each line that is not an origin', () => {
    const { origins, errors } = parseOrigins(
      'https://ok.example\nshop.example\nhttps://x.example/path',
    );
    expect(origins).toEqual(['https://ok.example']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('shop.example');
    expect(errors[1]).toContain('https://x.example/path');
  });
  it('wants at least one', () => {
    expect(parseOrigins('  \n').errors).toEqual(['Add at least one origin.']);
  });
});
