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
  const open = new Map<string, Set<string>>();
  return (socket: NatterSocket, next: (err?: Error) => void): void => {
    const { userId } = socket.data;
    const sockets = open.get(userId) ?? new Set<string>();
    if (sockets.size >= maxSockets) {
      return next(connectError('too_many_connections', { maxSockets }));
    }
    sockets.add(socket.id);
    open.set(userId, sockets);
    const release = () => {
      sockets.delete(socket.id);
      if (sockets.size === 0 && open.get(userId) === sockets) open.delete(userId);
    };
    socket.on('disconnect', release);
    socket.conn.once('close', release);
    next();
  };
}
