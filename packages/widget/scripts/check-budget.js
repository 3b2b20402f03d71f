// Fails the widget's build when what a host page loads before the visitor opens the panel (the
// loader, the frame's HTML and the scripts and styles that page loads at start) is over budget,
// gzipped. Writes the sizes to dist/budget.json for docs/performance.md.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 60 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;

const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

// The frame page names what it loads at start: its entry script, its preloads and its styles.
// The lazy chunk (the panel and the SDK) is imported by the entry at run time, not named here.
const html = readFileSync(join(dist, 'frame.html'), 'utf8');
const named = [...html.matchAll(/(?:src|href)="\/widget\/([^"]+)"/g)].map((match) => match[1]);
const atStart = ['widget.js', 'frame.html', ...named];

const sizes = Object.fromEntries(atStart.map((file) => [file, gzipped(file)]));
const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
const lazy = readdirSync(join(dist, 'assets'))
  .map((file) => `assets/${file}`)
  .filter((file) => !file.endsWith('.map') && !atStart.includes(file));
const lazySizes = Object.fromEntries(lazy.map((file) => [file, gzipped(file)]));

writeFileSync(
  join(dist, 'budget.json'),
  `${JSON.stringify({ budgetBytes: BUDGET_BYTES, totalAtStart: total, atStart: sizes, lazy: lazySizes }, null, 2)}\n`,
);
for (const [file, size] of Object.entries(sizes)) console.log(`  ${file}: ${kb(size)} gzipped`);
console.log(`widget at start: ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`);
for (const [file, size] of Object.entries(lazySizes)) console.log(`  lazy ${file}: ${kb(size)}`);
if (total > BUDGET_BYTES) {
  console.error(`over budget by ${kb(total - BUDGET_BYTES)}: load more of the frame lazily`);
  process.exit(1);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
