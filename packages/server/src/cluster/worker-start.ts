import type { SendHandle } from 'node:child_process';
import type { ToPrimary } from './ipc-messages.js';
import { NATTER_IPC } from './ipc-messages.js';

type Held = [message: unknown, handle: SendHandle];

/**
 * Holds the connections the primary hands this worker before it serves. The primary balances
 * over every worker it forked, a replacement still starting included (migrations, pools: a few
 * seconds), and sticky sessions' worker side only listens once the server is built: a connection
 * handed over before then would be dropped. Call `serving()` once it listens (`setupWorker`): the
 * held messages are delivered again, in their order, and the primary is told this worker is up.
 */
export function holdConnectionsUntilServing(): { serving(): void } {
  const held: Held[] = [];
  const hold = (message: unknown, handle: SendHandle) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && type.startsWith('sticky:')) held.push([message, handle]);
  };
  process.on('message', hold);
  return {
    serving() {
      process.off('message', hold);
      for (const [message, handle] of held.splice(0)) process.emit('message', message, handle);
      const ready: ToPrimary = { natter: NATTER_IPC, type: 'ready' };
      process.send?.(ready);
    },
  };
}
