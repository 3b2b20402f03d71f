import { LIMITS } from '@natter/protocol';
import { IMAGE_PIXELS_MAX } from './file-inspector.js';

export const AVATAR_TYPE = 'image/webp';

/**
 * Makes a stored avatar from an uploaded image: EXIF rotation applied, the centred square cut
 * (the web app crops before uploading, so this only trims what another client left), scaled to
 * `LIMITS.avatarPx` a side as WebP. sharp writes no metadata unless asked, so EXIF (location,
 * camera) never reaches other users. Undefined when sharp cannot decode it or it is too large.
 */
export async function renderAvatar(path: string): Promise<Buffer | undefined> {
  const { default: sharp } = await import('sharp');
  try {
    const options = { limitInputPixels: IMAGE_PIXELS_MAX, animated: false };
    const meta = await sharp(path, options).metadata();
    if (!meta.width || !meta.height || meta.width * meta.height > IMAGE_PIXELS_MAX) {
      return undefined;
    }
    return await sharp(path, options)
      .rotate()
      .resize(LIMITS.avatarPx, LIMITS.avatarPx, { fit: 'cover', position: 'centre' })
      .webp({ quality: 85 })
      .toBuffer();
  } catch {
    return undefined;
  }
}
