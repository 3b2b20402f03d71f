import type { RedisClientType } from 'redis';
import type { RedisAdapterKind } from '../config.js';
import type { Logger } from '../logger.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { NatterServer } from './socket-types.js';

/**
 * How this node's events reach the sockets of the other nodes. Without Redis there are no other
 * nodes: Socket.IO's in-memory adapter is the fan-out and `fence` has nothing to wait for.
 */
export interface Fanout {
  /**
   * Resolves once everything this node has published so far has reached Redis, so that a reply
   * sent after it (an ack, an HTTP response) cannot overtake the change it reports on another
   * node. Never rejects: while Redis is down nothing more can reach it.
   */
  fence(): Promise<void>;
  close(): Promise<void>;
}

const localFanout: Fanout = { fence: async () => undefined, close: async () => undefined };

/**
 * The one place that chooses the fan-out: Socket.IO's Redis adapter when Redis is configured
 * (`REDIS_ADAPTER` picks PUB/SUB or streams), else the in-memory default.
 */
export async function attachFanout(
  io: NatterServer,
  redis: RedisConnection | undefined,
  kind: RedisAdapterKind,
  log: Logger,
): Promise<Fanout> {
  if (!redis) return localFanout;
  const publisher = forAdapters(redis.client, log);
  const channelName = `${redis.keyPrefix}socket.io`;
  if (kind === 'streams') {
    const { createAdapter } = await import('@socket.io/redis-streams-adapter');
    io.adapter(createAdapter(publisher, { streamName: channelName, channelPrefix: channelName }));
    return {
      fence: () => pingThrough(redis.client),
      // Stops the adapter's stream reader, which would otherwise outlive the node.
      close: async () => void (await io.of('/').adapter.close()),
    };
  }
  const { createAdapter } = await import('@socket.io/redis-adapter');
  // PUB/SUB needs a connection of its own. It keeps an offline queue: node-redis subscribes again
  // by itself when Redis comes back, and a subscription asked for while Redis is down waits for it.
  const subscriber = redis.client.duplicate({ disableOfflineQueue: false });
  subscriber.on('error', () => {
    // redis-connection.ts logs the outage once, from the command connection.
  });
  await subscriber.connect().catch(() => undefined);
  io.adapter(createAdapter(publisher, subscriber, { key: channelName }));
  return {
    fence: () => pingThrough(redis.client),
    async close() {
      if (subscriber.isReady) await subscriber.close();
      else subscriber.destroy();
    },
  };
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
 * - They publish without catching: while Redis is down each broadcast would become an unhandled
 *   rejection. The events still reach this node's sockets; the other nodes' clients catch up by
 *   syncing once Redis is back.
 * - The streams adapter reads from a duplicate and retries a failed read at once: on a client
 *   that fails fast while Redis is down (ours, `disableOfflineQueue`) that is a loop of promises
 *   that never yields and freezes the node. Its duplicate waits for Redis instead.
 * Methods are bound to the real client, whose private fields a proxy as `this` could not reach.
 */
function forAdapters(client: RedisClientType, log: Logger): RedisClientType {
  let failing = false;
  const publish = (channel: string, message: string | Buffer) =>
    client.publish(channel, message).then(
      (receivers) => {
        failing = false;
        return receivers;
      },
      (err: unknown) => {
        if (!failing) log.warn({ err }, 'fan-out to other nodes failed: Redis is unreachable');
        failing = true;
        return 0;
      },
    );
  return new Proxy(client, {
    get(target, property) {
      if (property === 'publish') return publish;
      if (property === 'duplicate') return () => client.duplicate({ disableOfflineQueue: false });
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
