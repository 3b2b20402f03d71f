import { and, inArray, ne } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { messages, rooms } from '../src/db/schema.js';
import type { ClientSocket, TestUser } from './helpers/clients.js';
import { createGroupRoom, newClientId, ok, registerUser, request } from './helpers/clients.js';
import { connectReady } from './helpers/message-helpers.js';
import { createScratchDatabase } from './helpers/scratch-database.js';
import type { ScratchDatabase } from './helpers/scratch-database.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer, testDriver } from './helpers/test-server.js';

const ROOMS = 10;
const SENDERS_PER_NODE = 3;
/** Each sender sends this many messages into every room, the rooms in a new random order each time. */
const ROUNDS = 10;
/** Sends each sender has in flight at any time. */
const IN_FLIGHT = 4;
/** A storm is slow on a shared 2-core machine; a lost ack still fails it. */
const ACK_TIMEOUT_MS = 30_000;

interface Sent {
  roomId: string;
  id: string;
  seq: number;
}

/** Random order, different for every sender and round: batches meet rooms in opposite orders. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Senders spread over the nodes, all in every room, each keeping a few sends in flight: every
 * node's lanes run batch after batch over several of the same rooms. Answers what each send's
 * ack said (a refused or lost send fails the test).
 */
async function sendStorm(nodes: readonly TestServer[], sockets: ClientSocket[]) {
  const [first] = nodes;
  if (!first) throw new Error('no node');
  const senders: TestUser[] = [];
  for (let i = 0; i < nodes.length * SENDERS_PER_NODE; i++) {
    senders.push(await registerUser(first.url, 'storm'));
  }
  const [owner, ...others] = senders;
  if (!owner) throw new Error('no sender');
  const roomIds: string[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const participants = others.map((u) => u.user.id);
    roomIds.push((await createGroupRoom(first.url, owner.token, participants, `Storm ${i}`)).id);
  }
  for (const [i, sender] of senders.entries()) {
    const node = nodes[i % nodes.length] as TestServer;
    sockets.push(await connectReady(node.url, sender.token));
  }

  const send = async (socket: ClientSocket, roomId: string): Promise<Sent> => {
    const ack = await request(
      socket,
      'message:send',
      { roomId, clientId: newClientId(), type: 'text', content: 'storm' },
      ACK_TIMEOUT_MS,
    );
    const { message } = ok(ack);
    return { roomId, id: message.id, seq: Number(message.seq) };
  };
  // Each sender keeps a few sends in flight, so every node's lanes run batch after batch, each
  // holding a few rooms while the other nodes' batches want them too.
  const sends = sockets.flatMap((socket) => {
    const queue = Array.from({ length: ROUNDS }, () => shuffled(roomIds)).flat();
    return Array.from({ length: IN_FLIGHT }, async () => {
      const done: Sent[] = [];
      for (let roomId = queue.shift(); roomId; roomId = queue.shift()) {
        done.push(await send(socket, roomId));
      }
      return done;
    });
  });
  return { roomIds, sent: (await Promise.all(sends)).flat() };
}

/** Every send stored once, with the seq its ack gave; every room's seqs run 1..last_seq. */
async function expectGaplessAndComplete(
  node: TestServer,
  roomIds: readonly string[],
  sent: readonly Sent[],
) {
  const db = node.server.database.db;
  expect(new Set(sent.map((s) => s.id)).size).toBe(sent.length);
  const stored = await db
    .select({ id: messages.id, roomId: messages.roomId, seq: messages.seq })
    .from(messages)
    .where(and(inArray(messages.roomId, [...roomIds]), ne(messages.type, 'system')));
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect(stored.sort(byId)).toEqual([...sent].sort(byId));

  const counters = await db
    .select({ id: rooms.id, lastSeq: rooms.lastSeq })
    .from(rooms)
    .where(inArray(rooms.id, [...roomIds]));
  const all = await db
    .select({ roomId: messages.roomId, seq: messages.seq })
    .from(messages)
    .where(inArray(messages.roomId, [...roomIds]));
  for (const { id, lastSeq } of counters) {
    const seqs = all
      .filter((m) => m.roomId === id)
      .map((m) => m.seq)
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  }
}

describe(`group commit under concurrent sends into the same rooms (${testDriver})`, () => {
  const nodes: TestServer[] = [];
  const sockets: ClientSocket[] = [];
  let scratch: ScratchDatabase | undefined;
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const node of nodes.splice(0)) await node.close();
    await scratch?.drop();
    scratch = undefined;
  });

  it('acks every send once and numbers every room gaplessly (one node)', async () => {
    nodes.push(await startTestServer());
    const { roomIds, sent } = await sendStorm(nodes, sockets);
    expect(sent).toHaveLength(nodes.length * SENDERS_PER_NODE * ROOMS * ROUNDS);
    await expectGaplessAndComplete(nodes[0] as TestServer, roomIds, sent);
  }, 120_000);

  // PGlite is one in-process database behind a single connection: two nodes cannot share it, and
  // its statements never run at once, so there is no lock for two batches to wait on.
  it.skipIf(testDriver === 'pglite')(
    'three nodes on one PostgreSQL: every send acked, gapless seqs, and no deadlock',
    async () => {
      // A database of its own: its deadlock counter moves for nothing but this test.
      scratch = await createScratchDatabase('natter_group_commit');
      for (let i = 0; i < 3; i++) nodes.push(await startTestServer({ databaseUrl: scratch.url }));
      const deadlocksBefore = await deadlocks(scratch.url);

      const { roomIds, sent } = await sendStorm(nodes, sockets);
      expect(sent).toHaveLength(nodes.length * SENDERS_PER_NODE * ROOMS * ROUNDS);
      await expectGaplessAndComplete(nodes[0] as TestServer, roomIds, sent);

      // A backend reports its statistics at most once a second while it runs, and always as it
      // exits: closing the nodes' pools ends every backend that could have been in a deadlock.
      for (const socket of sockets.splice(0)) socket.close();
      for (const node of nodes.splice(0)) await node.close();
      expect(await deadlocks(scratch.url)).toBe(deadlocksBefore);
    },
    120_000,
  );
});

/** PostgreSQL's count of deadlocks it broke in the database (by aborting one transaction). */
async function deadlocks(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ deadlocks: string }>(
      'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0]?.deadlocks);
  } finally {
    await client.end();
  }
}
