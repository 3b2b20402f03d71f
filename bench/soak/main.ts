/**
 * `npm run soak [-- --minutes=60 --nodes=3 --users=12 --visitors=4]`: mixed realistic traffic on
 * a cluster of built-server nodes (a PostgreSQL and a Redis of its own, `npm run cluster`'s
 * balancer in front) while nodes are SIGKILLed and PostgreSQL and Redis restart; checks the
 * invariants every 30 s and at the end; reports memory per node over time, errors by kind and
 * p99 latencies (bench/results/soak-*.json and .md). Exits 1 on an invariant violation or memory
 * growth. bench/README.md describes it.
 */
import { parseArgs } from 'node:util';
import type { Actor, SoakLedger } from './actor.js';
import { Chaos } from './chaos.js';
import { checkClients, checkHealth, checkStorage } from './invariants.js';
import { MemoryLog } from './memory.js';
import { messageOf, SoakMetrics } from './metrics.js';
import { populate } from './population.js';
import { writeReport } from './report.js';
import { SoakStack } from './stack.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    nodes: { type: 'string', default: '3' },
    users: { type: 'string', default: '12' },
    visitors: { type: 'string', default: '4' },
  },
});
const minutes = Number(values.minutes);
const nodes = Number(values.nodes);
const users = Number(values.users);
const visitors = Number(values.visitors);
if (!(minutes > 0) || !Number.isInteger(nodes) || nodes < 1 || !(users >= 4) || !(visitors >= 0)) {
  console.error('usage: npm run soak -- [--minutes=60] [--nodes=3] [--users=12] [--visitors=4]');
  process.exit(2);
}

/** A person acts about this often (randomised): a lively but human chat. */
const ACT_EVERY_MS = { user: 6_000, agent: 6_000, visitor: 10_000 };
const CHECK_EVERY_MS = 30_000;
/** How long everything may take to go quiet (outboxes drained, clients caught up) for a check. */
const QUIET_MS = 90_000;
const SAMPLE_EVERY_MS = 5_000;

const say = (line: string) =>
  console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const metrics = new SoakMetrics();
const ledger: SoakLedger = { metrics, acked: new Map(), sentAt: new Map() };
const violations: string[] = [];
const memory = new MemoryLog();
const checks: { at: number; violations: number }[] = [];

let stack: SoakStack | undefined;
let actors: Actor[] = [];
let chaos: Chaos | undefined;
const timers: NodeJS.Timeout[] = [];
let exitCode = 1;

const interrupted = () => {
  say('interrupted: cleaning up');
  void cleanUp().then(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);
// A bug of the soak's own must not leave its cluster running: counted, and the run goes on.
process.on('unhandledRejection', (error) => metrics.error('soak:unhandled', messageOf(error)));
// Whatever hangs, CI gets its machine back: setup, the run, its checks and a margin.
const watchdog = setTimeout(
  () => {
    console.error('[soak] still running long after its end: giving up');
    void cleanUp().finally(() => process.exit(1));
  },
  (minutes + 15) * 60_000,
);
watchdog.unref();

async function cleanUp() {
  chaos?.stop();
  for (const timer of timers) clearTimeout(timer);
  for (const actor of actors) actor.close();
  await stack?.stop();
}

try {
  say(`starting ${nodes} nodes on a PostgreSQL and a Redis of the soak's own`);
  stack = await SoakStack.start(nodes, (node, message, detail) =>
    metrics.error(`log:${node}:${message}`, detail),
  );
  const running = stack;
  say(`balancer ${running.url}; ${users} users and ${visitors} widget visitors signing up`);
  actors = await populate(running.url, users, visitors, ledger);
  const startedAt = Date.now();
  const endsAt = startedAt + minutes * 60_000;

  // Traffic: each actor on its own random clock; nothing new starts while a check needs quiet.
  let quiet = false;
  let stopped = false;
  for (const actor of actors) {
    const tick = () => {
      if (stopped) return;
      if (!quiet) actor.act();
      timers.push(setTimeout(tick, ACT_EVERY_MS[actor.kind] * (0.3 + Math.random() * 1.4)));
    };
    timers.push(setTimeout(tick, Math.random() * ACT_EVERY_MS[actor.kind]));
  }
  const sampler = setInterval(() => {
    memory.sample(running.slots, startedAt);
    const forgetBefore = performance.now() - 120_000;
    for (const [clientId, t0] of ledger.sentAt)
      if (t0 < forgetBefore) ledger.sentAt.delete(clientId);
  }, SAMPLE_EVERY_MS);
  timers.push(sampler);

  const faults = new Chaos(running, minutes, say, (line) => violations.push(line));
  chaos = faults;
  const chaosDone = faults.run(endsAt);

  /** Quiet, then every invariant; traffic resumes afterwards. */
  const check = async (label: string) => {
    quiet = true;
    const deadline = Date.now() + QUIET_MS;
    while (!actors.every((a) => a.isQuiet())) {
      if (Date.now() > deadline) {
        const busy = actors.filter((a) => !a.isQuiet()).map((a) => a.name);
        violations.push(`${label}: still busy after ${QUIET_MS / 1000} s: ${busy.join(', ')}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const found = [
      ...(await checkStorage(running.postgres.url, ledger.acked)),
      ...(await checkClients(actors)),
      ...(await checkHealth(running.slots, true)),
    ];
    for (const violation of found) violations.push(`${label}: ${violation}`);
    checks.push({ at: Math.round((Date.now() - startedAt) / 1000), violations: found.length });
    say(
      `${label}: ${ledger.acked.size} acked, ${found.length} violations` +
        (found.length ? `: ${found.slice(0, 3).join('; ')}` : ''),
    );
    quiet = false;
  };

  while (Date.now() + CHECK_EVERY_MS < endsAt) {
    await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
    await faults.exclusive(() =>
      check(`check at ${Math.round((Date.now() - startedAt) / 1000)} s`),
    );
  }
  await chaosDone;
  stopped = true;
  await check('final check');
  clearInterval(sampler);

  const durationS = (Date.now() - startedAt) / 1000;
  const report = {
    startedAt: new Date(startedAt).toISOString(),
    durationS: Math.round(durationS),
    nodes,
    users,
    visitors,
    ackedMessages: ledger.acked.size,
    actions: Object.fromEntries(metrics.actions),
    chaos: faults.events,
    checks,
    latencyMs: {
      sendToAck: metrics.latencySummary(metrics.sendToAck),
      sendToReceive: metrics.latencySummary(metrics.sendToReceive),
    },
    errorsByKind: metrics.errorsByKind(),
    errorExamples: Object.fromEntries(metrics.examples),
    memory: memory.verdicts(durationS),
    memorySamples: Object.fromEntries(memory.samples),
    violations,
  };
  const files = await writeReport(report);
  console.log(`\n${files.markdown}`);
  say(`report: ${files.jsonPath} and ${files.markdownPath}`);
  const grew = report.memory.filter((m) => m.grew).map((m) => m.node);
  if (violations.length > 0) say(`FAILED: ${violations.length} invariant violations`);
  if (grew.length > 0) say(`FAILED: memory grew on ${grew.join(', ')}`);
  exitCode = violations.length === 0 && grew.length === 0 ? 0 : 1;
} catch (error) {
  console.error('[soak] failed:', error);
} finally {
  await cleanUp().catch((error: unknown) => console.error('[soak] clean-up failed:', error));
}
process.exit(exitCode);
