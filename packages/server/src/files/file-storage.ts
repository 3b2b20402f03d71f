import type { Readable } from 'node:stream';

/** Where a client sends one file's bytes: `PUT url` with `headers`. */
export interface UploadTarget {
  /** Absolute, or relative to this server's origin (the local driver). */
  url: string;
  headers: Record<string, string>;
}

/** The response headers a read URL makes the file come back with (see serving-policy.ts). */
export interface ServedAs {
  contentType: string;
  contentDisposition: string;
}

/**
 * The file storage seam: the local disk or an S3-compatible bucket, picked in
 * `file-storage-factory.ts`. Keys are made by the server (object-keys.ts), never from a user's
 * file name. Both drivers pass the same suite (test/files.test.ts).
 */
export interface FileStorage {
  readonly driver: 'local' | 's3';
  /** A short-lived URL that accepts exactly `size` bytes of `contentType` for `key`. */
  createUploadTarget(
    key: string,
    file: { size: number; contentType: string },
    expiresAt: Date,
  ): Promise<UploadTarget>;
  /** A short-lived URL that serves `key` with the given headers. */
  createReadUrl(key: string, servedAs: ServedAs, expiresAt: Date): Promise<string>;
  /** Stores bytes the server made itself (thumbnails). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The stored size, or undefined when nothing was stored under `key`. */
  size(key: string): Promise<number | undefined>;
  /** The stored bytes, at most `maxBytes` of them from the start. */
  read(key: string, maxBytes?: number): Promise<Buffer | undefined>;
  /**
   * Runs `use` with a path on this machine holding the stored bytes (the file itself, or a
   * temporary copy downloaded as a stream and removed afterwards), so a decoder reads them from
   * disk rather than from a buffer of the whole file; undefined when nothing is stored.
   */
  withLocalPath<T>(key: string, use: (path: string) => Promise<T>): Promise<T | undefined>;
  /** Removes objects; missing ones are not an error. */
  delete(keys: readonly string[]): Promise<void>;
}

/** What only the local driver does: it is its own upload and download endpoint. */
export interface LocalFileAccess {
  /**
   * Writes a request body to `key` if it is exactly `size` bytes: more is `payload_too_large`
   * (as soon as the extra byte arrives), fewer is `bad_request`; either way nothing is stored.
   */
  write(key: string, body: Readable, size: number): Promise<void>;
  /** Opens `key` for reading, or undefined when it is gone. */
  open(key: string): Promise<{ stream: Readable; size: number } | undefined>;
  /** True when `sig` is this server's signature of an unexpired upload URL. */
  verifyUpload(
    key: string,
    file: { size: number; contentType: string },
    expires: string,
    sig: string,
  ): Promise<boolean>;
  /** True when `sig` is this server's signature of an unexpired read URL. */
  verifyRead(key: string, expires: string, sig: string): Promise<boolean>;
}
