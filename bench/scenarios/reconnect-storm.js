import { IDLE_ROOM_MESSAGES, idleClientsOf } from '../lib/plan.js';

/** Messages each client missed while away (the newest of its room's seeded messages). */
const MISSED = 10;

/**
 * `stormClients` connected clients all drop and come back at once; each then syncs its room
 * from the seq it had seen. Time until every client is connected and synced.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function reconnectStorm(target, agents, plan, sizes) {
  const [agent] = agents;
  const clients = idleClientsOf(plan).slice(0, sizes.stormClients);
  const connected = await agent.call('idle.connect', {
    urls: target.urls,
    clients,
    concurrency: 200,
  });
  const sync = target.name.startsWith('natter');
  const storm = await agent.call('idle.storm', {
    urls: target.urls,
    clients,
    afterSeq: sync ? IDLE_ROOM_MESSAGES - MISSED : undefined,
    expectMissed: MISSED,
    concurrency: 1000,
  });
  await agent.call('idle.close', {});
  return { connectedBefore: connected.connected, synced: sync, ...storm };
}
