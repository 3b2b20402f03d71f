import { stripInvisibleCharacters } from '@natter/protocol';

/** The longest file name kept, in characters (the extension is kept when shortening). */
export const FILENAME_MAX = 200;

/**
 * A user's file name made safe to display and to put in a header: NFC, no control or bidi
 * formatting characters, no path separators, no leading dots, at most FILENAME_MAX characters.
 * It is only ever shown: object keys are server-made ids.
 */
export function sanitizeFilename(raw: string): string {
  const cleaned = stripInvisibleCharacters(raw.normalize('NFC'))
    .replace(/[/\\]/g, '_')
    .replace(/^[\s.]+/, '')
    .trim();
  const chars = [...cleaned];
  if (chars.length === 0) return 'file';
  if (chars.length <= FILENAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? [...cleaned.slice(dot)].slice(0, 16) : [];
  return chars.slice(0, FILENAME_MAX - extension.length).join('') + extension.join('');
}

/**
 * A `Content-Disposition` value: an ASCII fallback `filename` (quotes, backslashes and non-ASCII
 * replaced) and the exact name as RFC 5987 `filename*`, which every current browser prefers.
 */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%;<>]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
