import type { PrivacySettings, PrivacySettingsBody } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { privacyChannels } from '../realtime/privacy-channels.js';
import type { Publisher } from '../realtime/publisher.js';
import { findPrivacySettings, updatePrivacySettings } from './privacy-repository.js';

/**
 * A user's receipt and typing privacy (`/api/me/privacy`, docs/protocol.md). A change takes
 * effect at once on every connected device: the user's sockets, on every node, are moved in or
 * out of the privacy channels before the answer (privacy-channels.ts).
 */
export class PrivacySettingsService {
  constructor(
    private readonly db: Db,
    private readonly publisher: Publisher,
    private readonly rateLimits: RateLimits,
  ) {}

  async read(userId: string): Promise<PrivacySettings> {
    const settings = await findPrivacySettings(this.db, userId);
    if (!settings) throw notFound('user not found');
    return settings;
  }

  async update(userId: string, body: PrivacySettingsBody): Promise<PrivacySettings> {
    await this.rateLimits.consume('profileUpdatesPerUser', userId);
    const settings = await updatePrivacySettings(this.db, userId, {
      ...(body.readReceipts !== undefined && { readReceipts: body.readReceipts }),
      ...(body.typingIndicators !== undefined && { typingIndicators: body.typingIndicators }),
    });
    if (!settings) throw notFound('user not found');
    await Promise.all(
      privacyChannels(settings).map(({ channel, joined }) =>
        this.publisher.setUserInChannel(userId, channel, joined),
      ),
    );
    return settings;
  }
}
