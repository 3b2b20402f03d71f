import { withServerUsage } from './measure.js';
import { mergeRuns, onAll } from './merge.js';

/**
 * The conversations' 10-member rooms only, every member sending flat out with two sends in
 * flight: few rooms, all busy. On a cluster a room's members sit on different nodes, so every
 * node's group-commit batch writes the same rooms at the same moment — where batches of
 * different nodes could deadlock. The deadlocks themselves are counted over the target's whole
 * run (`storage.deadlocks`), when PostgreSQL has published them; here: throughput, latency,
 * failed sends, to set beside the 1-node target's.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function hotRooms(target, agents, plan, sizes) {
  const rooms = plan.conversations.filter((r) => r.members.length === 10);
  await onAll(agents, 'chat.connect', (i) => ({
    urls: target.urls,
    rooms: rooms.filter((_, r) => r % agents.length === i),
    sendersPerRoom: 1_000_000,
  }));
  const result = await withServerUsage(target, async () =>
    mergeRuns(
      await onAll(agents, 'chat.sendFlatOut', () => ({
        tag: 'hot',
        window: 2,
        durationMs: sizes.flatMs,
      })),
      sizes.flatMs,
    ),
  );
  await onAll(agents, 'chat.close', () => ({}));
  return { rooms: rooms.length, ...result };
}
