import type { PresenceBatch } from '@natter/protocol';
import type { NatterSocket } from '../realtime/socket-types.js';

/**
 * A listener for `socket.onAnyOutgoing`, registered only on sockets that did not name
 * `presence:batch` in their handshake (clients written from PROTOCOL.md alone): each batch this
 * node hands such a socket is also handed over as the `presence:update`s it stands for, which is
 * all that client understands (it ignores the batch itself). Done where each node hands packets
 * to its own sockets, so it holds on every node of a cluster, and costs the clients that take
 * batches nothing.
 *
 * One function serves every such socket (Socket.IO calls it with the socket as `this`).
 */
export function presenceBatchAsUpdates(this: NatterSocket, event: string, payload: unknown): void {
  if (event !== 'presence:batch') return;
  for (const update of (payload as PresenceBatch).updates) this.emit('presence:update', update);
}
