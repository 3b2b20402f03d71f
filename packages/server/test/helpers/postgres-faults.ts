import type { AckResult, Message } from '@natter/protocol';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ServerConfig } from '../../src/index.js';
import type { ClientSocket, TestUser } from './clients.js';
import { createDirectRoom, newClientId, registerUser, request } from './clients.js';
import { connectReady } from './message-helpers.js';
import { createScratchDatabase } from './scratch-database.js';
import type { ScratchDatabase } from './scratch-database.js';
import { startTcpProxy } from './tcp-proxy.js';
import type { TcpProxy } from './tcp-proxy.js';
import { startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';

export type SendAck = AckResult<{ message: Message; clientId: string }>;

/** `count` fresh clientIds. */
export const clientIds = (count: number): string[] => Array.from({ length: count }, newClientId);

/**
 * Sends every clientId at once (content `text <clientId>`); the ack of each. `timeoutMs` is the
 * client's patience: past it the ack is the timeout's rejection (an `Error`), not the server's.
 */
export async function sendAll(
  socket: ClientSocket,
  roomId: string,
  ids: readonly string[],
  timeoutMs = 5_000,
): Promise<Map<string, SendAck | Error>> {
  const acks = await Promise.all(
    ids.map((clientId) =>
      request(
        socket,
        'message:send',
        { roomId, clientId, type: 'text', content: `text ${clientId}` },
        timeoutMs,
      ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    ),
  );
  return new Map(ids.map((clientId, i) => [clientId, acks[i] ?? new Error('no ack')]));
}

/** The server's answer, asserting that one came (the client did not give up first). */
export function answered(ack: SendAck | Error | undefined): SendAck {
  if (ack instanceof Error || ack === undefined) throw new Error(`no answer: ${String(ack)}`);
  return ack;
}

/** Every failed ack must be the retriable refusal, with a wait: never `internal`, never a hang. */
export function expectOnlyRetriableFailures(acks: ReadonlyMap<string, SendAck | Error>): void {
  for (const ack of acks.values()) {
    if (answered(ack).ok) continue;
    expect(ack).toMatchObject({
      error: { code: 'unavailable', retryAfterMs: expect.any(Number) as number },
    });
  }
}

/**
 * What a client does after a fault: resend everything with the same clientIds until each is
 * acked. Resolves with the message each was acked with, and checks that none of them was ever
 * refused with anything but a retriable `unavailable`.
 */
export async function resendUntilAcked(
  socket: ClientSocket,
  roomId: string,
  ids: readonly string[],
  deadlineMs = 20_000,
): Promise<Map<string, Message>> {
  const acked = new Map<string, Message>();
  const deadline = Date.now() + deadlineMs;
  while (acked.size < ids.length) {
    if (Date.now() > deadline) throw new Error(`${ids.length - acked.size} sends never acked`);
    const acks = await sendAll(
      socket,
      roomId,
      ids.filter((id) => !acked.has(id)),
    );
    expectOnlyRetriableFailures(acks);
    for (const [clientId, ack] of acks) {
      const answer = answered(ack);
      if (answer.ok) acked.set(clientId, answer.message);
    }
  }
  return acked;
}

/**
 * The room as PostgreSQL holds it, read beside the node (not through its proxy): every clientId
 * of `ids` stored exactly once, nothing else, the seqs 1..n with no gap, and each acked message
 * the row stored for its clientId.
 */
export async function expectStoredOnceGapless(
  databaseUrl: string,
  roomId: string,
  acked: ReadonlyMap<string, Message>,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; client_id: string; seq: number }>(
      'SELECT id, client_id, seq FROM messages WHERE room_id = $1 ORDER BY seq',
      [roomId],
    );
    expect(rows.map((r) => r.client_id).sort()).toEqual([...acked.keys()].sort());
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const idOf = new Map(rows.map((r) => [r.client_id, r.id]));
    for (const [clientId, message] of acked) expect(idOf.get(clientId)).toBe(message.id);
  } finally {
    await client.end();
  }
}

/** Alice and Bob in a direct room, on a node whose PostgreSQL is behind a TCP fault proxy. */
export interface NodeBehindProxy {
  scratch: ScratchDatabase;
  proxy: TcpProxy;
  node: TestServer;
  alice: TestUser;
  bob: TestUser;
  roomId: string;
  aliceSocket: ClientSocket;
  bobSocket: ClientSocket;
}

/**
 * One node per file on a scratch database reached through a TCP fault proxy, with Alice and Bob
 * connected: set up before the file's tests (read it inside them), closed after. `settings` is
 * more of the node's configuration, read when it starts (after the file's earlier `beforeAll`s).
 */
export function useNodeBehindDatabaseProxy(
  databasePrefix: string,
  settings: () => Partial<ServerConfig> = () => ({}),
): NodeBehindProxy {
  const world = {} as NodeBehindProxy;
  beforeAll(async () => {
    world.scratch = await createScratchDatabase(databasePrefix);
    world.proxy = await startTcpProxy(world.scratch.url);
    world.node = await startTestServer({ ...settings(), databaseUrl: world.proxy.url });
    world.alice = await registerUser(world.node.url, 'alice');
    world.bob = await registerUser(world.node.url, 'bob');
    world.roomId = (
      await createDirectRoom(world.node.url, world.alice.token, world.bob.user.id)
    ).id;
    world.aliceSocket = await connectReady(world.node.url, world.alice.token);
    world.bobSocket = await connectReady(world.node.url, world.bob.token);
  }, 30_000);
  afterAll(async () => {
    world.aliceSocket?.close();
    world.bobSocket?.close();
    await world.node?.close();
    await world.proxy?.close();
    await world.scratch?.drop();
  });
  return world;
}
