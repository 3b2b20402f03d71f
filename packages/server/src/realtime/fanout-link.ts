import type { SyncNeededEvent } from '@natter/protocol';
import type { RedisClientType } from 'redis';
import type { Logger } from '../logger.js';
import type { NatterServer } from './socket-types.js';

/**
 * A node's way to and from the other nodes through Redis, watched for outages. Redis keeps no
 * PUB/SUB message for a subscriber that is away, and a send that failed is gone: after an outage
 * some clients lack some events, though every one of them is stored. The link says which clients
 * with `sync:needed`, and they catch up with `messages:sync` as after a reconnect.
 */
export interface FanoutLink {
  /**
   * Watches a send to the other nodes (PUBLISH, XADD). A failure resolves to `fallback` (the
   * adapters do not catch, and the event has reached this node's own sockets anyway) and is
   * owed to the other nodes' clients: once sends work again, each of those nodes tells its
   * sockets to sync.
   */
  sent<T>(sending: Promise<T>, fallback: T): Promise<T>;
  /**
   * Watches a connection that receives from the other nodes (the PUB/SUB subscriber, a stream
   * reader): when it is back after an outage, this node's sockets are told to sync, since what
   * was published meanwhile never reached them. node-redis renews its subscriptions before it
   * says `ready`, so whatever is published after that arrives live.
   */
  receiving<C extends RedisClientType>(connection: C): C;
  close(): void;
}

/** The spread of a node's clients' syncs per connected socket, and its bounds. */
const SPREAD_PER_SOCKET_MS = 2;
const SPREAD_MIN_MS = 1_000;
const SPREAD_MAX_MS = 30_000;

/** Watches the link whose sends go through `client` (see FanoutLink). */
export function watchFanoutLink(
  io: NatterServer,
  client: RedisClientType,
  log: Logger,
): FanoutLink {
  let closed = false;
  // A send failed since the clients were last told: the other nodes' clients lack its event.
  let owed = false;
  // Each node sets the spread from its own sockets: only it knows how many will sync.
  const tellOwnSockets = () => {
    if (closed) return;
    const event: SyncNeededEvent = { reason: 'fanout_interrupted', withinMs: syncSpread(io) };
    io.local.emit('sync:needed', event);
  };
  const settleOwed = () => {
    if (!owed || closed) return;
    owed = false;
    log.info('fan-out to other nodes works again: their clients sync what they may have missed');
    // Itself a send: if Redis is gone again it fails, is owed again, and goes out on the next
    // `ready`. The other nodes' subscribers may be back later than this node's sends: they then
    // tell their own sockets (receiving), and this node's earlier events are stored by then.
    // This node's own sockets had its events directly.
    io.serverSideEmit('fanout:interrupted');
  };
  // Once the connection is back, the debt is paid at once rather than at the next send: a quiet
  // node would leave the other nodes' clients without its last events until then.
  client.on('ready', settleOwed);
  io.of('/').on('fanout:interrupted', tellOwnSockets);

  return {
    sent<T>(sending: Promise<T>, fallback: T): Promise<T> {
      return sending.then(
        (result) => {
          settleOwed();
          return result;
        },
        (err: unknown) => {
          if (!owed) log.warn({ err }, 'fan-out to other nodes failed: Redis is unreachable');
          owed = true;
          return fallback;
        },
      );
    },
    receiving<C extends RedisClientType>(connection: C): C {
      let lost = false;
      connection.on('error', () => {
        // redis-connection.ts logs the outage once, from the command connection. The listener
        // also keeps node-redis from throwing the 'error' event.
        lost = true;
      });
      connection.on('ready', () => {
        if (!lost) return;
        lost = false;
        tellOwnSockets();
      });
      return connection;
    },
    close() {
      closed = true;
      client.off('ready', settleOwed);
      io.of('/').off('fanout:interrupted', tellOwnSockets);
    },
  };
}

/**
 * How long this node's clients may spread their syncs over (`withinMs`): a few ms per connected
 * socket, so 10,000 clients sync over 20 s, not in the same millisecond, and a handful at once.
 */
function syncSpread(io: NatterServer): number {
  const sockets = io.of('/').sockets.size;
  return Math.min(SPREAD_MAX_MS, Math.max(SPREAD_MIN_MS, sockets * SPREAD_PER_SOCKET_MS));
}
