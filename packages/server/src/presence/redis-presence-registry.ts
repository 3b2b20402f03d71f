import { createHash, randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import type { PresenceLease } from '../config.js';
import type { Logger } from '../logger.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { PeriodicTask } from '../util/periodic-task.js';
import type { PresenceChange, PresenceRegistry } from './presence-registry.js';
import { BEAT, CONNECT, DISCONNECT, LEAVE, REGISTER } from './presence-scripts.js';
import { SocketsByUser } from './sockets-by-user.js';

/** A presence command that has not answered by then fails: the node answers from its memory. */
const COMMAND_TIMEOUT_MS = 1000;
/** Dead nodes one reap removes; more wait for the next pass (each removal is one atomic script). */
const NODES_PER_REAP = 10;

const SCRIPTS = [CONNECT, DISCONNECT, BEAT, REGISTER, LEAVE];
const shaOf = new Map(
  SCRIPTS.map((script) => [script, createHash('sha1').update(script).digest('hex')]),
);

/**
 * What a registry counts, and the namespace of its Redis keys: `presence` (a user is online while
 * they have a connected socket) or `attention` (while a socket of theirs shows the chat).
 */
export type RegistryNamespace = 'presence' | 'attention';

/**
 * Presence for the whole cluster, in Redis: a user is online while any node holds a socket of
 * theirs. Each node has a random id and a lease it renews; a node that stops renewing (it died,
 * or lost Redis) is reaped by any other, and its users who had no other device go offline. The
 * scripts (`presence-scripts.ts`) make every transition atomic.
 *
 * The node keeps its own sockets in memory too (`sockets`), the truth about itself: while Redis is
 * unreachable it answers from that, and once Redis answers again it re-registers them, replacing
 * whatever Redis still holds for it (Redis may have restarted empty, or reaped the node while it
 * was cut off). Every change is made to memory and sent to Redis in the same tick, and one
 * connection runs commands in the order sent, so Redis replays the node's changes in their order
 * and a registration's snapshot is never overtaken by an older change.
 */
export class RedisPresenceRegistry implements PresenceRegistry {
  private readonly nodeId = randomUUID();
  private readonly sockets = new SocketsByUser();
  private readonly commands: RedisClientType;
  private readonly nodesKey: string;
  private readonly nodeKeyPrefix: string;
  private readonly userKeyPrefix: string;
  private readonly heartbeat: PeriodicTask;
  /** Redis holds this node's sockets as `sockets` says; when false, nothing is written until a registration. */
  private inStep = false;
  private registering: Promise<void> | undefined;
  private listener: (change: PresenceChange) => void = () => undefined;
  private readonly registerAgain = () => void this.register();

  private constructor(
    private readonly redis: RedisConnection,
    private readonly lease: PresenceLease,
    private readonly log: Logger,
    namespace: RegistryNamespace,
  ) {
    this.commands = redis.client.withCommandOptions({ timeout: COMMAND_TIMEOUT_MS });
    const keyPrefix = `${redis.keyPrefix}${namespace}:`;
    this.nodesKey = `${keyPrefix}nodes`;
    this.nodeKeyPrefix = `${keyPrefix}node:`;
    this.userKeyPrefix = `${keyPrefix}user:`;
    this.heartbeat = new PeriodicTask(() => this.beat(), lease.renewMs, log);
  }

  /**
   * Registers the node (if Redis answers; else at its return) and starts renewing its lease.
   * Registries of different namespaces share nothing in Redis but the connection.
   */
  static async start(
    redis: RedisConnection,
    lease: PresenceLease,
    log: Logger,
    namespace: RegistryNamespace = 'presence',
  ): Promise<RedisPresenceRegistry> {
    const registry = new RedisPresenceRegistry(redis, lease, log, namespace);
    await registry.register();
    registry.heartbeat.start();
    // Redis back after an outage: re-register at once rather than at the next beat.
    redis.client.on('ready', registry.registerAgain);
    return registry;
  }

  async connect(userId: string, socketId: string): Promise<boolean> {
    const firstHere = this.sockets.add(userId, socketId);
    return this.transition(CONNECT, userId, firstHere);
  }

  async disconnect(userId: string, socketId: string): Promise<boolean> {
    if (!this.sockets.holds(userId, socketId)) return false;
    const lastHere = this.sockets.remove(userId, socketId);
    return this.transition(DISCONNECT, userId, lastHere);
  }

  async online(userIds: readonly string[]): Promise<Set<string>> {
    const online = new Set(userIds.filter((id) => this.sockets.has(id)));
    const elsewhere = userIds.filter((id) => !online.has(id));
    if (elsewhere.length === 0 || !this.redis.isUp()) return online;
    try {
      // Sent in one tick: node-redis writes them as one pipeline.
      const found = await Promise.all(
        elsewhere.map((id) => this.commands.exists(this.userKey(id))),
      );
      elsewhere.forEach((id, i) => {
        if (found[i]) online.add(id);
      });
    } catch (error) {
      this.log.warn(
        { err: error },
        'presence read from Redis failed: answering for this node only',
      );
    }
    return online;
  }

  onChange(listener: (change: PresenceChange) => void): void {
    this.listener = listener;
  }

  /** Stops renewing and says goodbye: removes the node's lease and users (those left). */
  async close(): Promise<void> {
    this.redis.client.off('ready', this.registerAgain);
    await this.heartbeat.close();
    await this.registering;
    if (this.redis.isUp()) {
      try {
        const offline = await this.run<string[]>(
          LEAVE,
          [this.nodesKey],
          [this.nodeKeyPrefix, this.userKeyPrefix, this.nodeId],
        );
        this.report({ online: [], offline });
      } catch (error) {
        // The lease expires by itself and another node reaps what is left.
        this.log.warn({ err: error }, 'presence goodbye failed: left to the reaper');
      }
    }
    this.sockets.clear();
  }

  /**
   * Sends a connect or disconnect (already made in memory) to Redis and returns its cluster-wide
   * answer; out of step with Redis, this node's own answer (`hereAnswer`), as a single node's.
   */
  private async transition(script: string, userId: string, hereAnswer: boolean): Promise<boolean> {
    if (!this.inStep || !this.redis.isUp()) return hereAnswer;
    try {
      const answer = await this.run<number>(
        script,
        [this.nodesKey, this.userKey(userId), this.nodeKey()],
        [this.nodeId, userId],
      );
      if (answer !== -1) return answer === 1;
      // The lease is gone (reaped during a stall, or Redis restarted): nothing was written. The
      // registration writes this change with the rest and reports who came back online.
      this.outOfStep('presence lease lost: re-registering this node');
      void this.register();
      return false;
    } catch (error) {
      this.outOfStep('presence write to Redis failed: answering for this node only', error);
      return hereAnswer;
    }
  }

  /**
   * Writes this node's sockets to Redis, replacing what it holds for the node, and takes a fresh
   * lease; reports users whose presence that changed. One at a time: a request while one runs
   * shares it (its snapshot already holds every change that asked for it).
   */
  private register(): Promise<void> {
    this.registering ??= this.sendRegistration().finally(() => (this.registering = undefined));
    return this.registering;
  }

  private async sendRegistration(): Promise<void> {
    if (!this.redis.isUp()) return;
    const users = this.sockets.counts().flatMap(([userId, count]) => [userId, String(count)]);
    // Loaded first on the same connection: after a Redis restart the scripts are gone, and
    // falling back to EVAL per command would reorder a retried command behind later ones.
    const loads = SCRIPTS.map((script) => this.commands.scriptLoad(script));
    const registration = this.run<[string[], string[]]>(
      REGISTER,
      [this.nodesKey, this.nodeKey()],
      [this.nodeId, String(this.lease.leaseMs), this.userKeyPrefix, ...users],
    );
    // Writes sent from now on run after the registration.
    this.inStep = true;
    try {
      const [, [online, offline]] = await Promise.all([Promise.all(loads), registration]);
      this.report({ online, offline });
    } catch (error) {
      this.outOfStep('presence registration failed: retrying at the next beat', error);
    }
  }

  /** Renews the lease and reaps dead nodes, in one command; re-registers if the lease was lost. */
  private async beat(): Promise<void> {
    if (!this.redis.isUp()) return;
    try {
      if (!this.inStep) await this.register();
      const [renewed, offline] = await this.run<[number, string[]]>(
        BEAT,
        [this.nodesKey],
        [
          this.nodeId,
          String(this.lease.leaseMs),
          this.nodeKeyPrefix,
          this.userKeyPrefix,
          String(NODES_PER_REAP),
        ],
      );
      this.report({ online: [], offline });
      // Not when the registration above just failed: it is retried at the next beat anyway.
      if (renewed === 0 && this.inStep) {
        this.outOfStep('presence lease lost: re-registering this node');
        await this.register();
      }
    } catch (error) {
      this.outOfStep('presence heartbeat failed: retrying at the next beat', error);
    }
  }

  private outOfStep(message: string, error?: unknown): void {
    // Logged once per episode, not at every failing beat.
    if (this.inStep) this.log.warn({ err: error }, message);
    this.inStep = false;
  }

  private report(change: PresenceChange): void {
    if (change.online.length > 0 || change.offline.length > 0) this.listener(change);
  }

  private async run<T>(script: string, keys: string[], args: string[]): Promise<T> {
    const sha = shaOf.get(script);
    if (!sha) throw new Error('unknown presence script');
    return (await this.commands.evalSha(sha, { keys, arguments: args })) as T;
  }

  private userKey(userId: string): string {
    return this.userKeyPrefix + userId;
  }

  private nodeKey(): string {
    return this.nodeKeyPrefix + this.nodeId;
  }
}
