import { IDLE_ROOM_MESSAGES, idleClientsOf } from '../lib/plan.js';
import {
  databaseCpuSecondsBetween,
  sampleDatabase,
  sampleProcess,
  usageBetween,
} from '../lib/proc-stats.js';

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
  // CPU per client (server and database): unlike the storm's duration, robust to a shared machine.
  const before = target.pids.map(sampleProcess);
  const databaseBefore = sampleDatabase();
  const storm = await agent.call('idle.storm', {
    urls: target.urls,
    clients,
    afterSeq: sync ? IDLE_ROOM_MESSAGES - MISSED : undefined,
    expectMissed: MISSED,
    concurrency: 1000,
  });
  const server = usageBetween(before, target.pids.map(sampleProcess));
  const databaseCpuSeconds = databaseCpuSecondsBetween(databaseBefore, sampleDatabase());
  await agent.call('idle.close', {});
  /** @param {number} cpuSeconds */
  const microsPerClient = (cpuSeconds) => Math.round((cpuSeconds * 1e6) / clients.length);
  return {
    connectedBefore: connected.connected,
    synced: sync,
    ...storm,
    perClient: {
      serverCpuMicros: microsPerClient(server.cpuSeconds),
      databaseCpuMicros: microsPerClient(databaseCpuSeconds),
    },
  };
}
