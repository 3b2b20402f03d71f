import type { Message } from '@natter/protocol';
import pg from 'pg';
import type { Actor, AckedMessage } from './actor.js';
import type { NodeSlot } from './stack.js';

/** How long a client may take to agree with a fresh load once everything is quiet. */
const CONVERGE_MS = 20_000;

/**
 * The storage invariants, read straight from PostgreSQL: every acked message stored, each
 * (sender, clientId) stored once, and every room's seqs 1..n without a gap or a repeat.
 */
export async function checkStorage(
  databaseUrl: string,
  acked: ReadonlyMap<string, AckedMessage>,
): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const violations: string[] = [];
    const ackedIds = [...acked.values()].map((m) => m.id);
    const { rows: stored } = await client.query<{ id: string }>(
      'SELECT id FROM messages WHERE id = ANY($1)',
      [ackedIds],
    );
    const storedIds = new Set(stored.map((row) => row.id));
    for (const message of acked.values()) {
      if (!storedIds.has(message.id)) {
        violations.push(`acked message ${message.id} (${message.clientId}) is not stored`);
      }
    }
    const { rows: twice } = await client.query<{ sender_id: string; client_id: string; n: string }>(
      `SELECT sender_id, client_id, count(*) AS n FROM messages
        GROUP BY sender_id, client_id HAVING count(*) > 1`,
    );
    for (const row of twice) {
      violations.push(`${row.client_id} of ${row.sender_id} is stored ${row.n} times`);
    }
    const { rows: rooms } = await client.query<{
      room_id: string;
      n: string;
      distinct_seqs: string;
      min_seq: number;
      max_seq: number;
    }>(
      `SELECT room_id, count(*) AS n, count(DISTINCT seq) AS distinct_seqs,
              min(seq) AS min_seq, max(seq) AS max_seq
         FROM messages GROUP BY room_id`,
    );
    for (const room of rooms) {
      const n = Number(room.n);
      if (room.min_seq !== 1 || room.max_seq !== n || Number(room.distinct_seqs) !== n) {
        violations.push(
          `room ${room.room_id}: ${n} messages, seqs ${room.min_seq}..${room.max_seq} ` +
            `(${room.distinct_seqs} distinct): not gapless`,
        );
      }
    }
    return violations;
  } finally {
    await client.end();
  }
}

/**
 * Every client's rooms as it holds them equal a fresh load of the same stretch (`messages:sync`
 * from just before its first held message): the same messages, each with the server's content,
 * edit and delete. Asked again until they agree or `CONVERGE_MS` passes (events in flight).
 */
export async function checkClients(actors: readonly Actor[]): Promise<string[]> {
  const results = await Promise.all(actors.map((actor) => convergeClient(actor)));
  return results.flat();
}

async function convergeClient(actor: Actor): Promise<string[]> {
  const deadline = Date.now() + CONVERGE_MS;
  for (;;) {
    let differences: string[];
    try {
      differences = await compareClient(actor);
    } catch (error) {
      differences = [`${actor.name}: fresh load failed: ${String(error)}`];
    }
    if (differences.length === 0 || Date.now() > deadline) return differences;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function compareClient(actor: Actor): Promise<string[]> {
  const differences: string[] = [];
  const state = actor.client.getState();
  for (const [roomId, timeline] of Object.entries(state.timelines)) {
    const first = timeline.messages[0];
    if (!first) continue;
    const fresh = await freshLoad(actor, roomId, first.seq - 1);
    const held = new Map(timeline.messages.map((m) => [m.id, m]));
    for (const message of fresh) {
      const mine = held.get(message.id);
      if (!mine) {
        differences.push(`${actor.name} lacks seq ${message.seq} of room ${roomId}`);
      } else if (!sameMessage(mine, message)) {
        differences.push(
          `${actor.name} holds seq ${message.seq} of room ${roomId} as ` +
            `${JSON.stringify(view(mine))}, the server as ${JSON.stringify(view(message))}`,
        );
      }
      held.delete(message.id);
    }
    for (const extra of held.values()) {
      differences.push(`${actor.name} holds ${extra.id} (seq ${extra.seq}) the server lacks`);
    }
  }
  return differences;
}

async function freshLoad(actor: Actor, roomId: string, afterSeq: number): Promise<Message[]> {
  const messages: Message[] = [];
  for (let after = afterSeq; ;) {
    const { rooms } = await actor.client.request('messages:sync', {
      rooms: [{ roomId, afterSeq: after }],
    });
    const page = rooms[0];
    messages.push(...(page?.messages ?? []));
    const last = page?.messages.at(-1);
    if (!page?.hasMore || !last) return messages;
    after = last.seq;
  }
}

const view = (m: Message) => ({
  seq: m.seq,
  content: m.content,
  editedAt: m.editedAt,
  deletedAt: m.deletedAt,
  attachments: m.attachments?.length ?? 0,
});

const sameMessage = (a: Message, b: Message) => JSON.stringify(view(a)) === JSON.stringify(view(b));

/**
 * `/healthz` tells the truth: every node answers 200 and, once Redis is back, says so (`redis:
 * up`); `/readyz` answers 200 once PostgreSQL is back. Asked until true or the deadline passes.
 */
export async function checkHealth(slots: readonly NodeSlot[], redisUp: boolean): Promise<string[]> {
  const results = await Promise.all(
    slots.map(async (slot) => {
      const deadline = Date.now() + CONVERGE_MS;
      for (;;) {
        const said = await healthOf(slot.port);
        const truthful = said.status === 200 && said.redis === (redisUp ? 'up' : 'down');
        if (truthful) return [];
        if (Date.now() > deadline) {
          return [
            `${slot.name} /healthz said ${JSON.stringify(said)} with Redis ${redisUp ? 'up' : 'down'}`,
          ];
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }),
  );
  return results.flat();
}

async function healthOf(port: number): Promise<{ status: number; redis?: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { redis?: string };
    return { status: response.status, redis: body.redis };
  } catch (error) {
    return { status: 0, redis: String(error) };
  }
}
