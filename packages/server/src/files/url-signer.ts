import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * HMAC-SHA256 signatures for the local driver's URLs. The key is loaded on first use, so a
 * server that never handles a file never touches its key file.
 */
export class UrlSigner {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly loadKey: () => Promise<Buffer>) {}

  /** Signs the parts (joined unambiguously); the signature is base64url. */
  async sign(parts: readonly string[]): Promise<string> {
    this.key ??= this.loadKey();
    return createHmac('sha256', await this.key)
      .update(parts.join('\n'))
      .digest('base64url');
  }

  /** Compares in constant time, so a signature cannot be guessed byte by byte. */
  async verify(parts: readonly string[], sig: string): Promise<boolean> {
    const expected = Buffer.from(await this.sign(parts));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Expiry as unix seconds, the form it takes in a URL; rounded up, so a URL never dies early. */
export const expiryParam = (expiresAt: Date): string =>
  String(Math.ceil(expiresAt.getTime() / 1000));

/** True while an `expires` parameter (unix seconds) lies in the future. */
export const isUnexpired = (expires: string, now = Date.now()): boolean =>
  /^\d{1,12}$/.test(expires) && Number(expires) * 1000 > now;

/**
 * The signing key: the configured one, else a random key generated once and kept (0600) at
 * `path`, so URLs survive a restart and every node sharing the data dir agrees.
 */
export function signingKeyLoader(configured: string | undefined, path: string) {
  return async (): Promise<Buffer> => {
    if (configured) return Buffer.from(configured);
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      // `wx`: if another process wrote the key first, use theirs.
      await writeFile(path, randomBytes(32), { flag: 'wx', mode: 0o600 });
      await chmod(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return readFile(path);
  };
}
