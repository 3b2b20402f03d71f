import { SEARCH_WORDS, searchPopulation, seedSearch } from '../lib/seed-search.js';
import { connectPostgres } from '../lib/sql-client.js';

/** The searching user's rooms: the "user in 50 rooms". */
const ROOMS_PER_USER = 50;
/** Requests measured per class, at least. */
const REQUESTS_PER_CLASS = 60;

/** @param {number} rank 1-based, as in the word list */
const word = (rank) => /** @type {string} */ (SEARCH_WORDS[rank - 1]);
/** @param {number[]} ranks */
const words = (ranks) => ranks.map(word);

/**
 * What is searched, by class. A complete word is sent with a trailing space (the last word is
 * then matched exactly); as-you-type prefixes are sent without one and expand to every word
 * they begin. Ranks are the Zipf ranks of the seeded text: in the searching user's 50,000
 * messages (full size), "the" is in about 34,000, a word of rank 150–400 in 250–900, a word of
 * rank 3,000+ in about 25.
 * @param {string} roomId one of the user's rooms @param {string} senderId a member of it
 * @returns {{ name: string, queries: Record<string, string>[] }[]}
 */
export function searchClasses(roomId, senderId) {
  const common = words([1, 2, 3, 4, 5]);
  const medium = words([150, 200, 250, 300, 400]);
  const rare = words([3000, 3250, 3500, 3750, 3999]);
  // Prefixes of 3 and 4 letters of common and medium words: "mee" of "meeting" matches every
  // word that begins with it, which the index must merge.
  const prefixes = words([60, 90, 130, 170, 220]).flatMap((w) => [w.slice(0, 3), w.slice(0, 4)]);
  /** @param {string[]} qs @param {Record<string, string>} [extra] */
  const asked = (qs, extra = {}) => qs.map((q) => ({ q, ...extra }));
  return [
    { name: 'common word', queries: asked(common.map((w) => `${w} `)) },
    { name: 'medium word', queries: asked(medium.map((w) => `${w} `)) },
    { name: 'rare word', queries: asked(rare.map((w) => `${w} `)) },
    { name: 'prefix as typed', queries: asked(prefixes) },
    {
      name: 'two words',
      queries: asked(medium.map((w, i) => `${w} ${word(100 + 37 * i)} `)),
    },
    // A common word before a medium one: a phrase of two of the commonest words ("of the") is
    // in a few percent of this random text, and both ways of finding it read far (performance.md).
    { name: 'phrase', queries: asked(medium.map((w, i) => `"${common[i]} ${w}" `)) },
    {
      name: 'newest first',
      queries: asked(
        [...common.slice(0, 2), ...medium.slice(0, 3)].map((w) => `${w} `),
        {
          order: 'newest',
        },
      ),
    },
    {
      name: 'in one room',
      queries: asked(
        medium.map((w) => `${w} `),
        { roomId },
      ),
    },
    {
      name: 'from a sender',
      queries: asked(
        common.map((w) => `${w} `),
        { from: senderId },
      ),
    },
  ];
}

/**
 * Search (#14), PostgreSQL targets only: seeds its own population (1,000 users, 1,000 rooms, each
 * user in 50 and each room with 50 members, 1,000,000 messages at full size; see seed-search.js)
 * into the target's database while it runs, then one of those users searches over HTTP.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} _plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function search(target, agents, _plan, sizes) {
  if (!target.databaseUrl) return undefined;
  const population = searchPopulation({
    users: sizes.searchRooms,
    rooms: sizes.searchRooms,
    roomsPerUser: ROOMS_PER_USER,
  });
  const db = await connectPostgres(target.databaseUrl);
  const seedStarted = performance.now();
  try {
    await seedSearch(db, population, sizes.searchMessagesPerRoom);
  } finally {
    await db.close();
  }
  const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
  const [user, sameRooms] = population.users;
  if (!user || !sameRooms) throw new Error('the search population has fewer than two users');
  // With stride rooms/50, users 0 and rooms/50 share all their rooms: the sender is in room 0.
  const sender = population.users[sizes.searchRooms / ROOMS_PER_USER] ?? sameRooms;
  const classes = searchClasses(/** @type {string} */ (population.roomsOf(0)[0]), sender.id);
  const [agent] = agents;
  const byClass = await agent?.call('search.run', {
    url: target.urls[0],
    token: user.token,
    repeats: Math.ceil(REQUESTS_PER_CLASS / 5),
    classes,
  });
  return {
    messages: sizes.searchRooms * sizes.searchMessagesPerRoom,
    seedSeconds,
    classes: byClass,
  };
}
