import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open as openFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, badRequest } from '../errors.js';
import type { FileStorage, LocalFileAccess, ServedAs, UploadTarget } from './file-storage.js';
import { isLinkPreviewImageKey, isObjectKey } from './object-keys.js';
import type { UrlSigner } from './url-signer.js';
import { expiryParam, isUnexpired } from './url-signer.js';

const tooLarge = () =>
  new AppError('payload_too_large', 'the body is larger than the declared size');

/**
 * Files under `<dataDir>/files`, uploaded to and served by this server itself through URLs it
 * signs: `PUT /api/uploads/:id/content`, `GET /api/files/:id[/thumbnail]` and
 * `GET /api/link-preview-images/:key`, each with
 * `?expires=<unix seconds>&sig=<HMAC>` (routes in local-file-routes.ts).
 */
export class LocalFileStorage implements FileStorage, LocalFileAccess {
  readonly driver = 'local';

  constructor(
    private readonly dir: string,
    private readonly signer: UrlSigner,
  ) {}

  async createUploadTarget(
    key: string,
    file: { size: number; contentType: string },
    expiresAt: Date,
  ): Promise<UploadTarget> {
    const expires = expiryParam(expiresAt);
    const sig = await this.signer.sign(uploadParts(key, file, expires));
    return {
      url: `/api/uploads/${key}/content?expires=${expires}&sig=${sig}`,
      headers: { 'content-type': file.contentType },
    };
  }

  /** Headers are decided again by the route from the upload's row, so only key and expiry are signed. */
  async createReadUrl(key: string, _servedAs: ServedAs, expiresAt: Date): Promise<string> {
    const expires = expiryParam(expiresAt);
    const sig = await this.signer.sign(['get', key, expires]);
    const path = isLinkPreviewImageKey(key)
      ? `/api/link-preview-images/${key}`
      : key.endsWith('.thumb')
        ? `/api/files/${key.slice(0, -'.thumb'.length)}/thumbnail`
        : `/api/files/${key}`;
    return `${path}?expires=${expires}&sig=${sig}`;
  }

  async verifyUpload(
    key: string,
    file: { size: number; contentType: string },
    expires: string,
    sig: string,
  ): Promise<boolean> {
    return isUnexpired(expires) && this.signer.verify(uploadParts(key, file, expires), sig);
  }

  async verifyRead(key: string, expires: string, sig: string): Promise<boolean> {
    return isUnexpired(expires) && this.signer.verify(['get', key, expires], sig);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const path = await this.pathFor(key, true);
    const part = `${path}.${randomUUID()}.part`;
    await writeFile(part, body);
    await rename(part, path);
  }

  /**
   * Streams the body to a temporary file and renames it into place only when complete, so a
   * reader never sees half a file. Counting happens as bytes arrive: one byte too many aborts.
   */
  async write(key: string, body: Readable, size: number): Promise<void> {
    const path = await this.pathFor(key, true);
    const part = `${path}.${randomUUID()}.part`;
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(received > size ? tooLarge() : null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(part, { mode: 0o600 }));
      if (received !== size) {
        throw badRequest(`the body has ${received} bytes, not the declared ${size}`);
      }
      await rename(part, path);
    } catch (error) {
      await rm(part, { force: true });
      throw error;
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | undefined> {
    const path = await this.pathFor(key);
    try {
      const handle = await openFile(path, 'r');
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(await this.pathFor(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async read(key: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Buffer | undefined> {
    let handle;
    try {
      handle = await openFile(await this.pathFor(key), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, maxBytes));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /** The stored file is already a path on this machine: `use` reads it in place. */
  async withLocalPath<T>(key: string, use: (path: string) => Promise<T>) {
    if ((await this.size(key)) === undefined) return undefined;
    return use(await this.pathFor(key));
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map(async (key) => rm(await this.pathFor(key), { force: true })));
  }

  /** Keys are checked to be server-made ids, so no key can name a path outside `dir`. */
  private async pathFor(key: string, forWriting = false): Promise<string> {
    if (!isObjectKey(key)) throw new Error(`not an object key: ${key}`);
    if (forWriting) await mkdir(this.dir, { recursive: true, mode: 0o700 });
    return join(this.dir, key);
  }
}

/** An upload URL binds the key, the exact size and type, and the expiry. */
const uploadParts = (key: string, file: { size: number; contentType: string }, expires: string) => [
  'put',
  key,
  String(file.size),
  file.contentType,
  expires,
];
