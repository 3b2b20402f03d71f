import type { PresenceBatch, ReadBatch } from '@natter/protocol';
import type { NatterSocket } from './socket-types.js';

/**
 * A listener for `socket.onAnyOutgoing`, registered only on sockets that did not name every batch
 * event in their handshake's `auth.features` (clients written from PROTOCOL.md alone): each batch
 * this node hands such a socket, of a kind it did not name, is also handed over as the single
 * events it stands for, which is all that client understands (it ignores the batch itself). Done
 * where each node hands packets to its own sockets, so it holds on every node of a cluster, and
 * costs the clients that take batches nothing.
 *
 * One function serves every such socket (Socket.IO calls it with the socket as `this`).
 */
export function batchesAsSingleEvents(this: NatterSocket, event: string, payload: unknown): void {
  const { features } = this.data;
  if (event === 'presence:batch' && !features.includes('presence:batch')) {
    for (const update of (payload as PresenceBatch).updates) this.emit('presence:update', update);
  } else if (event === 'messages:read:batch' && !features.includes('messages:read:batch')) {
    const { roomId, reads } = payload as ReadBatch;
    for (const read of reads) this.emit('messages:read:update', { roomId, ...read });
  }
}
