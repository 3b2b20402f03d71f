import type { User } from '@natter/protocol';
import type { z } from 'zod';
import type { updateMeBodySchema } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { badRequest, notFound } from '../errors.js';
import type { UploadService } from '../files/upload-service.js';
import { claimAvatarUpload } from '../files/upload-repository.js';
import { findRoomIdsOfUser } from '../membership/membership.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import type { Publisher } from '../realtime/publisher.js';
import { avatarIdOf, avatarUrlOf } from './avatar-url.js';
import { presentUser } from './user-presenter.js';
import { findProfile, updateProfile } from './user-repository.js';

type UpdateInput = z.output<typeof updateMeBodySchema>;

/** A user's own profile: display name and avatar, and telling everyone who can see them. */
export class ProfileService {
  constructor(
    private readonly db: Db,
    private readonly uploads: UploadService,
    private readonly publisher: Publisher,
    private readonly rateLimits: RateLimits,
  ) {}

  /**
   * Applies `PATCH /api/me`. A new avatar is rendered first (outside the transaction: decoding
   * is slow); the transaction then claims its upload and sets the URL, so two racing calls cannot
   * both take one upload, and a failure leaves the old profile whole. The replaced avatar's bytes
   * go after the commit. Everyone sharing a room, and the user's own other devices, get
   * `user:updated`.
   */
  async update(userId: string, body: UpdateInput): Promise<User> {
    await this.rateLimits.consume('profileUpdatesPerUser', userId);
    const before = await findProfile(this.db, userId);
    if (!before) throw notFound('user not found');
    const newAvatarId = body.avatarAttachmentId;
    if (newAvatarId) await this.uploads.takeAvatar(userId, newAvatarId);
    const changes: { displayName?: string; avatarUrl?: string | null } = {};
    if (body.displayName !== undefined) changes.displayName = body.displayName;
    if (newAvatarId) changes.avatarUrl = avatarUrlOf(newAvatarId);
    if (body.avatar === null) changes.avatarUrl = null;
    const row = await this.db
      .transaction(async (tx) => {
        if (newAvatarId && !(await claimAvatarUpload(tx, newAvatarId, userId))) {
          throw badRequest(`avatarAttachmentId: no such upload ${newAvatarId}`);
        }
        return updateProfile(tx, userId, changes);
      })
      .catch(async (error: unknown) => {
        if (newAvatarId) await this.uploads.deleteAvatar(newAvatarId);
        throw error;
      });
    if (!row) throw notFound('user not found');
    if (newAvatarId) await this.uploads.deleteObjects([newAvatarId]);
    const replaced = avatarIdOf(before.avatarUrl);
    if (replaced && 'avatarUrl' in changes) await this.uploads.deleteAvatar(replaced);
    const user = presentUser(row);
    const rooms = await findRoomIdsOfUser(this.db, userId);
    this.publisher.publish('user:updated', { user }, { rooms, users: [userId] });
    return user;
  }
}
