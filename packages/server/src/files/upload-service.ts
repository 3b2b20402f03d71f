import type { Attachment, AvatarUploadBody, MessageType, UploadResponse } from '@natter/protocol';
import type { z } from 'zod';
import type { uploadRequestBodySchema } from '@natter/protocol';
import type { FilesConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { StoredLinkPreview } from '../db/schema.js';
import { AppError, badRequest, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { isMember } from '../membership/membership.js';
import { groupBy } from '../util/group-by.js';
import { presentAttachment } from './attachment-presenter.js';
import { AVATAR_TYPE, renderAvatar } from './avatar-image.js';
import { ConcurrencyGate } from '../util/concurrency-gate.js';
import { sanitizeFilename } from './file-names.js';
import { inspectImage, isRasterType, sniffType, SNIFF_BYTES } from './file-inspector.js';
import type { FileStorage } from './file-storage.js';
import { isObjectKey, objectKeys } from './object-keys.js';
import { LINK_PREVIEW_IMAGE_SERVED_AS, servedAs } from './serving-policy.js';
import type { UploadRow } from './upload-repository.js';
import {
  findAttachable,
  findAttachedTo,
  findUpload,
  insertUpload,
  markReady,
  sumPendingBytes,
} from './upload-repository.js';

type RequestInput = z.output<typeof uploadRequestBodySchema>;

/**
 * Images decoded at once by this process, and how many more may wait: decoding is the costliest
 * thing a request can ask for, so a burst of uploads queues here (or is refused) instead of
 * taking every core and hundreds of megabytes each.
 */
const inspections = new ConcurrencyGate(2, 32, { what: 'checking images', retryAfterMs: 1000 });

/**
 * Uploads: hands out upload URLs, checks stored bytes before a message may name them, signs
 * read URLs for the members a message is presented to, and deletes objects that leave reach.
 */
export class UploadService {
  constructor(
    private readonly db: Db,
    private readonly storage: FileStorage,
    private readonly config: FilesConfig,
    private readonly rateLimits: RateLimits,
    private readonly log: Logger,
  ) {}

  /**
   * A URL for one file's bytes. A room the caller is not in is "not found", as elsewhere. Each
   * URL costs a point of `uploadsPerUser`, and the bytes of a user's unattached uploads are
   * capped (`pendingBytesMaxPerUser`): storage a user can fill without sending is bounded.
   */
  async request(userId: string, input: RequestInput): Promise<UploadResponse> {
    if (!(await isMember(this.db, input.roomId, userId))) {
      throw notFound('room not found');
    }
    return this.issue(userId, input.roomId, input);
  }

  /**
   * A URL for an avatar image's bytes: an upload in no room, which no message can name and only
   * `PATCH /api/me` of its uploader takes (`takeAvatar`). Budgeted like any upload.
   */
  requestAvatar(userId: string, input: AvatarUploadBody): Promise<UploadResponse> {
    return this.issue(userId, null, { ...input, filename: 'avatar' });
  }

  private async issue(
    userId: string,
    roomId: string | null,
    input: { filename: string; mimeType: string; size: number },
  ): Promise<UploadResponse> {
    if (input.size > this.config.maxUploadBytes) {
      throw new AppError(
        'payload_too_large',
        `size: files are limited to ${this.config.maxUploadBytes} bytes`,
      );
    }
    await this.rateLimits.consume('uploadsPerUser', userId);
    const pending = await sumPendingBytes(this.db, userId);
    if (pending + input.size > this.config.pendingBytesMaxPerUser) {
      throw new AppError(
        'payload_too_large',
        `size: ${pending} bytes of your uploads are not attached to a message yet, and at most ` +
          `${this.config.pendingBytesMaxPerUser} may be; send or discard them first`,
      );
    }
    const id = crypto.randomUUID();
    await insertUpload(this.db, {
      id,
      roomId,
      uploaderId: userId,
      filename: sanitizeFilename(input.filename),
      declaredType: input.mimeType,
      size: input.size,
      createdAt: new Date(),
    });
    const target = await this.storage.createUploadTarget(
      objectKeys.original(id),
      { size: input.size, contentType: input.mimeType },
      new Date(Date.now() + this.config.uploadUrlTtlMs),
    );
    return {
      attachmentId: id,
      uploadUrl: target.url,
      uploadMethod: 'PUT',
      uploadHeaders: target.headers,
    };
  }

  /**
   * Makes the square avatar (`<id>.avatar`) from the caller's avatar upload `id`. Another user's
   * upload is `forbidden`; a room upload, bytes not (fully) sent, or anything that is not a
   * raster image sharp decodes is `bad_request`. The caller then claims the upload row in the
   * transaction that sets the avatar (`claimAvatarUpload`) and deletes the original's bytes.
   */
  async takeAvatar(userId: string, id: string): Promise<void> {
    const upload = await findUpload(this.db, id);
    if (!upload) throw badRequest(`avatarAttachmentId: no such upload ${id}`);
    if (upload.uploaderId !== userId) {
      throw new AppError('forbidden', 'avatarAttachmentId: that upload is not yours');
    }
    if (upload.roomId !== null) {
      throw badRequest('avatarAttachmentId: not an avatar upload (POST /api/me/avatar-upload)');
    }
    const key = objectKeys.original(id);
    await this.checkStoredSize(upload, 'avatarAttachmentId');
    const sniffed = await sniffType((await this.storage.read(key, SNIFF_BYTES)) ?? Buffer.alloc(0));
    const avatar = isRasterType(sniffed)
      ? await inspections.run(() => this.storage.withLocalPath(key, renderAvatar))
      : undefined;
    if (!avatar) {
      throw badRequest('avatarAttachmentId: not a PNG, JPEG, WebP or GIF image');
    }
    await this.storage.put(objectKeys.avatar(id), avatar, AVATAR_TYPE);
  }

  /** A stored avatar's bytes, or undefined when there is none by that id. */
  async readAvatar(id: string): Promise<Buffer | undefined> {
    const key = objectKeys.avatar(id);
    return isObjectKey(key) ? this.storage.read(key) : undefined;
  }

  /** The stored bytes must be exactly the declared size; a wrong size is deleted and refused. */
  private async checkStoredSize(upload: UploadRow, field: string): Promise<void> {
    const key = objectKeys.original(upload.id);
    const size = await this.storage.size(key);
    if (size === undefined) {
      throw badRequest(`${field}: ${upload.id} has not been uploaded yet`);
    }
    if (size !== upload.size) {
      await this.storage.delete([key]);
      throw badRequest(`${field}: ${upload.id} does not have its declared size`);
    }
  }

  /**
   * Makes sure a message may name these uploads: each is the sender's, in this room, not yet
   * attached, and its bytes are stored and checked; an `image` message names only real images.
   * The link itself is made in the send's transaction (`attachUploads`).
   */
  async prepare(
    senderId: string,
    roomId: string,
    ids: readonly string[],
    type: MessageType,
  ): Promise<void> {
    if (type === 'text') {
      throw badRequest('type: a message with attachments is of type "image" or "file"');
    }
    if (new Set(ids).size !== ids.length)
      throw badRequest('attachmentIds: an upload is named twice');
    const found = new Map(
      (await findAttachable(this.db, ids, senderId, roomId)).map((u) => [u.id, u]),
    );
    for (const id of ids) {
      const upload = found.get(id);
      if (!upload) throw badRequest(`attachmentIds: no such upload ${id}`);
      const kind = upload.state === 'ready' ? upload.kind : await this.check(upload);
      if (type === 'image' && kind !== 'image') {
        throw badRequest(`attachmentIds: ${id} is not an image; send it as type "file"`);
      }
    }
  }

  /**
   * Checks stored bytes once: the exact declared size, then the real type from the first bytes.
   * Only a png, jpeg, gif or webp that sharp decodes stays an image (with dimensions and a
   * thumbnail); anything else, whatever it claimed, becomes a file of its sniffed type.
   */
  private async check(upload: UploadRow): Promise<'image' | 'file'> {
    const key = objectKeys.original(upload.id);
    await this.checkStoredSize(upload, 'attachmentIds');
    const sniffed = await sniffType((await this.storage.read(key, SNIFF_BYTES)) ?? Buffer.alloc(0));
    const image =
      upload.declaredType.startsWith('image/') && isRasterType(sniffed)
        ? await inspections.run(() => this.storage.withLocalPath(key, inspectImage))
        : undefined;
    if (image) {
      await this.storage.put(objectKeys.thumbnail(upload.id), image.thumbnail, image.thumbnailType);
    }
    const declared = upload.declaredType.startsWith('image/') ? undefined : upload.declaredType;
    await markReady(this.db, upload.id, {
      kind: image ? 'image' : 'file',
      mimeType: image ? (sniffed ?? null) : (sniffed ?? declared ?? 'application/octet-stream'),
      width: image?.width ?? null,
      height: image?.height ?? null,
      hasThumbnail: image !== undefined,
    });
    if (upload.declaredType.startsWith('image/') && !image) {
      this.log.info({ uploadId: upload.id, sniffed }, 'an upload claiming an image is a file');
    }
    return image ? 'image' : 'file';
  }

  /**
   * The attachments of these messages, with freshly signed read URLs, in one query. Called only
   * when presenting messages to members of their room: that is what makes URLs members-only.
   */
  async attachmentsOf(messageIds: readonly string[]): Promise<Map<string, Attachment[]>> {
    const rows = await findAttachedTo(this.db, messageIds);
    const expiresAt = new Date(Date.now() + this.config.readUrlTtlMs);
    const presented = await Promise.all(
      rows.map(async (row) => ({
        messageId: row.messageId ?? '',
        attachment: presentAttachment(row, {
          url: await this.storage.createReadUrl(
            objectKeys.original(row.id),
            servedAs(row, 'original'),
            expiresAt,
          ),
          thumbnailUrl: row.hasThumbnail
            ? await this.storage.createReadUrl(
                objectKeys.thumbnail(row.id),
                servedAs(row, 'thumbnail'),
                expiresAt,
              )
            : undefined,
        }),
      })),
    );
    const grouped = groupBy(presented, (p) => p.messageId);
    return new Map([...grouped].map(([id, list]) => [id, list.map((p) => p.attachment)]));
  }

  /**
   * Freshly signed URLs of link preview images (link-previews/), by message id: only messages
   * whose preview has an image cost anything. Called when presenting, like `attachmentsOf`.
   */
  async previewImageUrls(
    records: readonly { id: string; preview: StoredLinkPreview | null }[],
  ): Promise<Map<string, string>> {
    const expiresAt = new Date(Date.now() + this.config.readUrlTtlMs);
    const signed = await Promise.all(
      records.flatMap(({ id, preview }) =>
        preview?.imageKey
          ? [
              this.storage
                .createReadUrl(preview.imageKey, LINK_PREVIEW_IMAGE_SERVED_AS, expiresAt)
                .then((url) => [id, url] as const),
            ]
          : [],
      ),
    );
    return new Map(signed);
  }

  /** Deletes a stored avatar (replaced, removed, or made for a claim that lost a race). */
  async deleteAvatar(id: string): Promise<void> {
    try {
      await this.storage.delete([objectKeys.avatar(id)]);
    } catch (error) {
      this.log.error({ err: error, avatarId: id }, 'could not delete a stored avatar');
    }
  }

  /** Deletes the objects of uploads already forgotten by the database; failures are logged. */
  async deleteObjects(uploadIds: readonly string[]): Promise<void> {
    if (uploadIds.length === 0) return;
    try {
      await this.storage.delete(uploadIds.flatMap(objectKeys.all));
    } catch (error) {
      this.log.error({ err: error, uploadIds }, 'could not delete stored files');
    }
  }
}
