import type { Message } from '@natter/protocol';
import { expect } from 'vitest';
import { connectReady, loadAll } from './message-helpers.js';

/** A client's view of a room after a scenario: every message it holds, by whatever route. */
export interface RoomView {
  name: string;
  messages: Iterable<Message>;
}

/**
 * The invariants of issue #16 for one room, checked against a fresh load from `url`: every acked
 * message stored (same clientId, content and seq), each send stored once however often it went
 * out, the room's seqs gapless, and every client's state equal to the fresh load. Returns the
 * fresh load, for a scenario's own checks.
 */
export async function expectRoomInvariants(room: {
  url: string;
  /** A member's token, for the fresh load. */
  token: string;
  roomId: string;
  /** Every ack a client got. */
  acked: Iterable<Message>;
  /** The clientId of every send that went out at least once, acked or not. */
  sentClientIds: readonly string[];
  views: readonly RoomView[];
}): Promise<Message[]> {
  const reader = await connectReady(room.url, room.token);
  const { messages: fresh } = await loadAll(reader, room.roomId).finally(() => reader.close());

  const byId = new Map(fresh.map((m) => [m.id, m]));
  for (const message of room.acked) {
    expect(byId.get(message.id), `acked ${message.clientId} is stored`).toMatchObject({
      clientId: message.clientId,
      content: message.content,
      seq: message.seq,
    });
  }
  const seqs = fresh.map((m) => m.seq);
  expect(seqs, 'seqs gapless').toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
  // Each send stored once, however often it went out: one row per (sender, clientId).
  const sent = new Set(room.sentClientIds);
  const stored = fresh.flatMap((m) =>
    m.clientId !== undefined && sent.has(m.clientId) ? [m.clientId] : [],
  );
  expect(stored.toSorted(), 'each send stored once').toEqual([...sent].toSorted());

  const ids = (messages: Iterable<Message>) =>
    [...messages].toSorted((x, y) => x.seq - y.seq).map((m) => `${m.seq}:${m.id}`);
  for (const view of room.views) {
    expect(ids(view.messages), `${view.name}'s state`).toEqual(ids(fresh));
  }
  return fresh;
}
