import { Latencies } from '../lib/percentiles.js';

/**
 * Search: `GET /api/search` over HTTP as one signed-in user, one request at a time (a person
 * searching), each class's queries in turn. Every query is asked once first, unmeasured: that
 * warms what a running server has warm (its connection pool, the JIT, the word's index pages).
 * @param {{ url: string, token: string, repeats: number,
 *   classes: { name: string, queries: Record<string, string>[] }[] }} params
 */
export async function run({ url, token, repeats, classes }) {
  const ask = async (/** @type {Record<string, string>} */ query) => {
    const started = performance.now();
    const response = await fetch(`${url}/api/search?${new URLSearchParams(query)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json();
    const ms = performance.now() - started;
    return { ms, ok: response.ok, results: response.ok ? body.results.length : 0 };
  };
  for (const { queries } of classes) for (const query of queries) await ask(query);

  const measured = classes.map(() => ({ latencies: new Latencies(), failed: 0, empty: 0 }));
  // Classes take turns within each round, so a burst of load elsewhere on the machine is spread
  // over all of them rather than falling on one.
  for (let round = 0; round < repeats; round++) {
    for (const [i, { queries }] of classes.entries()) {
      const m = /** @type {(typeof measured)[number]} */ (measured[i]);
      for (const query of queries) {
        const { ms, ok, results } = await ask(query);
        m.latencies.add(ms);
        if (!ok) m.failed++;
        else if (results === 0) m.empty++;
      }
    }
  }
  return Object.fromEntries(
    classes.map(({ name, queries }, i) => {
      const m = /** @type {(typeof measured)[number]} */ (measured[i]);
      return [
        name,
        { queries: queries.length, ...m.latencies.summary(), failed: m.failed, empty: m.empty },
      ];
    }),
  );
}
