import { createECDH, randomBytes } from 'node:crypto';
import { migrateDatabase, sessionTokenHash } from '@natter/server';
import { connectPostgres, insertRows, openPglite } from './sql-client.js';
import { settle } from './settle-database.js';

/**
 * Natter's storage, migrated by the server package's exported migrator, then filled with bulk SQL
 * (never through the API: 20,000 argon2 sign-ups would take longer than the benchmark); sessions
 * are stored under the package's own token hash, so the seed cannot drift from the server.
 * @typedef {{ databaseUrl?: string, pgliteDir?: string }} NatterStorage
 */

/** @param {NatterStorage} storage */
export async function openNatterSql(storage) {
  return storage.databaseUrl
    ? connectPostgres(storage.databaseUrl)
    : openPglite(/** @type {string} */ (storage.pgliteDir));
}

/**
 * @param {NatterStorage} storage
 * @param {import('./plan.js').Plan} plan
 * @param {number} historyMessages @param {number} idleRoomMessages
 * @param {typeof migrateDatabase} migrate the migrator of the build under test (a `-before` build
 *   brings its own: the schema and functions it expects)
 */
export async function seedNatter(
  storage,
  plan,
  historyMessages,
  idleRoomMessages,
  migrate = migrateDatabase,
) {
  await migrate({ databaseUrl: storage.databaseUrl, pgliteDir: storage.pgliteDir ?? '' });

  const db = await openNatterSql(storage);
  try {
    await db.query('BEGIN');
    await insertRows(
      db,
      'INSERT INTO users (id, username, display_name, password_hash, created_at)',
      plan.users.map((u, i) => [u.id, `bench${i}`, `Bench ${i}`, 'x', new Date()]),
    );
    await insertRows(
      db,
      'INSERT INTO sessions (id, user_id, token_hash, created_at)',
      plan.users.map((u) => [u.id, u.id, sessionTokenHash(u.token), new Date()]),
    );
    await insertRows(
      db,
      'INSERT INTO rooms (id, type, name, created_by, last_activity_at, created_at)',
      plan.rooms.map((r) => [r.id, 'group', 'bench', r.members[0]?.id, new Date(), new Date()]),
    );
    await insertRows(
      db,
      'INSERT INTO room_members (room_id, user_id, role, joined_at)',
      plan.rooms.flatMap((r) => r.members.map((m) => [r.id, m.id, 'member', new Date()])),
    );
    await db.query('COMMIT');
    await seedMessages(db, [plan.history.id], historyMessages, plan.history.members);
    await seedMessages(
      db,
      plan.idle.map((r) => r.id),
      idleRoomMessages,
      [],
    );
    await settle(db);
  } finally {
    await db.close();
  }
}

/**
 * `count` messages in each room with seqs 1..count, in one set-based statement per room batch.
 * @param {import('./sql-client.js').SqlClient} db @param {string[]} roomIds @param {number} count
 * @param {import('./plan.js').BenchUser[]} senders two senders; empty: each room's own members
 */
async function seedMessages(db, roomIds, count, senders) {
  const senderSql = senders.length
    ? `CASE WHEN g % 2 = 0 THEN '${senders[0]?.id}' ELSE '${senders[1]?.id}' END`
    : `(SELECT user_id FROM room_members m WHERE m.room_id = r.id ORDER BY user_id LIMIT 1)`;
  for (let start = 0; start < roomIds.length; start += 500) {
    const batch = roomIds.slice(start, start + 500);
    await db.query(
      `INSERT INTO messages (id, room_id, seq, sender_id, client_id, type, content, created_at)
       SELECT r.id || '-' || g, r.id, g, ${senderSql}, 'seed-' || r.id || '-' || g, 'text',
              'seeded message number ' || g, now() - (${count} - g) * interval '1 millisecond'
       FROM unnest($1::text[]) AS r(id), generate_series(1, ${count}) AS g`,
      [batch],
    );
    await db.query(`UPDATE rooms SET last_seq = ${count} WHERE id = ANY($1::text[])`, [batch]);
  }
}

/**
 * A push subscription on `origin` for every member of the conversation rooms, as a browser's
 * would be (a real P-256 key and auth secret, so the server really encrypts each push): with the
 * clients connected as hidden tabs, every member is "away" and every message goes down the push
 * path. One key pair serves all: the sink does not decrypt.
 * @param {NatterStorage} storage @param {import('./plan.js').Plan} plan @param {string} origin
 */
export async function seedPushSubscriptions(storage, plan, origin) {
  const browserKey = createECDH('prime256v1');
  browserKey.generateKeys();
  const p256dh = browserKey.getPublicKey().toString('base64url');
  const auth = randomBytes(16).toString('base64url');
  const db = await openNatterSql(storage);
  try {
    await insertRows(
      db,
      'INSERT INTO push_subscriptions (id, user_id, session_id, endpoint, p256dh, auth, created_at)',
      plan.conversations.flatMap((room) =>
        room.members.map((u) => [
          u.id,
          u.id,
          u.id,
          `${origin}/push/${u.id}`,
          p256dh,
          auth,
          new Date(),
        ]),
      ),
    );
  } finally {
    await db.close();
  }
}
