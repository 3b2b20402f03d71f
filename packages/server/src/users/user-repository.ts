import type { SQL } from 'drizzle-orm';
import { and, asc, eq, inArray, like, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { users } from '../db/schema.js';
import type { UserProfileRow } from './user-presenter.js';

/** The columns a user payload is made from (`presentUser`). */
export const profileColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  avatarUrl: users.avatarUrl,
};

const SEARCH_RESULTS_MAX = 20;

/** Escapes LIKE wildcards so a search for `a_b` means the text `a_b`. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findUserByUsername(db: Executor, username: string) {
  // Visitors have no password to sign in with.
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.username, username), eq(users.kind, 'user')))
    .limit(1);
  return row;
}

export async function findProfile(
  db: Executor,
  userId: string,
): Promise<UserProfileRow | undefined> {
  const [row] = await db.select(profileColumns).from(users).where(eq(users.id, userId)).limit(1);
  return row;
}

export function findProfiles(db: Executor, ids: readonly string[]): Promise<UserProfileRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select(profileColumns)
    .from(users)
    .where(inArray(users.id, [...ids]));
}

/** Changes a user's display name and/or avatar URL; answers the new profile. */
export async function updateProfile(
  db: Executor,
  userId: string,
  changes: { displayName?: string; avatarUrl?: string | null },
): Promise<UserProfileRow | undefined> {
  const [row] = await db
    .update(users)
    .set(changes)
    .where(eq(users.id, userId))
    .returning(profileColumns);
  return row;
}

export async function findPasswordHash(db: Executor, userId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row?.passwordHash;
}

export async function setPasswordHash(
  db: Executor,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Shorter queries have no trigram of their own: they match at the start of a name instead. */
const SUBSTRING_QUERY_MIN = 3;

/**
 * Users whose username or display name contains the query (or, for one or two characters, starts
 * with it), for starting a chat. Each name is matched in its own branch of a UNION so that each
 * uses its trigram index of migration 0003 (`users_username_trgm_idx`, and
 * `users_display_name_trgm_idx` on `lower(display_name)`): with the two conditions OR-ed in one
 * WHERE, PostgreSQL prices the pair of index scans above a sequential scan of every user.
 */
export function searchProfiles(
  db: Executor,
  query: string,
  excludeUserId: string,
): Promise<UserProfileRow[]> {
  // Website visitors are nobody to start a chat with: they reach only their support rooms.
  const others = and(ne(users.id, excludeUserId), eq(users.kind, 'user'));
  if (!query) {
    return db
      .select(profileColumns)
      .from(users)
      .where(others)
      .orderBy(asc(users.username))
      .limit(SEARCH_RESULTS_MAX);
  }
  const text = escapeLike(query.toLowerCase());
  const pattern = query.length >= SUBSTRING_QUERY_MIN ? `%${text}%` : `${text}%`;
  const matching = (condition: SQL) =>
    db.select(profileColumns).from(users).where(and(others, condition));
  return matching(like(users.username, pattern))
    .union(matching(like(sql`lower(${users.displayName})`, pattern)))
    .orderBy(asc(users.username))
    .limit(SEARCH_RESULTS_MAX);
}

/** Any number stable across nodes, distinct from the migrations' lock key. */
const FIRST_ACCOUNT_LOCK_KEY = 7_346_202;

/**
 * Inserts a user; the first account of an instance becomes its admin, exactly once. Undefined if
 * the username is taken.
 */
export async function insertUser(
  db: Executor,
  user: { username: string; displayName: string; passwordHash: string },
): Promise<UserProfileRow | undefined> {
  const insert = (tx: Executor, isAdmin: boolean | SQL) =>
    tx
      .insert(users)
      .values({ id: crypto.randomUUID(), ...user, isAdmin, createdAt: new Date() })
      .onConflictDoNothing({ target: users.username })
      .returning(profileColumns)
      .then(([row]) => row);
  const anyAccount = await db.select({ id: users.id }).from(users).limit(1);
  if (anyAccount.length > 0) return insert(db, false);
  // Two first sign-ups at once would each see an empty table: the lock makes them take turns, and
  // the second one's NOT EXISTS (a new snapshot, taken after the lock) sees the first account.
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ACCOUNT_LOCK_KEY})`);
    return insert(tx, sql`NOT EXISTS (SELECT 1 FROM ${users})`);
  });
}

export function findLastSeen(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: users.id, lastSeenAt: users.lastSeenAt })
    .from(users)
    .where(inArray(users.id, [...ids]));
}

/** The columns of a user's email fallback setting (`GET /api/me/notifications`). */
const emailSettingColumns = { email: users.email, emailMissed: users.emailMissed };

export async function findEmailSetting(db: Executor, userId: string) {
  const [row] = await db.select(emailSettingColumns).from(users).where(eq(users.id, userId));
  return row;
}

/**
 * Changes a user's email fallback setting when `precondition` (on the stored row) holds, in one
 * statement, so a concurrent change cannot slip between a check and the write. Answers the new
 * setting, or undefined when the precondition did not hold.
 */
export async function updateEmailSetting(
  db: Executor,
  userId: string,
  changes: { email?: string | null; emailMissed?: boolean },
  precondition: SQL | undefined,
) {
  const [row] = await db
    .update(users)
    .set(changes)
    .where(and(eq(users.id, userId), precondition))
    .returning(emailSettingColumns);
  return row;
}
