import { Latencies } from '../lib/percentiles.js';
import { connectFanoutRoom } from './fanout.js';
import { withServerUsage } from './measure.js';
import { mergeRuns, onAll } from './merge.js';

/**
 * Read receipts in a big room: the fan-out room's members (`fanoutMembers`), one sender at
 * `readsRate` messages/s for `readsMs`, and every other member marking each message read as it
 * arrives, as clients showing the room do. What it costs: the receipt packets the members are
 * handed (per member per second; told one by one that is members² per message), the reads'
 * acks, message latency meanwhile, and the server's and database's CPU.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function fanoutReads(target, agents, plan, sizes) {
  const room = plan.fanout;
  await connectFanoutRoom(target, agents, room, { readEach: true });
  /** @type {Record<string, any>[]} */
  let parts = [];
  const result = await withServerUsage(target, async () => {
    parts = await onAll(agents, 'chat.sendAtRate', () => ({
      tag: 'read',
      rate: sizes.readsRate,
      durationMs: sizes.readsMs,
    }));
    return mergeRuns(parts, sizes.readsMs);
  });
  await onAll(agents, 'chat.close', () => ({}));
  /** @param {string} key */
  const sum = (key) => parts.reduce((n, p) => n + (p[key] ?? 0), 0);
  const memberSeconds = (room.members.length * result.elapsedMs) / 1000;
  return {
    members: room.members.length,
    ...result,
    reads: sum('reads'),
    readsAcked: sum('readsAcked'),
    readsFailed: sum('readsFailed'),
    firstReadError: parts.find((p) => p.firstReadError)?.firstReadError,
    readToAck: Latencies.merge(parts.map((p) => p.readAck)).summary(),
    readPackets: sum('readPackets'),
    readsTold: sum('readsTold'),
    deliveredPackets: sum('deliveredPackets'),
    readPacketsPerMemberSecond: Math.round(sum('readPackets') / memberSeconds),
    deliveredPacketsPerMemberSecond: Math.round(sum('deliveredPackets') / memberSeconds),
  };
}
