import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import type { PresenceChange } from '../src/presence/presence-registry.js';
import { BEAT } from '../src/presence/presence-scripts.js';
import type { RegistryNamespace } from '../src/presence/redis-presence-registry.js';
import { RedisPresenceRegistry } from '../src/presence/redis-presence-registry.js';
import type { RedisConnection } from '../src/redis/redis-connection.js';
import { openRedis } from '../src/redis/redis-connection.js';
import { clusterCanRun } from './helpers/cluster.js';
import { eventually } from './helpers/message-helpers.js';
import { PrivateRedis } from './helpers/private-redis.js';

const log = createLogger('silent');
const lease = { leaseMs: 1500, renewMs: 100 };
const NODES = 'natter:presence:nodes';
/** A heartbeat's arguments for a node without a lease: it renews nothing and only reaps. */
const beatOf = (nodeId: string) => [
  nodeId,
  '1500',
  'natter:presence:node:',
  'natter:presence:user:',
  '10',
];

// The registries without servers, on a Redis of their own; once per run (with the cluster tests).
describe.skipIf(!clusterCanRun)('the Redis presence registry', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const privateRedis = async () => {
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.stop());
    const peek = createClient({ url: redis.url });
    // Redis stopped by a test: the peek reconnects by itself, quietly.
    peek.on('error', () => undefined);
    await peek.connect();
    cleanups.push(() => peek.close());
    return { redis, peek };
  };
  /** A node's registry, and every change it reports that no connect or disconnect answered. */
  const node = async (redis: PrivateRedis, namespace: RegistryNamespace = 'presence') => {
    const connection: RedisConnection = (await openRedis(
      { url: redis.url, keyPrefix: 'natter:' },
      log,
    ))!;
    const registry = await RedisPresenceRegistry.start(connection, lease, log, namespace);
    const changes: PresenceChange[] = [];
    registry.onChange((change) => changes.push(change));
    cleanups.push(
      () => connection.close(),
      () => registry.close(),
    );
    return { registry, changes };
  };

  it('answers "first device" and "last device" for the whole cluster', async () => {
    const { redis } = await privateRedis();
    const [a, b] = [await node(redis), await node(redis)];
    expect(await a.registry.connect('u', 's1')).toBe(true);
    expect(await b.registry.connect('u', 's2')).toBe(false);
    expect(await a.registry.connect('u', 's3')).toBe(false);
    expect(await b.registry.online(['u', 'v'])).toEqual(new Set(['u']));
    expect(await a.registry.disconnect('u', 's1')).toBe(false);
    expect(await b.registry.disconnect('u', 's2')).toBe(false);
    // A socket the registry never counted (its setup failed) changes nothing.
    expect(await b.registry.disconnect('u', 'never')).toBe(false);
    expect(await a.registry.disconnect('u', 's3')).toBe(true);
    expect(await b.registry.online(['u'])).toEqual(new Set());
  });

  it('lets one reaper only claim a lapsed node', async () => {
    const { redis, peek } = await privateRedis();
    const a = await node(redis);
    await a.registry.connect('u', 's1');
    const [nodeId] = await peek.zRange(NODES, 0, -1);
    // The lease lapses (as if the node had stopped renewing); two reapers run one after another.
    await peek.zAdd(NODES, { score: 0, value: nodeId! });
    const reap = () => peek.eval(BEAT, { keys: [NODES], arguments: beatOf('reaper') });
    expect(await reap()).toEqual([0, ['u']]);
    expect(await reap()).toEqual([0, []]);
  });

  it('a node reaped while merely slow registers its users again and reports them back online', async () => {
    const { redis, peek } = await privateRedis();
    const a = await node(redis);
    const b = await node(redis);
    await a.registry.connect('u', 's1');
    const nodeIds = await peek.zRange(NODES, 0, -1);
    const members = await Promise.all(
      nodeIds.map((id) => peek.sMembers(`natter:presence:node:${id}`)),
    );
    const aId = nodeIds[members.findIndex((users) => users.includes('u'))];
    // A's lease lapses and another node reaps it before A's next renewal (A stalled), in one step.
    const [, reaped] = await peek
      .multi()
      .zAdd(NODES, { score: 0, value: aId! })
      .eval(BEAT, { keys: [NODES], arguments: beatOf('reaper') })
      .exec();
    expect(reaped).toEqual([0, ['u']]);
    expect(await b.registry.online(['u'])).toEqual(new Set());
    // A's next beat finds its lease gone, registers again and reports Alice back.
    await eventually(async () => a.changes.some((c) => c.online.includes('u')));
    expect(await b.registry.online(['u'])).toEqual(new Set(['u']));
    expect(await a.registry.connect('u', 's2')).toBe(false);
    expect(await a.registry.disconnect('u', 's1')).toBe(false);
    expect(await a.registry.disconnect('u', 's2')).toBe(true);
  });

  it('answers from its own sockets while Redis is down, and re-registers them when it is back', async () => {
    const { redis } = await privateRedis();
    const [a, b] = [await node(redis), await node(redis)];
    await a.registry.connect('u', 's1');
    await redis.stop();
    // A's own knowledge, at once: neither a throw nor a wait.
    expect(await a.registry.connect('v', 's2')).toBe(true);
    expect(await a.registry.disconnect('u', 's1')).toBe(true);
    expect(await b.registry.online(['u', 'v'])).toEqual(new Set());
    await redis.restart();
    await eventually(async () => (await b.registry.online(['u', 'v'])).has('v'), {
      timeoutMs: 10_000,
    });
    expect(await b.registry.online(['u'])).toEqual(new Set());
  });

  it('keeps registries of different namespaces apart: attention is not presence', async () => {
    const { redis, peek } = await privateRedis();
    const [presence, attention] = [await node(redis), await node(redis, 'attention')];
    expect(await attention.registry.connect('u', 's1')).toBe(true);
    expect(await presence.registry.online(['u'])).toEqual(new Set());
    expect(await presence.registry.connect('u', 's1')).toBe(true);
    expect(await attention.registry.disconnect('u', 's1')).toBe(true);
    expect(await presence.registry.online(['u'])).toEqual(new Set(['u']));
    expect(await peek.zCard('natter:attention:nodes')).toBe(1);
    expect(await peek.zCard(NODES)).toBe(1);
  });

  it('idle, each registry costs Redis one command per beat: the heartbeat script', async () => {
    const { redis, peek } = await privateRedis();
    await node(redis);
    await node(redis, 'attention');
    const monitor = peek.duplicate();
    await monitor.connect();
    cleanups.push(() => monitor.close());
    const commands: string[] = [];
    // What clients sent; not the commands that scripts ran inside Redis (`[0 lua]`).
    await monitor.monitor((line) => {
      if (!line.includes(' lua]')) commands.push(line);
    });
    const beatsOf = (namespace: RegistryNamespace) =>
      commands.filter((line) => line.includes(`"natter:${namespace}:nodes"`)).length;
    await eventually(async () => beatsOf('presence') >= 5 && beatsOf('attention') >= 5);
    const beat = createHash('sha1').update(BEAT).digest('hex');
    expect(commands.filter((line) => !line.includes(`"EVALSHA" "${beat}"`))).toEqual([]);
  });
});
