import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const TICKS = 100;

/**
 * CPU time (s) and resident memory (MiB) of a process, from /proc.
 * @param {number} pid
 */
export function sampleProcess(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces: utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { at: performance.now(), cpuSeconds, rssMiB: rssKb / 1024 };
}

/**
 * Server CPU (% of one core) and RSS between two samples.
 * @param {ReturnType<typeof sampleProcess>} before
 * @param {ReturnType<typeof sampleProcess>} after
 */
export function usageBetween(before, after) {
  const seconds = (after.at - before.at) / 1000;
  return {
    cpuPercent: Math.round(((after.cpuSeconds - before.cpuSeconds) / seconds) * 100),
    rssMiB: Math.round(after.rssMiB),
  };
}
