import type { RedisClientType } from 'redis';
import { attachClusterFanout } from '../cluster/cluster-fanout.js';
import type { PrimaryLink } from '../cluster/primary-link.js';
import type { RedisAdapterKind } from '../config.js';
import type { Logger } from '../logger.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { watchFanoutLink } from './fanout-link.js';
import type { FanoutLink } from './fanout-link.js';
import type { NatterServer } from './socket-types.js';

/**
 * How this node's events reach the sockets of the other nodes. Without Redis there are no other
 * nodes but the other workers of the machine (WORKERS > 1: the cluster adapter, through the
 * primary); a single process has Socket.IO's in-memory adapter and `fence` has nothing to wait for.
 */
export interface Fanout {
  /**
   * Resolves once everything this node has published so far has reached Redis, so that a reply
   * sent after it (an ack, an HTTP response) cannot overtake the change it reports on another
   * node. Never rejects: while Redis is down nothing more can reach it. Between workers, a round
   * trip through the primary (cluster/cluster-fanout.ts says why it suffices).
   */
  fence(): Promise<void>;
  /** No other node serves sockets: every change to this node's channels is made here. */
  readonly alone: boolean;
  close(): Promise<void>;
}

const localFanout: Fanout = {
  fence: async () => undefined,
  alone: true,
  close: async () => undefined,
};

/**
 * The one place that chooses the fan-out: Socket.IO's Redis adapter when Redis is configured
 * (`REDIS_ADAPTER` picks PUB/SUB or streams), else the cluster adapter in a worker of WORKERS > 1
 * (`primary`), else the in-memory default. Either way a Redis
 * outage is survived the same way (fanout-link.ts): the node keeps serving its own sockets, and
 * once Redis is back the clients that may have missed events are told to sync (`sync:needed`).
 */
export async function attachFanout(
  io: NatterServer,
  redis: RedisConnection | undefined,
  kind: RedisAdapterKind,
  log: Logger,
  primary?: PrimaryLink,
): Promise<Fanout> {
  if (!redis) return primary ? attachClusterFanout(io, primary) : localFanout;
  const link = watchFanoutLink(io, redis.client, log);
  const publisher = forAdapters(redis.client, link);
  const channelName = `${redis.keyPrefix}socket.io`;
  if (kind === 'streams') {
    const { createAdapter } = await import('@socket.io/redis-streams-adapter');
    io.adapter(createAdapter(publisher, { streamName: channelName, channelPrefix: channelName }));
    return {
      fence: () => pingThrough(redis.client),
      alone: false,
      async close() {
        link.close();
        // Stops the adapter's stream reader, which would otherwise outlive the node.
        await io.of('/').adapter.close();
      },
    };
  }
  const { createAdapter } = await import('@socket.io/redis-adapter');
  // PUB/SUB needs a connection of its own. It keeps an offline queue: node-redis subscribes again
  // by itself when Redis comes back, and a subscription asked for while Redis is down waits for it.
  const subscriber = link.receiving(redis.client.duplicate({ disableOfflineQueue: false }));
  // Not awaited: with Redis down at start-up it settles only once Redis answers, and the node
  // must start and serve its own clients meanwhile (the adapter's SUBSCRIBEs wait in the queue).
  subscriber.connect().catch(() => {
    // Only a client closed before Redis answered ends here; the link logs nothing for it.
  });
  io.adapter(createAdapter(publisher, quietSubscriptions(subscriber), { key: channelName }));
  return {
    fence: () => pingThrough(redis.client),
    alone: false,
    async close() {
      link.close();
      if (subscriber.isReady) await subscriber.close();
      else subscriber.destroy();
    },
  };
}

const SUBSCRIPTION_COMMANDS = ['subscribe', 'pSubscribe', 'unsubscribe', 'pUnsubscribe'] as const;

/**
 * The subscriber as the PUB/SUB adapter must see it. Its (UN)SUBSCRIBEs wait in the offline
 * queue while Redis is down, so they fail only when the node closes before Redis is back; the
 * adapter does not catch them, and that failure is no news to anyone.
 */
function quietSubscriptions(subscriber: RedisClientType): RedisClientType {
  const quiet = (command: (typeof SUBSCRIPTION_COMMANDS)[number]) => {
    const run = subscriber[command].bind(subscriber) as (...args: unknown[]) => Promise<unknown>;
    return (...args: unknown[]) => {
      const result = run(...args);
      result.catch(() => undefined);
      return result;
    };
  };
  return withOverrides(
    subscriber,
    Object.fromEntries(SUBSCRIPTION_COMMANDS.map((command) => [command, quiet(command)])),
  );
}

/**
 * A PING answered on the connection that publishes: Redis runs a connection's commands in order,
 * so every earlier PUBLISH has reached the subscribers by then.
 */
async function pingThrough(client: RedisClientType): Promise<void> {
  await client.ping().catch(() => undefined);
}

/**
 * The shared client as the adapters must see it:
 * - They send (PUBLISH; XADD for the streams adapter) without catching, or catch silently:
 *   while Redis is down each broadcast would become an unhandled rejection, and nobody would know
 *   that events went missing. Both go through the link, which keeps the failure for the resync
 *   once Redis is back. The events still reach this node's sockets.
 * - The streams adapter reads from a duplicate and retries a failed read at once: on a client
 *   that fails fast while Redis is down (ours, `disableOfflineQueue`) that is a loop of promises
 *   that never yields and freezes the node. Its duplicates wait for Redis instead, and the link
 *   watches them as it watches the PUB/SUB adapter's subscriber.
 * Methods are bound to the real client, whose private fields a proxy as `this` could not reach.
 */
function forAdapters(client: RedisClientType, link: FanoutLink): RedisClientType {
  const publish = (channel: string, message: string | Buffer) =>
    link.sent(client.publish(channel, message), 0);
  const xAdd = (...args: Parameters<RedisClientType['xAdd']>) =>
    // The adapter awaits an entry id only to offer session recovery, which Natter does not use.
    link.sent(client.xAdd(...args), '');
  const duplicate = () => link.receiving(client.duplicate({ disableOfflineQueue: false }));
  return withOverrides(client, { publish, xAdd, duplicate });
}

/**
 * `client` with some methods replaced, as a library that holds it sees it. The other methods are
 * bound to the real client, whose private fields a proxy as `this` could not reach.
 */
function withOverrides(
  client: RedisClientType,
  overrides: Readonly<Record<string, (...args: never[]) => unknown>>,
): RedisClientType {
  return new Proxy(client, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(overrides, property)) {
        return overrides[property];
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
