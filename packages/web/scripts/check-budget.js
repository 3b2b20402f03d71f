// Fails the web app's build when its initial JavaScript is over budget, gzipped: the scripts
// index.html names (the entry and its modulepreloads). The SDK's wire schemas (Zod and the
// protocol's schemas) are a chunk that `connect()` fetches beside its first requests: the first
// screen waits for it, so it is measured and reported too (`fetchedWhileConnecting`), and not
// held to the budget. The dialogs, the other sections and the emoji picker are chunks of their
// own, fetched later (src/components/deferred.tsx); they are listed, not counted. The measuring is
// shared with the widget's build (scripts/bundle-budget.js).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enforceBudget, filesNamedByPage, filesOfChunk } from '../../../scripts/bundle-budget.js';

/**
 * #17's target. The first screen also waits for the wire schemas (~30 KB): docs/performance.md
 * (round two, "Browser: Preact and a first screen without Zod") says why and what is left.
 */
const BUDGET_BYTES = 100 * 1024;
/** The SDK's lazily imported schemas (packages/client/src/transport/load-wire-schemas.ts). */
const WIRE_SCHEMAS = /\/client\/dist\/transport\/wire-schemas\.js$/;
const dist = new URL('../dist/', import.meta.url).pathname;

const reportDir = join(dist, '.vite');
mkdirSync(reportDir, { recursive: true });

const named = filesNamedByPage(dist, 'index.html', '/');
const initialScripts = named.filter((file) => file.endsWith('.js'));

const manifest = JSON.parse(readFileSync(join(reportDir, 'manifest.json'), 'utf8'));
const wireSchemas = Object.keys(manifest).find((key) => WIRE_SCHEMAS.test(key));
if (!wireSchemas) {
  console.error('the SDK wire schemas chunk is not in the build: update scripts/check-budget.js');
  process.exit(1);
}
const fetchedWhileConnecting = filesOfChunk(manifest, wireSchemas).filter(
  (file) => file.endsWith('.js') && !initialScripts.includes(file),
);

enforceBudget({
  dist,
  budgetBytes: BUDGET_BYTES,
  cases: { initialJavaScript: initialScripts },
  unbudgeted: { fetchedWhileConnecting },
  // The styles load at start too, but the target is about script (parsed and run on the CPU).
  alsoAtStart: named,
  laterLabel: 'deferred',
  // Not served (the server skips dot folders); e2e/first-load.test.ts holds the browser to it.
  report: join(reportDir, 'budget.json'),
  advice: 'defer what the first screen does not need (src/components/deferred.tsx)',
});
