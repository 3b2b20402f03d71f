import {
  isRasterType,
  sniffType,
  SNIFF_BYTES,
  withDecodableImage,
} from '../files/file-inspector.js';

/** A preview image's longest side, in pixels: a card is at most ~400 CSS px wide, 1.5× for HiDPI. */
export const PREVIEW_IMAGE_MAX_PX = 600;

export interface PreviewImage {
  /** WebP bytes, at most PREVIEW_IMAGE_MAX_PX a side, without the source's metadata. */
  bytes: Buffer;
  width: number;
  height: number;
}

/**
 * The server's own copy of a page's image: only a PNG, JPEG, GIF or WebP by its bytes (whatever
 * the page's server said: SVG, which can carry script, and everything else are refused) that
 * sharp decodes within its pixel limit, re-encoded as a WebP thumbnail. Readers' browsers load
 * this copy, never the page's server, which so learns nothing of who reads the chat.
 */
export async function renderPreviewImage(source: Buffer): Promise<PreviewImage | undefined> {
  if (!isRasterType(await sniffType(source.subarray(0, SNIFF_BYTES)))) return undefined;
  return withDecodableImage(source, async (open) => {
    const { data, info } = await open()
      .rotate()
      .resize(PREVIEW_IMAGE_MAX_PX, PREVIEW_IMAGE_MAX_PX, {
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  });
}
