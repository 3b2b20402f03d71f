/**
 * Reads a V8 `.cpuprofile` (a server run with `--server-node-args="--cpu-prof --cpu-prof-dir=…"`)
 * and prints where the CPU went: the share of each category (Socket.IO and engine.io, ws, the
 * pg driver, Drizzle, zod, pino, Natter's own code, GC, idle…), then the functions with the
 * most self time and the most inclusive time. `--from=<s>` leaves out the first seconds (start-up:
 * module loading, migrations, the first handshakes). `--folded=<file>` also writes the stacks in the
 * folded format (`a;b;c <µs>`) that flame-graph renderers read; `--svg=<file>` renders them.
 *
 *   node bench/profile.js <file.cpuprofile> [--top=25] [--from=0] [--folded=out.txt] [--svg=out.svg]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderFlameGraph } from './lib/flame-graph.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    from: { type: 'string', default: '0' },
    folded: { type: 'string' },
    svg: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  console.error('usage: node bench/profile.js <file.cpuprofile> [--top=25] [--folded=…] [--svg=…]');
  process.exit(2);
}

/** @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode */
/** @type {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} */
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));

/** Which part of the stack a frame belongs to, by the file it is in (first match wins). */
const CATEGORIES = [
  ['(idle)', /^\(idle\)$/],
  ['(garbage collector)', /^\(garbage collector\)$/],
  ['(program)', /^\(program\)$/],
  [
    'socket.io / engine.io',
    /node_modules\/(socket\.io|socket\.io-adapter|socket\.io-parser|engine\.io|engine\.io-parser)\//,
  ],
  ['ws', /node_modules\/ws\//],
  [
    'pg driver',
    /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-array|postgres-date|pg-connection-string)\//,
  ],
  ['drizzle-orm', /node_modules\/drizzle-orm\//],
  ['zod', /node_modules\/zod\//],
  ['pino (logging)', /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream)\//],
  ['rate limits', /node_modules\/rate-limiter-flexible\//],
  ['fastify', /node_modules\/(fastify|@fastify|find-my-way|light-my-request|avvio)\//],
  ['other npm', /node_modules\//],
  ['natter: protocol', /packages\/protocol\//],
  ['natter: realtime', /packages\/server\/dist\/realtime\//],
  ['natter: messages', /packages\/server\/dist\/messages\//],
  ['natter: receipts', /packages\/server\/dist\/receipts\//],
  ['natter: presence', /packages\/server\/dist\/presence\//],
  ['natter: other', /packages\/server\/dist\//],
  [
    'node: net / stream / timers',
    /^node:(net|stream|internal\/(streams|stream_base_commons|timers|net))|^node:internal\/timers/,
  ],
  ['node: other', /^node:/],
];

/** @param {ProfileNode} node */
function categoryOf(node) {
  const key = node.callFrame.url || node.callFrame.functionName;
  for (const [name, pattern] of CATEGORIES) if (pattern.test(key)) return name;
  // Frames with no file: natives (JSON.stringify, Buffer) are charged to their caller's category.
  return undefined;
}

/** @param {ProfileNode} node */
function frameName(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/packages\//, '')
    .replace(/^file:\/\//, '');
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
/** @type {Map<number, number>} */
const parentOf = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parentOf.set(child, node.id);

// Self time per node: each sample's interval goes to the node on top of the stack.
/** @type {Map<number, number>} */
const selfUs = new Map();
let totalUs = 0;
let elapsedUs = 0;
const fromUs = Number(values.from) * 1e6;
profile.samples.forEach((id, i) => {
  const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
  elapsedUs += delta;
  if (elapsedUs < fromUs) return;
  selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  totalUs += delta;
});

/** The frames from the root down to a node. @param {number} id */
function stackOf(id) {
  const stack = [];
  for (let at = id; at !== undefined; at = parentOf.get(at))
    stack.push(/** @type {ProfileNode} */ (byId.get(at)));
  return stack.reverse().filter((node) => node.callFrame.functionName !== '(root)');
}

/** @type {Map<string, number>} */
const categoryUs = new Map();
/** @type {Map<string, number>} */
const selfByFunction = new Map();
/** @type {Map<string, number>} */
const inclusiveByFunction = new Map();
/** @type {Map<string, number>} */
const folded = new Map();
for (const [id, us] of selfUs) {
  const stack = stackOf(id);
  const top = stack.at(-1);
  if (!top) continue;
  // The innermost frame with a known category: natives go to whoever called them.
  const category = [...stack].reverse().map(categoryOf).find(Boolean) ?? '(native, no caller)';
  categoryUs.set(category, (categoryUs.get(category) ?? 0) + us);
  selfByFunction.set(frameName(top), (selfByFunction.get(frameName(top)) ?? 0) + us);
  for (const name of new Set(stack.map(frameName))) {
    inclusiveByFunction.set(name, (inclusiveByFunction.get(name) ?? 0) + us);
  }
  const key = stack.map((node) => node.callFrame.functionName || '(anonymous)').join(';');
  folded.set(key, (folded.get(key) ?? 0) + us);
}

const idleUs = categoryUs.get('(idle)') ?? 0;
const busyUs = totalUs - idleUs;
const pct = (us, of) => `${((100 * us) / of).toFixed(1)}%`;
const top = Number(values.top);

console.log(
  `profile: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busyUs / 1e6).toFixed(1)} s busy (${pct(busyUs, totalUs)})\n`,
);
console.log('| category | busy share |\n| --- | ---: |');
for (const [name, us] of [...categoryUs].sort((a, b) => b[1] - a[1])) {
  if (name !== '(idle)') console.log(`| ${name} | ${pct(us, busyUs)} |`);
}
console.log(`\n| self time (top ${top}) | busy share |\n| --- | ---: |`);
for (const [name, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top + 1)) {
  if (name !== '(idle)') console.log(`| \`${name}\` | ${pct(us, busyUs)} |`);
}
console.log(`\n| inclusive time (top ${top}) | busy share |\n| --- | ---: |`);
for (const [name, us] of [...inclusiveByFunction].sort((a, b) => b[1] - a[1]).slice(0, top + 1)) {
  if (name !== '(idle)') console.log(`| \`${name}\` | ${pct(us, busyUs)} |`);
}

const foldedLines = [...folded]
  .filter(([key]) => key !== '(idle)')
  .map(([key, us]) => `${key} ${Math.round(us)}`);
if (values.folded) writeFileSync(values.folded, `${foldedLines.join('\n')}\n`);
if (values.svg) writeFileSync(values.svg, renderFlameGraph(foldedLines, 'Natter server, busy CPU'));
