import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { Logger } from '../logger.js';
import type { RegistryNamespace } from '../presence/redis-presence-registry.js';
import type { ToPrimary, ToWorker, WorkerRequest } from './ipc-messages.js';
import { isNatterMessage, NATTER_IPC } from './ipc-messages.js';
import { PresenceHost } from './presence-host.js';

/**
 * The primary's side of the workers' requests (`PrimaryLink`): the presence and attention
 * registries, and the fence. Every request is answered in the turn it arrives, in the order its
 * worker sent it. When a worker dies, its users who have no socket left are reported to one
 * ready worker, which announces them offline; with none ready, to the next one that is.
 */
export function servePrimaryRequests(log: Logger): void {
  const hosts: Record<RegistryNamespace, PresenceHost> = {
    presence: new PresenceHost(),
    attention: new PresenceHost(),
  };
  const ready = new Set<number>();
  const untold: { namespace: RegistryNamespace; offline: string[] }[] = [];

  const tell = () => {
    const worker = [...ready].map((id) => cluster.workers?.[id]).find((w) => w?.isConnected());
    if (!worker) return;
    for (const { namespace, offline } of untold.splice(0)) {
      const message: ToWorker = { natter: NATTER_IPC, type: 'presence:change', namespace, offline };
      sendQuietly(worker, message);
    }
  };

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isNatterMessage<ToPrimary>(message)) return;
    if (message.type === 'ready') {
      ready.add(worker.id);
      tell();
      return;
    }
    const answer: ToWorker = {
      natter: NATTER_IPC,
      type: 'answer',
      id: message.id,
      value: answerTo(hosts, worker.id, message.request),
    };
    sendQuietly(worker, answer);
  });

  cluster.on('exit', (worker: Worker) => {
    ready.delete(worker.id);
    for (const namespace of ['presence', 'attention'] as const) {
      const offline = hosts[namespace].removeWorker(worker.id);
      if (offline.length > 0) untold.push({ namespace, offline });
    }
    if (untold.length > 0) {
      log.info({ worker: worker.id }, 'a worker ended: its users with no other device go offline');
      tell();
    }
  });
}

function answerTo(
  hosts: Record<RegistryNamespace, PresenceHost>,
  workerId: number,
  request: WorkerRequest,
): unknown {
  switch (request.kind) {
    // Everything this worker sent before has been handed on by now: the cluster adapter's
    // listener relays each message in the turn it arrives, and the channel keeps their order.
    case 'fence':
      return null;
    case 'presence:connect':
      return hosts[request.namespace].connect(workerId, request.userId, request.socketId);
    case 'presence:disconnect':
      return hosts[request.namespace].disconnect(workerId, request.userId, request.socketId);
    case 'presence:online':
      return hosts[request.namespace].online(request.userIds);
    case 'presence:leave':
      return hosts[request.namespace].removeWorker(workerId);
  }
}

/**
 * A worker that just died cannot be answered: that is no error of the primary's (without the
 * callback, the failed send would be thrown as an 'error' event).
 */
function sendQuietly(worker: Worker, message: ToWorker): void {
  worker.send(message, undefined, {}, () => undefined);
}
