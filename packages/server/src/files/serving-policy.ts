import type { ServedAs } from './file-storage.js';
import { contentDisposition } from './file-names.js';

/** The raster formats shown inline: decoded by the browser as pixels, never as script. */
export const RASTER_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

export const THUMBNAIL_TYPE = 'image/webp';

/**
 * How a file is served. Only a checked raster image is inline with its own type; everything else
 * (SVG, HTML, PDFs, text…) is a download as `application/octet-stream`, so a file can never run
 * as a page on our origin. Routes add `X-Content-Type-Options: nosniff`.
 */
export function servedAs(
  upload: { kind: 'image' | 'file' | null; mimeType: string | null; filename: string },
  variant: 'original' | 'thumbnail',
): ServedAs {
  if (variant === 'thumbnail') {
    return {
      contentType: THUMBNAIL_TYPE,
      contentDisposition: contentDisposition('inline', upload.filename),
    };
  }
  if (upload.kind === 'image' && upload.mimeType && RASTER_TYPES.has(upload.mimeType)) {
    return {
      contentType: upload.mimeType,
      contentDisposition: contentDisposition('inline', upload.filename),
    };
  }
  return {
    contentType: 'application/octet-stream',
    contentDisposition: contentDisposition('attachment', upload.filename),
  };
}

/** A link preview's image: a WebP the server made itself (link-previews/preview-image.ts). */
export const LINK_PREVIEW_IMAGE_SERVED_AS: ServedAs = {
  contentType: THUMBNAIL_TYPE,
  contentDisposition: contentDisposition('inline', 'preview.webp'),
};
