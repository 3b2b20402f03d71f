/**
 * Group commit's own latency, read from the Natter nodes' `GET /api/debug/commit-timings`
 * (`DEBUG_STATS=on`): cumulative histograms sampled before and after a step, so the step's
 * percentiles come from the difference. Targets without the route (the baselines, a build from
 * before it) give undefined.
 */

/**
 * The nodes' histograms added up, or undefined if a node does not serve them (the baselines are
 * not asked: the ceiling answers no HTTP request but Socket.IO's).
 * @param {{ name: string, urls: string[] }} target
 */
export async function sampleCommitTimings(target) {
  if (!target.name.startsWith('natter')) return undefined;
  try {
    const snapshots = await Promise.all(
      target.urls.map(async (url) => {
        const response = await fetch(`${url}/api/debug/commit-timings`, {
          signal: globalThis.AbortSignal.timeout(5000),
        });
        if (!response.ok) throw new Error(`${response.status}`);
        return /** @type {CommitTimingsSnapshot} */ (await response.json());
      }),
    );
    return snapshots.reduce((sum, s) => ({
      boundsMs: s.boundsMs,
      batches: sum.batches + s.batches,
      messages: sum.messages + s.messages,
      waitMs: sum.waitMs.map((n, i) => n + (s.waitMs[i] ?? 0)),
      statementMs: sum.statementMs.map((n, i) => n + (s.statementMs[i] ?? 0)),
    }));
  } catch {
    return undefined;
  }
}

/**
 * What happened between two samples: batches, their mean size, and p50/p99 (ms, a bucket's upper
 * bound: within 25%) of the wait from queueing to the statement's answer and of the statement.
 * @param {CommitTimingsSnapshot | undefined} before @param {CommitTimingsSnapshot | undefined} after
 */
export function commitTimingsBetween(before, after) {
  if (!before || !after) return undefined;
  const batches = after.batches - before.batches;
  if (batches === 0) return undefined;
  const wait = after.waitMs.map((n, i) => n - (before.waitMs[i] ?? 0));
  const statement = after.statementMs.map((n, i) => n - (before.statementMs[i] ?? 0));
  return {
    batches,
    meanBatch: Math.round(((after.messages - before.messages) / batches) * 10) / 10,
    wait: { p50: quantile(wait, after.boundsMs, 0.5), p99: quantile(wait, after.boundsMs, 0.99) },
    statement: {
      p50: quantile(statement, after.boundsMs, 0.5),
      p99: quantile(statement, after.boundsMs, 0.99),
    },
  };
}

/**
 * The nodes' event loop lag histograms (`GET /api/debug/event-loop-lag`) added up, or undefined
 * where a node does not serve them (as `sampleCommitTimings`).
 * @param {{ name: string, urls: string[] }} target
 */
export async function sampleEventLoopLag(target) {
  if (!target.name.startsWith('natter')) return undefined;
  try {
    const snapshots = await Promise.all(
      target.urls.map(async (url) => {
        const response = await fetch(`${url}/api/debug/event-loop-lag`, {
          signal: globalThis.AbortSignal.timeout(5000),
        });
        if (!response.ok) throw new Error(`${response.status}`);
        return /** @type {{ boundsMs: number[], lagMs: number[] }} */ (await response.json());
      }),
    );
    return snapshots.reduce((sum, s) => ({
      boundsMs: s.boundsMs,
      lagMs: sum.lagMs.map((n, i) => n + (s.lagMs[i] ?? 0)),
    }));
  } catch {
    return undefined;
  }
}

/**
 * The event loop's lag between two samples: p50/p99/max (ms, a bucket's upper bound).
 * @param {{ boundsMs: number[], lagMs: number[] } | undefined} before
 * @param {{ boundsMs: number[], lagMs: number[] } | undefined} after
 */
export function eventLoopLagBetween(before, after) {
  if (!before || !after) return undefined;
  const lag = after.lagMs.map((n, i) => n - (before.lagMs[i] ?? 0));
  return {
    p50: quantile(lag, after.boundsMs, 0.5),
    p99: quantile(lag, after.boundsMs, 0.99),
    max: quantile(lag, after.boundsMs, 1),
  };
}

/** @param {number[]} counts @param {number[]} bounds @param {number} q */
function quantile(counts, bounds, q) {
  const total = counts.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= q * total) return bounds[i] ?? Infinity;
  }
  return Infinity;
}

/**
 * @typedef {{ boundsMs: number[], batches: number, messages: number, waitMs: number[],
 *   statementMs: number[] }} CommitTimingsSnapshot
 */
