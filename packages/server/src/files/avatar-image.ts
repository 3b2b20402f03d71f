import { LIMITS } from '@natter/protocol';
import { withDecodableImage } from './file-inspector.js';

export const AVATAR_TYPE = 'image/webp';

/**
 * Makes a stored avatar from an uploaded image: EXIF rotation applied, the centred square cut
 * (the web app crops before uploading, so this only trims what another client left), scaled to
 * `LIMITS.avatarPx` a side as WebP. sharp writes no metadata unless asked, so EXIF (location,
 * camera) never reaches other users. Undefined when it is not an image sharp decodes within limits.
 */
export function renderAvatar(path: string): Promise<Buffer | undefined> {
  return withDecodableImage(path, (open) =>
    open()
      .rotate()
      .resize(LIMITS.avatarPx, LIMITS.avatarPx, { fit: 'cover', position: 'centre' })
      .webp({ quality: 85 })
      .toBuffer(),
  );
}
