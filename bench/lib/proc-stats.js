import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const TICKS = 100;

/**
 * CPU time (s) and resident memory (MiB) of a process, from /proc.
 * @param {number} pid
 */
export function sampleProcess(pid) {
  const cpuSeconds = cpuSecondsOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { at: performance.now(), cpuSeconds, rssMiB: rssKb / 1024 };
}

/** @param {string} stat the text of /proc/<pid>/stat */
function cpuSecondsOf(stat) {
  // Fields after the command name, which may itself hold spaces: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * CPU time (s) of each PostgreSQL process on the machine (the benchmark is the only client of
 * the cluster while it measures), so a target's database work is counted beside its server's.
 */
export function sampleDatabase() {
  /** @type {Map<string, number>} */
  const cpuSecondsByPid = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.includes('(postgres)')) cpuSecondsByPid.set(pid, cpuSecondsOf(stat));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return { at: performance.now(), cpuSecondsByPid };
}

/**
 * CPU seconds of the database between two `sampleDatabase` samples: per process, so a backend
 * that ended meanwhile does not subtract its lifetime (its last moments are lost).
 * @param {ReturnType<typeof sampleDatabase>} before @param {ReturnType<typeof sampleDatabase>} after
 */
export function databaseCpuSecondsBetween(before, after) {
  let cpuSeconds = 0;
  for (const [pid, seconds] of after.cpuSecondsByPid) {
    cpuSeconds += seconds - (before.cpuSecondsByPid.get(pid) ?? 0);
  }
  return cpuSeconds;
}

/**
 * CPU and RSS of a target's processes (a cluster has several) between two samples of each:
 * summed, since a cluster's cost is that of all its nodes.
 * @param {ReturnType<typeof sampleProcess>[]} before
 * @param {ReturnType<typeof sampleProcess>[]} after same processes, same order
 */
export function usageBetween(before, after) {
  const seconds = ((after[0]?.at ?? 0) - (before[0]?.at ?? 0)) / 1000;
  const cpuSeconds = after.reduce((n, a, i) => n + a.cpuSeconds - (before[i]?.cpuSeconds ?? 0), 0);
  return {
    cpuSeconds,
    cpuPercent: percentOfOneCore(cpuSeconds, seconds),
    rssMiB: Math.round(after.reduce((n, a) => n + a.rssMiB, 0)),
  };
}

/** @param {number} cpuSeconds @param {number} wallSeconds */
export const percentOfOneCore = (cpuSeconds, wallSeconds) =>
  Math.round((cpuSeconds / wallSeconds) * 100);
