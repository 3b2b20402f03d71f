import type { Metadata as SharpMetadata, Sharp } from 'sharp';
import { RASTER_TYPES, THUMBNAIL_TYPE } from './serving-policy.js';

/** Bytes `file-type` needs to recognise every format it knows. */
export const SNIFF_BYTES = 4100;
/** A thumbnail's longest side, in pixels. */
export const THUMBNAIL_MAX_PX = 320;
/**
 * Decompression bombs: images with more pixels than this are treated as plain files. 50
 * megapixels is more than any phone camera takes; decoding one costs up to 200 MB (RGBA).
 */
export const IMAGE_PIXELS_MAX = 50_000_000;

/** The type the first bytes show, if `file-type` recognises them. */
export async function sniffType(head: Buffer): Promise<string | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  return (await fileTypeFromBuffer(head))?.mime;
}

/** True for the types shown inline as images. */
export const isRasterType = (type: string | undefined): type is string =>
  type !== undefined && RASTER_TYPES.has(type);

export interface ImageFacts {
  width: number;
  height: number;
  thumbnail: Buffer;
  thumbnailType: string;
}

/**
 * Runs `use` on an image file that sharp can decode within IMAGE_PIXELS_MAX pixels, with a
 * factory of sharp pipelines reading it (and its header's metadata); undefined when sharp cannot
 * decode it or its header declares too many pixels. libvips reads the file from `input` itself, so
 * it is never held in memory whole (bytes already in memory, capped by their fetcher, may be
 * given instead); the header is checked before any pixel is decoded (and `limitInputPixels`
 * makes libvips refuse too).
 */
export async function withDecodableImage<T>(
  input: string | Buffer,
  use: (open: () => Sharp, meta: SharpMetadata & { width: number; height: number }) => Promise<T>,
): Promise<T | undefined> {
  const { default: sharp } = await import('sharp');
  try {
    const open = () => sharp(input, { limitInputPixels: IMAGE_PIXELS_MAX, animated: false });
    const meta = await open().metadata();
    if (!meta.width || !meta.height || meta.width * meta.height > IMAGE_PIXELS_MAX) {
      return undefined;
    }
    return await use(open, { ...meta, width: meta.width, height: meta.height });
  } catch {
    return undefined;
  }
}

/**
 * Decodes an image file: its displayed size (EXIF rotation applied) and a webp thumbnail at most
 * THUMBNAIL_MAX_PX a side. Undefined when it is not an image within limits: then it is a file.
 */
export function inspectImage(path: string): Promise<ImageFacts | undefined> {
  return withDecodableImage(path, async (open, meta) => {
    const rotated = (meta.orientation ?? 1) >= 5;
    const thumbnail = await open()
      .rotate()
      .resize(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return {
      width: rotated ? meta.height : meta.width,
      height: rotated ? meta.width : meta.height,
      thumbnail,
      thumbnailType: THUMBNAIL_TYPE,
    };
  });
}
