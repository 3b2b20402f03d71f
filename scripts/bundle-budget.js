// What a page loads at start, gzipped, against a budget: the build scripts of the web app and of
// the widget (packages/*/scripts/check-budget.js) say which files each case loads, this measures
// them, prints them and fails the build (exit code 1) when a case is over. One implementation for
// both, so that they weigh bytes the same way (gzip level 9, what a server's best compression
// sends).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A built file's size gzipped (level 9), in bytes. */
export function gzippedSize(dist, file) {
  return gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
}

/**
 * The files a built HTML page names (its entry script, modulepreloads, styles), relative to
 * `dist`: what the browser fetches as soon as it reads the page. `base` is the path the app is
 * served under ('/' for the web app, '/widget/' for the widget's frame).
 */
export function filesNamedByPage(dist, page, base) {
  const html = readFileSync(join(dist, page), 'utf8');
  const prefix = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?:src|href)="${prefix}([^"]+)"`, 'g');
  return [...html.matchAll(pattern)].map((match) => match[1]);
}

/** A Vite manifest chunk's file, with its styles and the chunks it imports statically, transitively. */
export function filesOfChunk(manifest, key, seen = new Set()) {
  if (seen.has(key)) return [];
  seen.add(key);
  const chunk = manifest[key];
  return [
    chunk.file,
    ...(chunk.css ?? []),
    ...(chunk.imports ?? []).flatMap((imported) => filesOfChunk(manifest, imported, seen)),
  ];
}

/**
 * Measures each case (a name and the files it loads before its first screen), prints them with
 * the built assets fetched later, on use (neither in a case nor in `alsoAtStart`, files loaded at
 * start that the budget leaves out), writes it all to `report` when given, and exits with 1 when
 * a case is over `budgetBytes`. `unbudgeted` cases are measured, printed and reported the same
 * way, and held to nothing.
 */
export function enforceBudget({
  dist,
  budgetBytes,
  cases,
  unbudgeted = {},
  alsoAtStart = [],
  laterLabel,
  report,
  advice,
}) {
  const measured = Object.fromEntries(
    Object.entries(cases).map(([name, files]) => [name, measure(dist, files)]),
  );
  const measuredUnbudgeted = Object.fromEntries(
    Object.entries(unbudgeted).map(([name, files]) => [name, measure(dist, files)]),
  );
  const atStart = new Set([
    ...Object.values(cases).flat(),
    ...Object.values(unbudgeted).flat(),
    ...alsoAtStart,
  ]);
  const later = readdirSync(join(dist, 'assets'))
    .map((file) => `assets/${file}`)
    // Source maps are for debuggers; .gz and .br are copies of a file already listed.
    .filter((file) => !/\.(?:map|gz|br)$/.test(file) && !atStart.has(file));
  const laterSizes = Object.fromEntries(later.map((file) => [file, gzippedSize(dist, file)]));
  if (report) {
    const body = { budgetBytes, ...measured, ...measuredUnbudgeted, [laterLabel]: laterSizes };
    writeFileSync(report, `${JSON.stringify(body, null, 2)}\n`);
  }

  let over = false;
  for (const [name, { files, total }] of Object.entries(measured)) {
    console.log(`${name}: ${kb(total)} gzipped (budget ${kb(budgetBytes)})`);
    for (const [file, size] of Object.entries(files)) console.log(`  ${file}: ${kb(size)}`);
    if (total > budgetBytes) {
      console.error(`${name} is over budget by ${kb(total - budgetBytes)}: ${advice}`);
      over = true;
    }
  }
  for (const [name, { files, total }] of Object.entries(measuredUnbudgeted)) {
    console.log(`${name}: ${kb(total)} gzipped (not budgeted)`);
    for (const [file, size] of Object.entries(files)) console.log(`  ${file}: ${kb(size)}`);
  }
  const laterTotal = Object.values(laterSizes).reduce((sum, size) => sum + size, 0);
  console.log(`${laterLabel}: ${kb(laterTotal)} gzipped in ${later.length} files`);
  for (const [file, size] of Object.entries(laterSizes)) console.log(`  ${file}: ${kb(size)}`);
  if (over) process.exit(1);
}

function measure(dist, files) {
  const sizes = Object.fromEntries(files.map((file) => [file, gzippedSize(dist, file)]));
  return { files: sizes, total: Object.values(sizes).reduce((sum, size) => sum + size, 0) };
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
