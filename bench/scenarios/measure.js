import {
  commitTimingsBetween,
  eventLoopLagBetween,
  sampleCommitTimings,
  sampleEventLoopLag,
} from '../lib/commit-timings.js';
import {
  databaseCpuSecondsBetween,
  percentOfOneCore,
  sampleDatabase,
  sampleProcess,
  usageBetween,
} from '../lib/proc-stats.js';

/**
 * CPU of a cluster target's Redis process and the commands it has processed.
 * @param {import('../lib/redis-server.js').BenchRedis} redis
 */
const sampleRedis = async (redis) => ({
  ...sampleProcess(redis.pid),
  commands: await redis.commandsProcessed(),
});

/**
 * Runs `work` and adds what it cost: the CPU (% of one core, summed over a cluster's nodes) and
 * RSS of the target's server processes, the CPU of the PostgreSQL cluster (0 for targets without
 * one; PGlite runs inside the server process), and for a cluster its Redis's CPU and commands.
 * `perMessage` divides the CPU (µs) and Redis commands by the acked messages, the figures that
 * scale to a larger deployment.
 * @template {{ acked: number }} T
 * @param {import('../lib/targets.js').RunningTarget} target @param {() => Promise<T>} work
 */
export async function withServerUsage(target, work) {
  const redis = target.redis;
  const before = target.pids.map(sampleProcess);
  const databaseBefore = sampleDatabase();
  const redisBefore = redis && (await sampleRedis(redis));
  const commitBefore = await sampleCommitTimings(target);
  const loopLagBefore = await sampleEventLoopLag(target);
  const result = await work();
  const after = target.pids.map(sampleProcess);
  const databaseAfter = sampleDatabase();
  const redisAfter = redis && (await sampleRedis(redis));
  const commitAfter = await sampleCommitTimings(target);
  const loopLagAfter = await sampleEventLoopLag(target);

  const wallSeconds = ((after[0]?.at ?? 0) - (before[0]?.at ?? 0)) / 1000;
  const server = usageBetween(before, after);
  const databaseCpuSeconds = databaseCpuSecondsBetween(databaseBefore, databaseAfter);
  const redisUsage = redisBefore &&
    redisAfter && {
      cpuSeconds: redisAfter.cpuSeconds - redisBefore.cpuSeconds,
      commands: redisAfter.commands - redisBefore.commands,
    };
  /** @param {number} cpuSeconds */
  const microsPerMessage = (cpuSeconds) => Math.round((cpuSeconds * 1e6) / result.acked);
  return {
    ...result,
    server: { cpuPercent: server.cpuPercent, rssMiB: server.rssMiB, nodes: target.pids.length },
    databaseCpuPercent: percentOfOneCore(databaseCpuSeconds, wallSeconds),
    // Group commit's latency (Natter targets): queue → statement answered, and the statement.
    commit: commitTimingsBetween(commitBefore, commitAfter),
    // How late the nodes' event loops ran (Natter targets): what a packet waits before its handler.
    eventLoopLag: eventLoopLagBetween(loopLagBefore, loopLagAfter),
    redis: redisUsage && {
      cpuPercent: percentOfOneCore(redisUsage.cpuSeconds, wallSeconds),
      commands: redisUsage.commands,
    },
    perMessage:
      result.acked > 0
        ? {
            serverCpuMicros: microsPerMessage(server.cpuSeconds),
            databaseCpuMicros: microsPerMessage(databaseCpuSeconds),
            redisCpuMicros: redisUsage && microsPerMessage(redisUsage.cpuSeconds),
            redisCommands: redisUsage && Math.round((redisUsage.commands / result.acked) * 10) / 10,
          }
        : undefined,
  };
}
