// Fails the widget's build when what a host page loads before the visitor opens the panel is over
// budget, gzipped, in either case: a first visit (the loader, the frame's HTML and the scripts and
// styles that page names) and a returning visit (a stored visitor token: the first visit's files
// plus the light unread chunk and what it imports). Writes both to dist/budget.json for
// docs/performance.md.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 60 * 1024;
/** The module a returning visitor's frame imports at start (src/frame/use-visitor-chat.ts). */
const UNREAD_WATCH = 'src/frame/unread/unread-watch.ts';
const dist = new URL('../dist/', import.meta.url).pathname;

const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

// The frame page names what it loads at start: its entry script, its preloads and its styles.
const html = readFileSync(join(dist, 'frame.html'), 'utf8');
const named = [...html.matchAll(/(?:src|href)="\/widget\/([^"]+)"/g)].map((match) => match[1]);
const firstVisit = ['widget.js', 'frame.html', ...named];

// The lazy chunks are imported at run time; Vite's manifest says which files each one needs.
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
if (!manifest[UNREAD_WATCH]) {
  console.error(`${UNREAD_WATCH} is not in the build: update scripts/check-budget.js`);
  process.exit(1);
}
const returningVisit = [...new Set([...firstVisit, ...filesOf(UNREAD_WATCH)])];

const cases = { firstVisit: measure(firstVisit), returningVisit: measure(returningVisit) };
const lazy = readdirSync(join(dist, 'assets'))
  .map((file) => `assets/${file}`)
  .filter((file) => !file.endsWith('.map') && !returningVisit.includes(file));
const lazySizes = Object.fromEntries(lazy.map((file) => [file, gzipped(file)]));

writeFileSync(
  join(dist, 'budget.json'),
  `${JSON.stringify({ budgetBytes: BUDGET_BYTES, ...cases, onOpening: lazySizes }, null, 2)}\n`,
);
let over = false;
for (const [name, { files, total }] of Object.entries(cases)) {
  console.log(`${name} before opening: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`);
  for (const [file, size] of Object.entries(files)) console.log(`  ${file}: ${kb(size)}`);
  if (total > BUDGET_BYTES) {
    console.error(`${name} is over budget by ${kb(total - BUDGET_BYTES)}: load more lazily`);
    over = true;
  }
}
for (const [file, size] of Object.entries(lazySizes))
  console.log(`  on opening ${file}: ${kb(size)}`);
if (over) process.exit(1);

/** A manifest chunk's file, with its styles and the chunks it imports statically, transitively. */
function filesOf(key, seen = new Set()) {
  if (seen.has(key)) return [];
  seen.add(key);
  const chunk = manifest[key];
  return [
    chunk.file,
    ...(chunk.css ?? []),
    ...(chunk.imports ?? []).flatMap((imported) => filesOf(imported, seen)),
  ];
}

function measure(files) {
  const sizes = Object.fromEntries(files.map((file) => [file, gzipped(file)]));
  return { files: sizes, total: Object.values(sizes).reduce((sum, size) => sum + size, 0) };
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
