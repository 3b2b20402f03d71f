import { createAdapter } from '@socket.io/cluster-adapter';
import type { Fanout } from '../realtime/fanout.js';
import type { NatterServer } from '../realtime/socket-types.js';
import type { PrimaryLink } from './primary-link.js';

/**
 * Fan-out between the workers of one machine without Redis: Socket.IO's cluster adapter, whose
 * messages the primary relays to every other worker over IPC.
 *
 * - **Order on the sender's socket** (D4): the adapter sends to the primary synchronously and
 *   delivers to this worker's sockets one microtask later (it awaits an already settled
 *   promise). The ack that follows a publish waits at least for the handler's promise, which
 *   settles after the publish returned, so its turn is queued behind the delivery's.
 * - **`fence`**: a request to the primary, answered once it reached it. The channel is ordered
 *   and the primary relays each adapter message in the turn it arrives, so by the answer every
 *   change sent before (a join, a leave, a disconnect) is queued on each worker's channel. A
 *   message another worker publishes after the caller answered goes through the primary too, and
 *   so reaches each worker behind the change: the PING on the Redis connection, with the primary
 *   as Redis.
 */
export function attachClusterFanout(io: NatterServer, primary: PrimaryLink): Fanout {
  io.adapter(createAdapter());
  return {
    async fence() {
      // Never rejects (the Fanout contract): a primary that is gone takes this worker with it.
      await primary.request({ kind: 'fence' }).catch(() => undefined);
    },
    alone: false,
    async close() {
      // Stops the adapter's heartbeat timers and tells the other workers it is gone.
      await io.of('/').adapter.close();
    },
  };
}
