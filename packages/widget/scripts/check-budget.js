// Fails the widget's build when what a host page loads before the visitor opens the panel is over
// budget, gzipped, in either case: a first visit (the loader, the frame's HTML and the scripts and
// styles that page names) and a returning visit (a stored visitor token: the first visit's files
// plus the light unread chunk and what it imports). Writes both to dist/budget.json for
// docs/performance.md. The measuring is shared with the web app's build (scripts/bundle-budget.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enforceBudget, filesNamedByPage, filesOfChunk } from '../../../scripts/bundle-budget.js';

const BUDGET_BYTES = 60 * 1024;
/** The module a returning visitor's frame imports at start (src/frame/use-visitor-chat.ts). */
const UNREAD_WATCH = 'src/frame/unread/unread-watch.ts';
const dist = new URL('../dist/', import.meta.url).pathname;

const firstVisit = ['widget.js', 'frame.html', ...filesNamedByPage(dist, 'frame.html', '/widget/')];

// The lazy chunks are imported at run time; Vite's manifest says which files each one needs.
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
if (!manifest[UNREAD_WATCH]) {
  console.error(`${UNREAD_WATCH} is not in the build: update scripts/check-budget.js`);
  process.exit(1);
}
const returningVisit = [...new Set([...firstVisit, ...filesOfChunk(manifest, UNREAD_WATCH)])];

enforceBudget({
  dist,
  budgetBytes: BUDGET_BYTES,
  cases: { firstVisit, returningVisit },
  laterLabel: 'onOpening',
  report: join(dist, 'budget.json'),
  advice: 'load more lazily',
});
