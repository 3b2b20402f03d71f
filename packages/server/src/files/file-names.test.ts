import { describe, expect, it } from 'vitest';
import { contentDisposition, FILENAME_MAX, sanitizeFilename } from './file-names.js';

describe('sanitizeFilename', () => {
  it('turns path separators into underscores and drops leading dots', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(sanitizeFilename('C:\\Windows\\win.ini')).toBe('C:_Windows_win.ini');
  });

  it('removes control and bidi formatting characters', () => {
    expect(sanitizeFilename('a\u202Egnp.exe\r\n')).toBe('agnp.exe');
  });

  it('never answers an empty name', () => {
    expect(sanitizeFilename('...')).toBe('file');
    expect(sanitizeFilename('\u0007')).toBe('file');
  });

  it('shortens long names and keeps the extension', () => {
    const name = sanitizeFilename(`${'a'.repeat(500)}.png`);
    expect([...name]).toHaveLength(FILENAME_MAX);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact name as RFC 5987 filename*', () => {
    expect(contentDisposition('attachment', 'résumé "final".pdf')).toBe(
      `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });

  it('keeps markup out of the header', () => {
    expect(contentDisposition('inline', '<script>.html')).toBe(
      `inline; filename="_script_.html"; filename*=UTF-8''%3Cscript%3E.html`,
    );
  });
});
