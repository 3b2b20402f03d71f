import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { nextEvent } from '../../packages/server/test/helpers/clients.js';
import { createDirectRoom, registerUser } from './api.js';
import type { ClientSocket } from './api.js';

/** Two people with a direct room, registered through `url` (a proxy in front of the nodes). */
export async function pairThrough(url: string) {
  const alice = await registerUser(url, 'alice');
  const bob = await registerUser(url, 'bob');
  const room = await createDirectRoom(url, alice, bob);
  return { alice, bob, roomId: room.id };
}

/** `from` sends a text into the room (acked ok) and `to` receives it live, exactly that one. */
export async function expectDelivered(
  from: ClientSocket,
  to: ClientSocket,
  roomId: string,
): Promise<void> {
  const clientId = randomUUID();
  const received = nextEvent(to, 'message:new', (message) => message.clientId === clientId, 10_000);
  const ack = await from.timeout(10_000).emitWithAck('message:send', {
    roomId,
    clientId,
    type: 'text',
    content: `through the proxy ${clientId}`,
  });
  expect(ack.ok).toBe(true);
  expect((await received).content).toBe(`through the proxy ${clientId}`);
}
