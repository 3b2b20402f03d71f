import { withServerUsage } from './measure.js';
import { mergeRuns, onAll } from './merge.js';

/**
 * Many 2- and 10-member rooms, every member sending: fixed rates stepped up until the server
 * stops keeping up (the knee), then flat out (closed loop). Rooms are dealt to the generator
 * processes whole, so each process checks its rooms' deliveries itself.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function conversations(target, agents, plan, sizes) {
  const connected = await onAll(agents, 'chat.connect', (i) => ({
    urls: target.urls,
    rooms: plan.conversations.filter((_, r) => r % agents.length === i),
    sendersPerRoom: 1_000_000,
    hidden: target.pushSink !== undefined,
  }));
  const steps = [];
  for (const rate of sizes.rateSteps) {
    const step = await withServerUsage(target, async () =>
      mergeRuns(
        await onAll(agents, 'chat.sendAtRate', () => ({
          tag: `r${rate}`,
          rate: rate / agents.length,
          durationMs: sizes.stepMs,
        })),
        sizes.stepMs,
      ),
    );
    steps.push({ rate, ...step });
    // Past the knee: the server no longer keeps up with the offered rate.
    if (step.messagesPerSecond < rate * 0.9 || step.sendToReceive.p99 > 1000) break;
  }
  const flat = await withServerUsage(target, async () =>
    mergeRuns(
      await onAll(agents, 'chat.sendFlatOut', () => ({
        tag: 'flat',
        window: 1,
        durationMs: sizes.flatMs,
      })),
      sizes.flatMs,
    ),
  );
  await onAll(agents, 'chat.close', () => ({}));
  return {
    sockets: connected.reduce((n, c) => n + c.sockets, 0),
    senders: connected.reduce((n, c) => n + c.senders, 0),
    steps,
    flat,
  };
}
