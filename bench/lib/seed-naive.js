import { IDLE_ROOM_MESSAGES } from './plan.js';
import { connectPostgres, insertRows } from './sql-client.js';
import { settle } from './settle-database.js';

/**
 * The tutorial schema of the naive baseline: tokens stored as they are, no seq, a createdAt
 * cursor (indexed, as a tutorial would), no idempotency key.
 */
const SCHEMA = `
  CREATE TABLE users (id text PRIMARY KEY, name text NOT NULL);
  CREATE TABLE sessions (token text PRIMARY KEY, user_id text NOT NULL REFERENCES users(id));
  CREATE TABLE rooms (id text PRIMARY KEY, name text NOT NULL);
  CREATE TABLE room_members (room_id text REFERENCES rooms(id), user_id text REFERENCES users(id),
    PRIMARY KEY (room_id, user_id));
  CREATE INDEX room_members_user ON room_members (user_id);
  CREATE TABLE messages (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    room_id text NOT NULL REFERENCES rooms(id), sender_id text NOT NULL REFERENCES users(id),
    client_id text, content text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX messages_room_created ON messages (room_id, created_at);
`;

/**
 * @param {string} url
 * @param {import('./plan.js').Plan} plan
 * @param {number} historyMessages
 */
export async function seedNaive(url, plan, historyMessages) {
  const db = await connectPostgres(url);
  try {
    await db.query(SCHEMA);
    await insertRows(
      db,
      'INSERT INTO users (id, name)',
      plan.users.map((u, i) => [u.id, `Bench ${i}`]),
    );
    await insertRows(
      db,
      'INSERT INTO sessions (token, user_id)',
      plan.users.map((u) => [u.token, u.id]),
    );
    await insertRows(
      db,
      'INSERT INTO rooms (id, name)',
      plan.rooms.map((r) => [r.id, 'bench']),
    );
    await insertRows(
      db,
      'INSERT INTO room_members (room_id, user_id)',
      plan.rooms.flatMap((r) => r.members.map((m) => [r.id, m.id])),
    );
    const seed = async (/** @type {string[]} */ roomIds, /** @type {number} */ count) =>
      db.query(
        `INSERT INTO messages (room_id, sender_id, client_id, content, created_at)
         SELECT r.id, (SELECT user_id FROM room_members m WHERE m.room_id = r.id ORDER BY user_id LIMIT 1),
                'seed-' || g, 'seeded message number ' || g,
                now() - (${count} - g) * interval '1 millisecond'
         FROM unnest($1::text[]) AS r(id), generate_series(1, ${count}) AS g`,
        [roomIds],
      );
    await seed([plan.history.id], historyMessages);
    await seed(
      plan.idle.map((r) => r.id),
      IDLE_ROOM_MESSAGES,
    );
    await settle(db);
  } finally {
    await db.close();
  }
}
