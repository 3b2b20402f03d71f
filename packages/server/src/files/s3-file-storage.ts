import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Config } from '../config.js';
import { AppError } from '../errors.js';
import { NETWORK_ERROR_CODES } from '../net/network-error-codes.js';
import type { FileStorage, ServedAs, UploadTarget } from './file-storage.js';

// Types only: the modules themselves are imported in `openS3FileStorage`, when S3 is chosen.
type S3Module = typeof S3Sdk;
type Presign = typeof getSignedUrl;

/**
 * Files in an S3-compatible bucket. Clients upload and download straight from the bucket with
 * presigned URLs; the server only reads a file's first bytes (and an image's pixels) to check it.
 */
export class S3FileStorage implements FileStorage {
  readonly driver = 's3';

  constructor(
    private readonly s3: S3Module,
    private readonly presign: Presign,
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async createUploadTarget(
    key: string,
    file: { size: number; contentType: string },
    expiresAt: Date,
  ): Promise<UploadTarget> {
    // Content-Length and Content-Type are signed: S3 refuses a body of any other size or type.
    const command = new this.s3.PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: file.contentType,
      ContentLength: file.size,
    });
    const url = await this.presign(this.client, command, { expiresIn: secondsUntil(expiresAt) });
    return { url, headers: { 'content-type': file.contentType } };
  }

  async createReadUrl(key: string, servedAs: ServedAs, expiresAt: Date): Promise<string> {
    const command = new this.s3.GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: servedAs.contentType,
      ResponseContentDisposition: servedAs.contentDisposition,
    });
    return this.presign(this.client, command, { expiresIn: secondsUntil(expiresAt) });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.send(
      new this.s3.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
    );
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.send(
        new this.s3.HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return head.ContentLength;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, maxBytes?: number): Promise<Buffer | undefined> {
    try {
      const object = await this.send(
        new this.s3.GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: maxBytes === undefined ? undefined : `bytes=0-${maxBytes - 1}`,
        }),
      );
      if (!object.Body) return undefined;
      const bytes = Buffer.from(await object.Body.transformToByteArray());
      // A server that ignores Range sends it all; the caller asked for the start only.
      return maxBytes === undefined ? bytes : bytes.subarray(0, maxBytes);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async withLocalPath<T>(key: string, use: (path: string) => Promise<T>) {
    let object;
    try {
      object = await this.send(new this.s3.GetObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    if (!object.Body) return undefined;
    const dir = await mkdtemp(join(tmpdir(), 'natter-inspect-'));
    try {
      const path = join(dir, 'original');
      await pipeline(object.Body as Readable, createWriteStream(path, { mode: 0o600 }));
      return await use(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * One request to the store, typed as the SDK's own `send`. A store that cannot be reached, does
   * not answer in time or fails on its side (5xx) is `unavailable`: retriable, and nothing was
   * stored (a send that names the file is refused before its message is written).
   */
  private readonly send = ((command: Parameters<S3Client['send']>[0]) =>
    this.client.send(command).catch((error: unknown) => {
      throw isUnreachable(error)
        ? new AppError(
            'unavailable',
            'the file store is unavailable; try again shortly',
            STORE_RETRY_AFTER_MS,
          )
        : error;
    })) as unknown as S3Client['send'];

  async delete(keys: readonly string[]): Promise<void> {
    // One request per key: DeleteObjects needs a Content-MD5 that not every S3 clone accepts.
    await Promise.all(
      keys.map((key) =>
        this.send(new this.s3.DeleteObjectCommand({ Bucket: this.bucket, Key: key })),
      ),
    );
  }
}

/** Builds the driver; the SDK (several MB) is imported only when S3 is configured. */
export async function openS3FileStorage(config: S3Config): Promise<S3FileStorage> {
  const s3 = await import('@aws-sdk/client-s3');
  const presigner = await import('@aws-sdk/s3-request-presigner');
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new s3.S3Client({
    endpoint: config.endpoint,
    // The SDK waits for ever by default: a store that stops answering would hold every send
    // naming a file. A connection that takes longer, or a response that pauses longer, fails.
    requestHandler: { connectionTimeout: timeout, socketTimeout: timeout },
    maxAttempts: 2,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Without these the SDK signs an empty-body checksum into presigned PUTs (which S3 then
    // refuses) and frames streamed bodies in chunks that some S3 clones store verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3FileStorage(s3, presigner.getSignedUrl, client, config.bucket);
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** When a client may send again after the store was unreachable. */
const STORE_RETRY_AFTER_MS = 2_000;

/** Presigning takes whole seconds; rounded up, so a URL never dies early. */
const secondsUntil = (date: Date) => Math.max(1, Math.ceil((date.getTime() - Date.now()) / 1000));

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

function isUnreachable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.name === 'TimeoutError' ||
    (e.code !== undefined && NETWORK_ERROR_CODES.has(e.code)) ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  );
}
