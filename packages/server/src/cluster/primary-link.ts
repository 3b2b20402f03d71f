import type { PresenceChange } from '../presence/presence-registry.js';
import type { RegistryNamespace } from '../presence/redis-presence-registry.js';
import type { AnswerTo, ToPrimary, ToWorker, WorkerRequest } from './ipc-messages.js';
import { isNatterMessage, NATTER_IPC } from './ipc-messages.js';

/** A worker's line to the primary: requests answered in order, and the news it sends. */
export interface PrimaryLink {
  request<R extends WorkerRequest>(request: R): Promise<AnswerTo<R>>;
  /** Tells `listener` of a registry's changes that no socket of this worker made (a dead worker's users). */
  onPresenceChange(namespace: RegistryNamespace, listener: (change: PresenceChange) => void): void;
  /** Stops listening; requests still unanswered fail. */
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Opens the link from this worker (`process.send`). A request fails when the channel is gone
 * (the primary died: the worker follows it, as Node's cluster workers exit on disconnect), never
 * hangs: no timer is needed, the primary answers each request in the turn it arrives.
 */
export function connectToPrimary(): PrimaryLink {
  const send = process.send?.bind(process);
  if (!send) throw new Error('connectToPrimary: this process was not forked by a primary');
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<RegistryNamespace, (change: PresenceChange) => void>();
  const failAll = (why: string) => {
    for (const { reject } of pending.values()) reject(new Error(why));
    pending.clear();
  };
  const onMessage = (message: unknown) => {
    if (!isNatterMessage<ToWorker>(message)) return;
    if (message.type === 'answer') {
      pending.get(message.id)?.resolve(message.value);
      pending.delete(message.id);
    } else {
      listeners.get(message.namespace)?.({ online: [], offline: message.offline });
    }
  };
  const onDisconnect = () => failAll('the primary is gone');
  process.on('message', onMessage);
  process.on('disconnect', onDisconnect);
  return {
    request<R extends WorkerRequest>(request: R): Promise<AnswerTo<R>> {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const message: ToPrimary = { natter: NATTER_IPC, type: 'request', id, request };
        send(message, undefined, {}, (error: Error | null) => {
          if (!error) return;
          pending.delete(id);
          reject(error);
        });
      });
    },
    onPresenceChange(namespace, listener) {
      listeners.set(namespace, listener);
    },
    close() {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      failAll('the link to the primary is closed');
    },
  };
}
