import { join } from 'node:path';
import type { FilesConfig } from '../config.js';
import type { FileStorage, LocalFileAccess } from './file-storage.js';
import { LocalFileStorage } from './local-file-storage.js';
import { signingKeyLoader, UrlSigner } from './url-signer.js';

/** The chosen driver; `local` is also set when the server must serve the files' routes itself. */
export interface OpenedFileStorage {
  storage: FileStorage;
  local?: LocalFileAccess;
}

/**
 * The one place that picks the file storage driver: S3 when a bucket is configured, else the
 * data directory. The S3 SDK loads only when chosen.
 */
export async function openFileStorage(
  config: FilesConfig,
  dataDir: string,
): Promise<OpenedFileStorage> {
  if (config.s3) {
    const { openS3FileStorage } = await import('./s3-file-storage.js');
    return { storage: await openS3FileStorage(config.s3) };
  }
  const signer = new UrlSigner(
    signingKeyLoader(config.uploadSigningKey, join(dataDir, 'keys', 'upload-signing.key')),
  );
  const local = new LocalFileStorage(join(dataDir, 'files'), signer);
  return { storage: local, local };
}
