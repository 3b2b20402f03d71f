/**
 * Where a target's memory per idle socket goes: the server's heap with no socket and with N idle
 * authenticated sockets (the connections scenario's clients), from two heap snapshots, summed by
 * constructor and by closure (function name, file and line) and divided by N. A snapshot first
 * collects garbage, so unlike the connections scenario's RSS figure this one does not depend on
 * when the collector last ran. Targets side by side, the relay (`ceiling`) first:
 *
 *   node bench/socket-heap.js [--targets=ceiling,natter-pg] [--sockets=3000] [--top=40]
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAgent } from './lib/agent.js';
import { summariseHeapSnapshot } from './lib/heap-snapshot.js';
import { buildPlan, idleClientsOf } from './lib/plan.js';
import { sampleProcess } from './lib/proc-stats.js';
import { sizesFor } from './lib/sizes.js';
import { startTarget } from './lib/targets.js';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: 'ceiling,natter-pg' },
    sockets: { type: 'string', default: '3000' },
    top: { type: 'string', default: '40' },
  },
});
const sockets = Number(values.sockets);
// The quick plan has 3,000 idle clients, the full one 19,000.
const plan = buildPlan(sizesFor(sockets <= 3000));
const clients = idleClientsOf(plan).slice(0, sockets);
if (clients.length < sockets) throw new Error(`the plan has ${clients.length} idle clients`);

let nextPort = 4100 + (process.pid % 36) * 32;
/** @type {{ target: string, perSocket: Map<string, { count: number, bytes: number }>, heapBytes: number, rssBytes: number }[]} */
const runs = [];
for (const name of /** @type {import('./lib/targets.js').TargetName[]} */ (
  values.targets.split(',')
)) {
  const dir = await mkdtemp(join(tmpdir(), 'natter-heap-'));
  const target = await startTarget(name, {
    ports: () => nextPort++,
    plan,
    historyMessages: 0,
    idleRoomMessages: 0,
    nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
  });
  const agent = startAgent();
  try {
    const [pid] = target.pids;
    await settle();
    const before = summariseHeapSnapshot(await snapshot(pid, dir));
    const rssBefore = sampleProcess(pid).rssMiB;
    const connected = await agent.call('idle.connect', {
      urls: target.urls,
      clients,
      concurrency: 200,
    });
    if (connected.failed) throw new Error(`${connected.failed} failed: ${connected.firstError}`);
    await settle();
    const after = summariseHeapSnapshot(await snapshot(pid, dir));
    const rssAfter = sampleProcess(pid).rssMiB;
    await agent.call('idle.close', {});
    /** @type {Map<string, { count: number, bytes: number }>} */
    const perSocket = new Map();
    let heapBytes = 0;
    for (const [kind, { count, bytes }] of after) {
      const was = before.get(kind) ?? { count: 0, bytes: 0 };
      perSocket.set(kind, {
        count: (count - was.count) / sockets,
        bytes: (bytes - was.bytes) / sockets,
      });
      heapBytes += bytes - was.bytes;
    }
    for (const [kind, { count, bytes }] of before) {
      if (!after.has(kind))
        perSocket.set(kind, { count: -count / sockets, bytes: -bytes / sockets });
      if (!after.has(kind)) heapBytes -= bytes;
    }
    runs.push({
      target: name,
      perSocket,
      heapBytes: heapBytes / sockets,
      rssBytes: ((rssAfter - rssBefore) * 1024 * 1024) / sockets,
    });
  } finally {
    agent.stop();
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// One row per kind, largest difference between the targets first (or largest, with one target).
const kinds = new Set(runs.flatMap((r) => [...r.perSocket.keys()]));
const cell = (/** @type {(typeof runs)[number]} */ run, /** @type {string} */ kind) =>
  run.perSocket.get(kind) ?? { count: 0, bytes: 0 };
const spread = (/** @type {string} */ kind) =>
  Math.max(...runs.map((r) => cell(r, kind).bytes)) -
  (runs.length > 1 ? Math.min(...runs.map((r) => cell(r, kind).bytes)) : 0);
const rows = [...kinds].sort((a, b) => spread(b) - spread(a)).slice(0, Number(values.top));
console.log(`\nPer idle socket (${sockets} sockets; bytes and objects per socket, self sizes):\n`);
console.log(`| kind | ${runs.map((r) => `${r.target} B | ${r.target} n`).join(' | ')} |`);
console.log(`| --- | ${runs.map(() => '---: | ---:').join(' | ')} |`);
for (const kind of rows) {
  const cells = runs.map((r) => {
    const { count, bytes } = cell(r, kind);
    return `${Math.round(bytes)} | ${count.toFixed(2)}`;
  });
  console.log(`| ${kind.replaceAll('|', '\\|')} | ${cells.join(' | ')} |`);
}
const total = runs.map((r) => `${Math.round(r.heapBytes)} | `).join(' | ');
console.log(`| **heap, all kinds** | ${total} |`);
console.log(`| RSS growth | ${runs.map((r) => `${Math.round(r.rssBytes)} | `).join(' | ')} |`);

/** Writes a heap snapshot of the process and answers its file once it is complete. */
async function snapshot(/** @type {number} */ pid, /** @type {string} */ dir) {
  const known = new Set(await readdir(dir));
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const file = (await readdir(dir)).find((f) => !known.has(f) && f.endsWith('.heapsnapshot'));
    if (!file) continue;
    const path = join(dir, file);
    const size = (await stat(path)).size;
    await new Promise((r) => setTimeout(r, 1000));
    if ((await stat(path)).size !== size || size === 0) continue;
    const text = await readFile(path, 'utf8');
    if (text.trimEnd().endsWith(']}')) return path;
  }
}

function settle() {
  return new Promise((r) => setTimeout(r, 2000));
}
