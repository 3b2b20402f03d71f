/**
 * The benchmark's population, identical for every target: users with bearer tokens, and the
 * rooms of each scenario. Ids are fixed UUID-shaped strings so seeds and clients agree; a user's
 * `index` picks its node on a cluster target (round-robin), the same node in every scenario.
 * @typedef {{ id: string, token: string, index: number }} BenchUser
 * @typedef {{ id: string, members: BenchUser[] }} BenchRoom
 * @typedef {ReturnType<typeof buildPlan>} Plan
 */

/** @param {string} prefix @param {number} i */
export const uuid = (prefix, i) =>
  `00000000-0000-4000-${prefix}-${i.toString(16).padStart(12, '0')}`;

/** @param {import('./sizes.js').Sizes} sizes */
export function buildPlan(sizes) {
  let nextUser = 0;
  let nextRoom = 0;
  /** @type {BenchUser[]} */
  const users = [];
  const user = () => {
    const i = nextUser++;
    const u = { id: uuid('8000', i), token: `bench-token-${i}-${'x'.repeat(24)}`, index: i };
    users.push(u);
    return u;
  };
  /** @type {BenchRoom[]} */
  const rooms = [];
  /** @param {number} size */
  const room = (size) => {
    const r = { id: uuid('9000', nextRoom++), members: Array.from({ length: size }, user) };
    rooms.push(r);
    return r;
  };

  const conversations = [
    ...Array.from({ length: sizes.rooms2 }, () => room(2)),
    ...Array.from({ length: sizes.rooms10 }, () => room(10)),
  ];
  const fanout = room(sizes.fanoutMembers);
  const history = room(2);
  // Idle connections and the reconnect storm share one population of 2-member rooms.
  const idleCount = Math.max(...sizes.connections, sizes.stormClients);
  const idle = Array.from({ length: Math.ceil(idleCount / 2) }, () => room(2));
  return { users, rooms, conversations, fanout, history, idle };
}

/** Messages pre-seeded in every idle room, so a reconnecting client has something to sync. */
export const IDLE_ROOM_MESSAGES = 20;

/**
 * The idle rooms' members as clients of the connections and storm scenarios.
 * @param {Plan} plan @returns {import('../agent/idle.js').IdleClient[]}
 */
export const idleClientsOf = (plan) =>
  plan.idle.flatMap((r) =>
    r.members.map((m) => ({ token: m.token, index: m.index, roomId: r.id })),
  );
