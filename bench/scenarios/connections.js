import { idleClientsOf } from '../lib/plan.js';
import { sampleProcess } from '../lib/proc-stats.js';

/** RSS (MiB) of all the target's server processes. @param {import('../lib/targets.js').RunningTarget} target */
const serverRssMiB = (target) => target.pids.reduce((n, pid) => n + sampleProcess(pid).rssMiB, 0);

/**
 * Idle authenticated sockets: server memory per connection (RSS growth of all the target's
 * processes / sockets, after a GC settle) and the connect rate.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function connections(target, agents, plan, sizes) {
  const [agent] = agents;
  const users = idleClientsOf(plan);
  const results = [];
  // One baseline before any socket: freed sockets do not give their memory back to the OS, so a
  // later step measured from its own start would look cheaper than it is.
  await settle();
  const rssBeforeMiB = serverRssMiB(target);
  for (const count of sizes.connections) {
    const connected = await agent.call('idle.connect', {
      urls: target.urls,
      clients: users.slice(0, count),
      concurrency: 200,
    });
    await settle();
    const rssAfterMiB = serverRssMiB(target);
    await agent.call('idle.close', {});
    results.push({
      sockets: count,
      ...connected,
      rssBeforeMiB: Math.round(rssBeforeMiB),
      rssAfterMiB: Math.round(rssAfterMiB),
      kibPerConnection: Math.round(((rssAfterMiB - rssBeforeMiB) * 1024) / connected.connected),
    });
  }
  return results;
}

const settle = () => new Promise((r) => setTimeout(r, 2000));
