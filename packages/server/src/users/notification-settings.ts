import type { SQL } from 'drizzle-orm';
import { isNotNull, not } from 'drizzle-orm';
import type { NotificationSettings, NotificationSettingsBody } from '@natter/protocol';
import type { Db } from '../db/database.js';
import { users } from '../db/schema.js';
import { badRequest, notFound } from '../errors.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { findEmailSetting, updateEmailSetting } from './user-repository.js';

const NEEDS_EMAIL = 'email: an email address is needed while emailMissed is on';

/**
 * What the stored row must hold for a change to leave `emailMissed` with an address, when the
 * body alone does not settle it: clearing the address needs the email off, turning the email on
 * without giving an address needs one stored.
 */
function storedRowMustHave(body: NotificationSettingsBody): SQL | undefined {
  if (body.email === null && body.emailMissed === undefined) return not(users.emailMissed);
  if (body.email === undefined && body.emailMissed === true) return isNotNull(users.email);
  return undefined;
}

/**
 * A user's email fallback for missed messages (`/api/me/notifications`). The setting is kept even
 * when the server cannot send email (`emailAvailable` false), so it works once SMTP is set up.
 * `emailMissed` is never on without an address: a change that would leave it so is refused.
 */
export class NotificationSettingsService {
  constructor(
    private readonly db: Db,
    private readonly rateLimits: RateLimits,
    private readonly emailAvailable: boolean,
  ) {}

  async read(userId: string): Promise<NotificationSettings> {
    const row = await findEmailSetting(this.db, userId);
    if (!row) throw notFound('user not found');
    return { ...row, emailAvailable: this.emailAvailable };
  }

  async update(userId: string, body: NotificationSettingsBody): Promise<NotificationSettings> {
    await this.rateLimits.consume('profileUpdatesPerUser', userId);
    const { email, emailMissed } = body;
    if (email === null && emailMissed === true) throw badRequest(NEEDS_EMAIL);
    const row = await updateEmailSetting(
      this.db,
      userId,
      {
        ...(email !== undefined && { email }),
        ...(emailMissed !== undefined && { emailMissed }),
      },
      storedRowMustHave(body),
    );
    if (!row) {
      // The user exists (the session says so): the stored row failed the precondition.
      throw badRequest(NEEDS_EMAIL);
    }
    return { ...row, emailAvailable: this.emailAvailable };
  }
}
