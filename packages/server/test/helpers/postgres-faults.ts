import type { AckResult, Message } from '@natter/protocol';
import pg from 'pg';
import { expect } from 'vitest';
import type { ClientSocket } from './clients.js';
import { newClientId, request } from './clients.js';

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
