import { and, desc, eq, inArray, notInArray } from 'drizzle-orm';
import { LIMITS } from '@natter/protocol';
import type { PushSubscriptionBody } from '@natter/protocol';
import type { Db, Executor } from '../db/database.js';
import { pushSubscriptions } from '../db/schema.js';
import type { Session } from '../auth/session-store.js';

/**
 * Stores a browser's subscription for the caller's session. The endpoint is unique per browser
 * profile: when the same browser subscribes again, for whoever is now signed in there, the row
 * is taken over (user and session follow the caller). A user keeps at most
 * `LIMITS.pushSubscriptionsPerUser`; the oldest go first. One transaction: nothing half-written.
 */
export function saveSubscription(
  db: Db,
  session: Session,
  body: PushSubscriptionBody,
): Promise<void> {
  const row = {
    userId: session.userId,
    sessionId: session.sessionId,
    p256dh: body.keys.p256dh,
    auth: body.keys.auth,
    createdAt: new Date(),
  };
  return db.transaction(async (tx) => {
    await tx
      .insert(pushSubscriptions)
      .values({ id: crypto.randomUUID(), endpoint: body.endpoint, ...row })
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: row });
    const newest = tx
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, session.userId))
      .orderBy(desc(pushSubscriptions.createdAt), desc(pushSubscriptions.id))
      .limit(LIMITS.pushSubscriptionsPerUser);
    await tx
      .delete(pushSubscriptions)
      .where(
        and(eq(pushSubscriptions.userId, session.userId), notInArray(pushSubscriptions.id, newest)),
      );
  });
}

/** Forgets the caller's own subscription of that endpoint (another user's row stays). */
export async function deleteOwnSubscription(
  db: Executor,
  userId: string,
  endpoint: string,
): Promise<void> {
  await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)));
}

/** Drops subscriptions a push service said are gone (404/410). */
export async function deleteSubscriptions(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, [...ids]));
}
