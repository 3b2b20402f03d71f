import { withServerUsage } from './measure.js';
import { mergeRuns, onAll } from './merge.js';

/**
 * One room of `fanoutMembers` members and one sender flat out (a few sends in flight):
 * deliveries per second and receive latency. The members are split over the generator
 * processes; the first one holds the sender.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function fanout(target, agents, plan, sizes) {
  const room = plan.fanout;
  await connectFanoutRoom(target, agents, room);
  const result = await withServerUsage(target, async () =>
    mergeRuns(
      await onAll(agents, 'chat.sendFlatOut', () => ({
        tag: 'fan',
        window: 4,
        durationMs: sizes.fanoutMs,
      })),
      sizes.fanoutMs,
    ),
  );
  await onAll(agents, 'chat.close', () => ({}));
  // Each process only knows its own members: the loss is counted over the whole room here.
  const lostDeliveries = result.acked * room.members.length - result.deliveries;
  return { members: room.members.length, ...result, lostDeliveries };
}

/**
 * Connects the fan-out room's members, split over the generator processes; the first one holds
 * the sender. `options` go to every process's `chat.connect` (e.g. `readEach`).
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan['fanout']} room
 * @param {Record<string, unknown>} [options]
 */
export async function connectFanoutRoom(target, agents, room, options = {}) {
  const share = Math.ceil(room.members.length / agents.length);
  await onAll(agents, 'chat.connect', (i) => ({
    urls: target.urls,
    rooms: [{ id: room.id, members: room.members.slice(i * share, (i + 1) * share) }],
    sendersPerRoom: i === 0 ? 1 : 0,
    ...options,
  }));
}
