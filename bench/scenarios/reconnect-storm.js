import { mergeRuns } from './merge.js';
import { IDLE_ROOM_MESSAGES, idleClientsOf } from '../lib/plan.js';
import {
  databaseCpuSecondsBetween,
  sampleDatabase,
  sampleProcess,
  usageBetween,
} from '../lib/proc-stats.js';

/** Messages each client missed while away (the newest of its room's seeded messages). */
const MISSED = 10;
/** The probe: conversations that go on through the storm, at a rate any target keeps up with. */
const PROBE_ROOMS = 20;
const PROBE_RATE = 50;

/**
 * `stormClients` connected clients all drop and come back at once; each then syncs its room
 * from the seq it had seen. Time until every client is connected and synced, and what the storm
 * does to the users already online: a second generator keeps `PROBE_RATE` messages a second
 * going in `PROBE_ROOMS` direct rooms throughout (their send→ack and send→receive latency).
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
  // CPU per client (server, database, generator): unlike the duration, robust to a shared machine.
  const before = target.pids.map(sampleProcess);
  const generatorBefore = sampleProcess(agent.pid);
  const databaseBefore = sampleDatabase();
  const probe = agents[1] && (await startProbe(agents[1], target, plan));
  const storm = await agent.call('idle.storm', {
    urls: target.urls,
    clients,
    afterSeq: sync ? IDLE_ROOM_MESSAGES - MISSED : undefined,
    expectMissed: MISSED,
    concurrency: 1000,
  });
  const server = usageBetween(before, target.pids.map(sampleProcess));
  const generator = usageBetween([generatorBefore], [sampleProcess(agent.pid)]);
  const databaseCpuSeconds = databaseCpuSecondsBetween(databaseBefore, sampleDatabase());
  const probeResult = await probe?.stop();
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
      // The clients' side (socket.io-client, one process): on a 2-core machine it shares the
      // cores with the server and the database, so it bounds the storm as much as they do.
      generatorCpuMicros: microsPerClient(generator.cpuSeconds),
    },
    probe: probeResult,
  };
}

/**
 * Connects the probe's rooms and starts their traffic; `stop` ends it and returns its run.
 * @param {import('../lib/agent.js').Agent} agent
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/plan.js').Plan} plan
 */
async function startProbe(agent, target, plan) {
  await agent.call('chat.connect', {
    urls: target.urls,
    rooms: plan.conversations.slice(0, PROBE_ROOMS),
    sendersPerRoom: 1,
  });
  const run = agent.call('chat.sendAtRate', {
    tag: 'storm-probe',
    rate: PROBE_RATE,
    durationMs: 10 * 60_000,
  });
  return {
    async stop() {
      await agent.call('chat.stopSending', {});
      const result = await run;
      await agent.call('chat.close', {});
      return mergeRuns([result], result.elapsedMs);
    },
  };
}
