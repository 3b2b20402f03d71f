import { sampleProcess } from '../lib/proc-stats.js';

/**
 * Idle authenticated sockets: server memory per connection (RSS growth / sockets, after a GC
 * settle) and the connect rate.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function connections(target, agents, plan, sizes) {
  const [agent] = agents;
  const users = plan.idle.flatMap((r) => r.members.map((m) => ({ token: m.token, roomId: r.id })));
  const results = [];
  // One baseline before any socket: freed sockets do not give their memory back to the OS, so a
  // later step measured from its own start would look cheaper than it is.
  await settle();
  const before = sampleProcess(target.pid);
  for (const count of sizes.connections) {
    const connected = await agent.call('idle.connect', {
      url: target.url,
      clients: users.slice(0, count),
      concurrency: 200,
    });
    await settle();
    const after = sampleProcess(target.pid);
    await agent.call('idle.close', {});
    results.push({
      sockets: count,
      ...connected,
      rssBeforeMiB: Math.round(before.rssMiB),
      rssAfterMiB: Math.round(after.rssMiB),
      kibPerConnection: Math.round(((after.rssMiB - before.rssMiB) * 1024) / connected.connected),
    });
  }
  return results;
}

const settle = () => new Promise((r) => setTimeout(r, 2000));
