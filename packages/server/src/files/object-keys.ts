/**
 * Object keys are the upload's id (a server-made UUID), so a user's file name never reaches a
 * path or a bucket key. A thumbnail lives beside its file.
 */
export const objectKeys = {
  original: (uploadId: string) => uploadId,
  thumbnail: (uploadId: string) => `${uploadId}.thumb`,
  /** The square a user's avatar is served from, made from the avatar upload of the same id. */
  avatar: (uploadId: string) => `${uploadId}.avatar`,
  /** Both keys an upload may have stored. */
  all: (uploadId: string) => [uploadId, `${uploadId}.thumb`],
};

/**
 * Keys are UUIDs, optionally with `.thumb` or `.avatar`: anything else is refused before touching
 * the disk.
 */
export const isObjectKey = (key: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.thumb|\.avatar)?$/.test(key);
