import type { PrivacySettings } from '@natter/protocol';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { preparedPerHandle } from '../db/prepared.js';
import { users } from '../db/schema.js';

/** The columns of a user's privacy settings (`GET /api/me/privacy`). */
const privacyColumns = {
  readReceipts: users.readReceipts,
  typingIndicators: users.typingIndicators,
};

/** Read at every connect (twice, with the rooms): prepared, see `preparedPerHandle`. */
const privacyOfUserQuery = preparedPerHandle((db: Executor) =>
  db
    .select(privacyColumns)
    .from(users)
    .where(eq(users.id, sql.placeholder('userId')))
    .limit(1)
    .prepare('privacy_of_user'),
);

/** A user's privacy settings; undefined for an unknown user. */
export async function findPrivacySettings(
  db: Executor,
  userId: string,
): Promise<PrivacySettings | undefined> {
  const [row] = await privacyOfUserQuery(db).execute({ userId });
  return row;
}

/** Changes a user's privacy settings; answers them as stored (undefined for an unknown user). */
export async function updatePrivacySettings(
  db: Executor,
  userId: string,
  changes: Partial<PrivacySettings>,
): Promise<PrivacySettings | undefined> {
  const [row] = await db
    .update(users)
    .set(changes)
    .where(eq(users.id, userId))
    .returning(privacyColumns);
  return row;
}
