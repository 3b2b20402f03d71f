/**
 * ➕ What a client names a link preview by when the page gave no title or site name: the link's
 * host, without `www.` (the text itself when it is not a URL).
 */
export function linkPreviewHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
