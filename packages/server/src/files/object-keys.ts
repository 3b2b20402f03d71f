/**
 * Object keys are the upload's id (a server-made UUID), so a user's file name never reaches a
 * path or a bucket key. A thumbnail lives beside its file.
 */
export const objectKeys = {
  original: (uploadId: string) => uploadId,
  thumbnail: (uploadId: string) => `${uploadId}.thumb`,
  /** The square a user's avatar is served from, made from the avatar upload of the same id. */
  avatar: (uploadId: string) => `${uploadId}.avatar`,
  /**
   * A link preview's image (link-previews/), named by the SHA-256 of its stored bytes: the same
   * picture linked from many pages or messages is stored once.
   */
  linkPreviewImage: (sha256Hex: string) => `lp-${sha256Hex}`,
  /** Both keys an upload may have stored. */
  all: (uploadId: string) => [uploadId, `${uploadId}.thumb`],
};

/** A link preview image's key: `lp-` and a SHA-256 in hex. */
export const isLinkPreviewImageKey = (key: string): boolean => /^lp-[0-9a-f]{64}$/.test(key);

/**
 * Keys are UUIDs, optionally with `.thumb` or `.avatar`, or link preview images' hashes: anything
 * else is refused before touching the disk.
 */
export const isObjectKey = (key: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.thumb|\.avatar)?$/.test(key) ||
  isLinkPreviewImageKey(key);
