/**
 * `npm run bench` / `npm run bench:quick`: starts every target in turn on this machine, drives
 * it from a separate load-generator process, prints the comparison table and writes the JSON.
 *
 * Options: --quick, --targets=ceiling,naive,natter-pg,natter-pglite (also the cluster targets
 * natter-pg-redis-<n> and natter-pg-streams-<n>: n Natter nodes, 1–9, on one database and a Redis
 * of the run's own, with the pub/sub or the streams adapter; clients spread over the nodes; and
 * natter-pg-push: every conversation member subscribed to Web Push and away, see targets.js;
 * natter-pg-workers-<n|auto>: WORKERS=n, one port and n worker processes without Redis),
 * --scenarios=conversations,fanout,history,connections,storm (also hot-rooms: every member of
 * the 10-member rooms sending flat out, for the cluster targets; search: GET /api/search on a
 * 1M-message population of its own, PostgreSQL targets; fanout-reads: the fan-out room's
 * members marking each message read as it arrives), --generators=2 (load-generator
 * processes), --server-node-args="--cpu-prof", --before-dist=<another server build's dist>
 * (adds targets natter-pg-before and natter-pglite-before), --storm-clients=<n> (the storm's size
 * instead of the run's: 2,000 for the embedded default).
 */
import { parseArgs } from 'node:util';
import { startAgent } from './lib/agent.js';
import { buildPlan, IDLE_ROOM_MESSAGES } from './lib/plan.js';
import { searchTable, sendingRuns, table, writeJson } from './lib/report.js';
import { sizesFor } from './lib/sizes.js';
import { startTarget } from './lib/targets.js';
import { connections } from './scenarios/connections.js';
import { conversations } from './scenarios/conversations.js';
import { fanout } from './scenarios/fanout.js';
import { fanoutReads } from './scenarios/fanout-reads.js';
import { history } from './scenarios/history.js';
import { hotRooms } from './scenarios/hot-rooms.js';
import { reconnectStorm } from './scenarios/reconnect-storm.js';
import { search } from './scenarios/search.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    targets: { type: 'string', default: 'ceiling,naive,natter-pg,natter-pglite' },
    scenarios: { type: 'string', default: 'conversations,fanout,history,connections,storm' },
    'server-node-args': { type: 'string', default: '' },
    generators: { type: 'string', default: '2' },
    'before-dist': { type: 'string' },
    'storm-clients': { type: 'string' },
  },
});

const sizes = {
  ...sizesFor(values.quick),
  // The embedded default's storm is 2,000 clients (the size for PGlite), not 10,000.
  ...(values['storm-clients'] ? { stormClients: Number(values['storm-clients']) } : {}),
};
const plan = buildPlan(sizes);
const scenarioNames = values.scenarios.split(',');
/** @type {Record<string, (...args: Parameters<typeof conversations>) => Promise<unknown>>} */
const scenarios = {
  conversations,
  fanout,
  'fanout-reads': fanoutReads,
  'hot-rooms': hotRooms,
  history,
  connections,
  storm: reconnectStorm,
  search,
};
const nodeArgs = values['server-node-args'].split(' ').filter(Boolean);
const startedAt = new Date();

/** @type {Record<string, any>[]} */
const results = [];
// Below 5432 (PostgreSQL) and 6379 (Redis): one run takes up to 32 consecutive ports, one per
// server process and one per cluster target's Redis (every target at once takes 24).
const PORTS_PER_RUN = 32;
const firstPort = 4100 + (process.pid % 36) * PORTS_PER_RUN;
let nextPort = firstPort;
const ports = () => {
  if (nextPort === firstPort + PORTS_PER_RUN) throw new Error('this run has used all its ports');
  return nextPort++;
};
for (const name of /** @type {import('./lib/targets.js').TargetName[]} */ (
  values.targets.split(',')
)) {
  const t0 = performance.now();
  console.log(`\n== ${name}: seeding and starting`);
  const target = await startTarget(name, {
    ports,
    plan,
    // The big room's messages are the history scenario's alone, the idle rooms' the storm's (it
    // syncs them): a run without it skips their seeding. Both are the newest messages of the
    // database, which a newest-first search would otherwise walk through first.
    historyMessages: scenarioNames.includes('history') ? sizes.historyMessages : 0,
    idleRoomMessages: scenarioNames.includes('storm') ? IDLE_ROOM_MESSAGES : 0,
    nodeArgs,
    beforeDist: values['before-dist'],
  });
  const agents = Array.from({ length: Number(values.generators) }, startAgent);
  // Interrupted (Ctrl-C, timeout): stop what this run started, and its storage, before leaving.
  const interrupted = async () => {
    for (const agent of agents) agent.stop();
    await target.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  /** @type {Record<string, any>} */
  const result = { target: name };
  try {
    for (const scenario of scenarioNames) {
      if (scenario === 'history' && name === 'ceiling') continue;
      if (scenario === 'search' && (name === 'ceiling' || name === 'naive')) continue;
      const s0 = performance.now();
      try {
        result[scenario] = await scenarios[scenario]?.(target, agents, plan, sizes);
      } catch (error) {
        result[scenario] = { error: String(error) };
      }
      console.log(`   ${scenario}: ${Math.round(performance.now() - s0)} ms`);
    }
    if (target.persists) {
      const acked = sendingRuns(result).reduce((n, s) => n + (s.acked ?? 0), 0);
      result.storage = { ...(await target.countMessages()), acked };
    }
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const agent of agents) agent.stop();
    await target.stop();
  }
  console.log(`   total ${Math.round((performance.now() - t0) / 1000)} s`);
  results.push(result);
}

const summary = table(results);
const searchSummary = searchTable(results);
console.log(`\n${summary}\n`);
if (searchSummary) console.log(`${searchSummary}\n`);
const file = await writeJson(
  `${values.quick ? 'quick' : 'full'}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
  {
    startedAt,
    quick: values.quick,
    node: process.version,
    sizes,
    results,
    table: summary,
    searchTable: searchSummary,
  },
);
console.log(`JSON: ${file}`);
