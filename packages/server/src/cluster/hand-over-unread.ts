import type { Worker } from 'node:cluster';
import { Socket } from 'node:net';

/** The libuv handle under a `net.Socket`: Node's own name for it, used by its cluster module too. */
interface SocketWithHandle {
  _handle?: { readStop?: () => number } | null;
}

/**
 * Makes the primary stop reading a connection before it sends it to this worker.
 *
 * Node keeps the sender's copy of a socket it sends open, and reading, until the worker has
 * acknowledged it; what it reads meanwhile goes nowhere. `@socket.io/sticky` hands a WebSocket's
 * connection over as soon as it has read the upgrade request, so bytes the client sends in that
 * window were lost: the rest of a request that came in two parts, or — the client answering the
 * worker's `101` at once — its Socket.IO CONNECT packet, after which the handshake hung until
 * Socket.IO's `connectTimeout` (45 s) closed it. Stopped first, those bytes wait in the kernel
 * for the worker. Connections sticky keeps (requests with bodies) are never passed, so read on.
 */
export function handOverUnread(worker: Worker): void {
  const send = worker.send.bind(worker) as (...args: unknown[]) => boolean;
  (worker as { send: (...args: unknown[]) => boolean }).send = (message, handle, ...rest) => {
    if (handle instanceof Socket) (handle as unknown as SocketWithHandle)._handle?.readStop?.();
    return send(message, handle, ...rest);
  };
}
