import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { users, visitors } from '../db/schema.js';

/** A visitor with its site and what it told the widget. */
const visitorColumns = {
  id: users.id,
  displayName: users.displayName,
  siteId: visitors.siteId,
  externalId: visitors.externalId,
  email: visitors.email,
};

export type VisitorRow = Awaited<ReturnType<typeof findVisitor>> & {};

export async function findVisitor(db: Executor, userId: string) {
  const [row] = await db
    .select(visitorColumns)
    .from(visitors)
    .innerJoin(users, eq(users.id, visitors.userId))
    .where(eq(visitors.userId, userId))
    .limit(1);
  return row;
}

/** The unique key of a site's verified visitors: one visitor per id of the host's. */
export const VERIFIED_VISITOR_KEY = 'visitors_site_external_key';

/** The verified visitor of a site with this id of the host's, if one was made. */
export async function findVerifiedVisitor(db: Executor, siteId: string, externalId: string) {
  const [row] = await db
    .select(visitorColumns)
    .from(visitors)
    .innerJoin(users, eq(users.id, visitors.userId))
    .where(and(eq(visitors.siteId, siteId), eq(visitors.externalId, externalId)))
    .limit(1);
  return row;
}

/**
 * A visitor: a `users` row of kind `visitor` (so messages, memberships, receipts and sessions work
 * for it unchanged) with a username no sign-up can take (longer than usernames may be) and no
 * password, and its `visitors` row.
 */
export async function insertVisitor(
  db: Executor,
  visitor: { siteId: string; displayName: string; email: string | null; externalId: string | null },
): Promise<VisitorRow> {
  const id = crypto.randomUUID();
  const createdAt = new Date();
  // Both rows or neither: a verified visitor created twice at once fails whole on its unique key.
  await db.transaction(async (tx) => {
    await tx.insert(users).values({
      id,
      username: `visitor-${id}`,
      displayName: visitor.displayName,
      passwordHash: '',
      kind: 'visitor',
      createdAt,
    });
    await tx.insert(visitors).values({
      userId: id,
      siteId: visitor.siteId,
      externalId: visitor.externalId,
      email: visitor.email,
      createdAt,
    });
  });
  return { id, ...visitor };
}

export async function updateVisitor(
  db: Executor,
  userId: string,
  changes: { displayName?: string | undefined; email?: string | undefined; externalId?: string },
): Promise<void> {
  if (changes.displayName !== undefined) {
    await db.update(users).set({ displayName: changes.displayName }).where(eq(users.id, userId));
  }
  const { email, externalId } = changes;
  if (email !== undefined || externalId !== undefined) {
    await db
      .update(visitors)
      .set({
        ...(email !== undefined && { email }),
        ...(externalId !== undefined && { externalId }),
      })
      .where(eq(visitors.userId, userId));
  }
}
