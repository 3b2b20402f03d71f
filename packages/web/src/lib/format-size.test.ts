import { describe, expect, it } from 'vitest';
import { formatSize } from './format-size.js';

describe('formatSize', () => {
  it('reads like a file manager', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(1023)).toBe('1023 bytes');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(200 * 1024)).toBe('200 KB');
    expect(formatSize(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatSize(3 * 1024 ** 3)).toBe('3 GB');
  });
});
