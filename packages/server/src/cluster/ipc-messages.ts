import type { RegistryNamespace } from '../presence/redis-presence-registry.js';

/**
 * What a worker asks the primary over IPC (Node's cluster channel), and what it answers. The
 * primary runs each request to its answer without awaiting anything, in the order a worker sent
 * them: that order is what `fence` and the presence transitions rely on.
 */
export type WorkerRequest =
  /** Answered once the primary has handed on everything this worker sent before it. */
  | { kind: 'fence' }
  /** A socket counted in: answers whether it is the user's first on any worker. */
  | { kind: 'presence:connect'; namespace: RegistryNamespace; userId: string; socketId: string }
  /** A socket counted out: answers whether it was the user's last on any worker. */
  | { kind: 'presence:disconnect'; namespace: RegistryNamespace; userId: string; socketId: string }
  /** Answers the users among `userIds` with a socket on any worker. */
  | { kind: 'presence:online'; namespace: RegistryNamespace; userIds: string[] }
  /** The worker's goodbye: its sockets are removed; answers the users left with none. */
  | { kind: 'presence:leave'; namespace: RegistryNamespace };

export type AnswerTo<R extends WorkerRequest> = R extends { kind: 'fence' }
  ? null
  : R extends { kind: 'presence:connect' | 'presence:disconnect' }
    ? boolean
    : string[];

/** Every message of ours carries this mark, so the other users of the channel pass it by. */
export const NATTER_IPC = 'natter:cluster';

/** Worker → primary. */
export type ToPrimary =
  | { natter: typeof NATTER_IPC; type: 'request'; id: number; request: WorkerRequest }
  /** The worker takes connections (sent once it serves: the primary listens after all did). */
  | { natter: typeof NATTER_IPC; type: 'ready' };

/** Primary → worker. */
export type ToWorker =
  | { natter: typeof NATTER_IPC; type: 'answer'; id: number; value: unknown }
  /**
   * Users gone offline without a socket of the receiving worker leaving: a dead worker's. One
   * live worker is told, and announces them (as one Redis node reaps a dead one).
   */
  | {
      natter: typeof NATTER_IPC;
      type: 'presence:change';
      namespace: RegistryNamespace;
      offline: string[];
    };

/** Whether an IPC message is one of ours (the cluster adapter, sticky sessions and rate limits share the channel). */
export function isNatterMessage<M extends ToPrimary | ToWorker>(message: unknown): message is M {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { natter?: unknown }).natter === NATTER_IPC
  );
}
