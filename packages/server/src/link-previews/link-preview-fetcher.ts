import { createHash } from 'node:crypto';
import type { LinkPreviewConfig } from '../config.js';
import type { StoredLinkPreview } from '../db/schema.js';
import type { FileStorage } from '../files/file-storage.js';
import { objectKeys } from '../files/object-keys.js';
import { THUMBNAIL_TYPE } from '../files/serving-policy.js';
import type { Logger } from '../logger.js';
import type { AddressPolicy } from '../net/address-policy.js';
import type { GuardedFetchOptions } from '../net/guarded-fetch.js';
import { GuardedFetchError, guardedFetch } from '../net/guarded-fetch.js';
import { charsetOf, readPageMetadata } from './page-metadata.js';
import { renderPreviewImage } from './preview-image.js';

/** Who is asking, for site operators reading their logs: a bot, with where to learn more. */
export const PREVIEW_USER_AGENT = 'NatterBot/1.0 (+link previews)';

/**
 * Makes one link's preview: reads the page's head through the SSRF guard, then its image (through
 * the guard again: the image URL is the page's to choose), and stores the image's thumbnail.
 * Undefined when the page has nothing to show; a GuardedFetchError when it could not be read.
 */
export class LinkPreviewFetcher {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly config: LinkPreviewConfig,
    private readonly storage: FileStorage,
    private readonly log: Logger,
  ) {}

  async fetch(url: string, signal: AbortSignal): Promise<StoredLinkPreview | undefined> {
    const page = await guardedFetch(url, {
      ...this.fetchOptions(signal),
      maxBodyBytes: this.config.pageBytesMax,
      headers: { accept: 'text/html', 'user-agent': PREVIEW_USER_AGENT },
    });
    const contentType = page.headers['content-type'];
    // Only HTML is parsed: a PDF, an image or JSON at the link makes no card.
    if (page.status !== 200 || !/^text\/html\s*(;|$)/i.test(contentType ?? '')) {
      page.discard();
      return undefined;
    }
    const { imageUrl, ...text } = await readPageMetadata(
      page.chunks(),
      charsetOf(contentType),
      page.url,
    );
    if (!text.title && !text.description) return undefined;
    const image = imageUrl ? await this.storeImage(imageUrl, signal) : undefined;
    return { url, ...text, ...image };
  }

  /** The page's image, stored as the server's own thumbnail; undefined when it cannot be had. */
  private async storeImage(
    url: string,
    signal: AbortSignal,
  ): Promise<Pick<StoredLinkPreview, 'imageKey' | 'imageWidth' | 'imageHeight'> | undefined> {
    let source: Buffer;
    try {
      const response = await guardedFetch(url, {
        ...this.fetchOptions(signal),
        maxBodyBytes: this.config.imageBytesMax,
        headers: {
          accept: 'image/webp,image/png,image/jpeg,image/gif',
          'user-agent': PREVIEW_USER_AGENT,
        },
      });
      if (response.status !== 200) {
        response.discard();
        return undefined;
      }
      const { bytes, complete } = await response.read();
      if (!complete) {
        this.log.info({ url }, 'link preview image too large: left out');
        return undefined;
      }
      source = bytes;
    } catch (error) {
      // A page without its image still makes a card.
      if (!(error instanceof GuardedFetchError)) throw error;
      this.log.info(
        { url, failure: error.failure, reason: error.message },
        'link preview image not fetched',
      );
      return undefined;
    }
    const image = await renderPreviewImage(source);
    if (!image) return undefined;
    const key = objectKeys.linkPreviewImage(createHash('sha256').update(image.bytes).digest('hex'));
    await this.storage.put(key, image.bytes, THUMBNAIL_TYPE);
    return { imageKey: key, imageWidth: image.width, imageHeight: image.height };
  }

  private fetchOptions(signal: AbortSignal): Omit<GuardedFetchOptions, 'maxBodyBytes'> {
    return {
      policy: this.policy,
      resolve: this.config.resolve,
      timeoutMs: this.config.timeoutMs,
      signal,
    };
  }
}
