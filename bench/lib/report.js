import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The comparison table (markdown, so it pastes into docs/performance.md) and the JSON file.
 * @typedef {Record<string, any>} TargetResult
 */

/** @param {unknown} v */
const fmt = (v) =>
  v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))
    ? '–'
    : typeof v === 'number'
      ? v.toLocaleString('en-US', { maximumFractionDigits: 1 })
      : String(v);

/**
 * Every run of a target that sent messages: each must have delivered and stored what it acked.
 * @param {TargetResult} r @returns {Record<string, any>[]}
 */
export const sendingRuns = (r) =>
  [
    ...(r.conversations?.steps ?? []),
    r.conversations?.flat,
    r.fanout,
    r['hot-rooms'],
    r.storm?.probe,
  ].filter(Boolean);

/** @param {TargetResult} r */
function row(r) {
  const c = r.conversations;
  const at2000 = c?.steps?.find((/** @type {any} */ s) => s.rate === 2000);
  const knee = c?.steps
    ?.filter((/** @type {any} */ s) => s.messagesPerSecond >= s.rate * 0.9)
    .at(-1);
  const lost = sendingRuns(r).reduce(
    (/** @type {number[]} */ [l, d, f, u], /** @type {any} */ s) => [
      l + s.lostDeliveries,
      d + s.duplicates,
      f + s.failed,
      u + s.unacked,
    ],
    [0, 0, 0, 0],
  );
  // A scenario that failed holds `{ error }` instead of its steps: its columns stay empty.
  const conn = Array.isArray(r.connections) ? r.connections.at(-1) : undefined;
  return [
    r.target,
    knee?.rate,
    c?.flat?.messagesPerSecond,
    c?.flat?.server?.cpuPercent,
    c?.flat?.databaseCpuPercent,
    c?.flat?.perMessage?.serverCpuMicros,
    c?.flat?.perMessage?.databaseCpuMicros,
    c?.flat?.perMessage?.redisCommands,
    c?.flat?.perMessage?.redisCpuMicros,
    at2000?.sendToAck?.p99,
    at2000?.sendToReceive?.p50,
    at2000?.sendToReceive?.p99,
    at2000?.commit && `${fmt(at2000.commit.wait.p50)} / ${fmt(at2000.commit.wait.p99)}`,
    at2000?.commit && `${fmt(at2000.commit.statement.p50)} / ${fmt(at2000.commit.statement.p99)}`,
    at2000?.eventLoopLag && `${fmt(at2000.eventLoopLag.p50)} / ${fmt(at2000.eventLoopLag.p99)}`,
    c?.flat?.commit && `${c.flat.commit.meanBatch} (${fmt(c.flat.commit.wait.p99)})`,
    r.fanout?.deliveriesPerSecond,
    r.fanout?.sendToReceive?.p99,
    r['hot-rooms']?.messagesPerSecond,
    r['hot-rooms']?.sendToReceive?.p99,
    conn ? `${conn.kibPerConnection} (${conn.connected})` : undefined,
    conn?.perSecond,
    r.history?.page?.p50,
    r.history?.page?.p99,
    r.history?.sync?.p99,
    r.storm
      ? `${r.storm.allSyncedMs}${r.storm.refused ? ` (${r.storm.refused} refused)` : ''}${r.storm.failed ? ` (${r.storm.failed} failed)` : ''}`
      : undefined,
    r.storm?.probe &&
      `${fmt(r.storm.probe.sendToAck.p99)} / ${fmt(r.storm.probe.sendToReceive.p99)}`,
    lost.join('/'),
    r.storage ? `${r.storage.total}=${r.storage.acked}${r.storage.badRooms ? ' GAPS' : ''}` : '–',
    r.storage?.deadlocks,
    r.storage?.pushes,
  ].map(fmt);
}

const HEAD = [
  'target',
  'knee msg/s',
  'flat-out msg/s',
  'cpu %',
  'db cpu %',
  'cpu µs/msg',
  'db µs/msg',
  'redis cmd/msg',
  'redis µs/msg',
  'ack p99 @2k',
  'recv p50 @2k',
  'recv p99 @2k',
  'commit wait p50/p99 @2k',
  'stmt p50/p99 @2k',
  'loop lag p50/p99 @2k',
  'batch flat (wait p99)',
  'fan-out deliv/s',
  'fan recv p99',
  'hot msg/s',
  'hot recv p99',
  'KiB/conn (n)',
  'conn/s',
  'page p50',
  'page p99',
  'sync 1k p99',
  'storm ms',
  'storm send ack/recv p99',
  'lost/dup/failed/late',
  'stored=acked',
  'deadlocks',
  'pushes',
];

/** @param {TargetResult[]} results */
export function table(results) {
  const lines = [HEAD, HEAD.map(() => '---'), ...results.map(row)];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const SEARCH_HEAD = [
  'target',
  'search',
  'requests',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'empty',
  'failed',
];

/**
 * The search scenario's latencies, one row per target and class of query; empty when no target
 * ran it.
 * @param {TargetResult[]} results
 */
export function searchTable(results) {
  const rows = results.flatMap((r) =>
    Object.entries(r.search?.classes ?? {}).map(([name, c]) =>
      [r.target, name, c.count, c.p50, c.p95, c.p99, c.max, c.empty, c.failed].map(fmt),
    ),
  );
  if (rows.length === 0) return '';
  const lines = [SEARCH_HEAD, SEARCH_HEAD.map(() => '---'), ...rows];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** @param {string} name @param {unknown} data */
export async function writeJson(name, data) {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = `${dir}${name}`;
  await writeFile(file, JSON.stringify(data, null, 2));
  return file;
}
