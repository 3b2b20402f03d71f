import { SocketsByUser } from '../presence/sockets-by-user.js';
import { connectError } from './connect-error.js';
import type { NatterSocket } from './socket-types.js';

/**
 * Socket.IO middleware, last in line (after authentication): at most `maxSockets` sockets per user
 * on this node, so one account cannot hold an unbounded share of its memory and fan-out. The next
 * handshake fails with `too_many_connections`. A slot is taken here, synchronously, so handshakes
 * racing each other cannot all slip under the cap, and given back when the socket or its
 * connection closes (a handshake whose client left before it completed never disconnects).
 */
export function socketsPerUserCap(maxSockets: number) {
  const open = new SocketsByUser();
  return (socket: NatterSocket, next: (err?: Error) => void): void => {
    const { userId } = socket.data;
    if (open.count(userId) >= maxSockets) {
      return next(connectError('too_many_connections', { maxSockets }));
    }
    open.add(userId, socket.id);
    // Given back twice when both happen: the second finds nothing to remove.
    const release = () => void open.remove(userId, socket.id);
    socket.on('disconnect', release);
    socket.conn.once('close', release);
    next();
  };
}
