import {
  databaseCpuBetween,
  sampleDatabase,
  sampleProcess,
  usageBetween,
} from '../lib/proc-stats.js';

/**
 * Runs `work` and adds the server process's CPU (% of one core) and RSS over it, and the CPU of
 * the PostgreSQL cluster (0 for targets without one; PGlite runs inside the server process).
 * @template {object} T @param {number} pid @param {() => Promise<T>} work
 */
export async function withServerUsage(pid, work) {
  const before = sampleProcess(pid);
  const databaseBefore = sampleDatabase();
  const result = await work();
  return {
    ...result,
    server: usageBetween(before, sampleProcess(pid)),
    databaseCpuPercent: databaseCpuBetween(databaseBefore, sampleDatabase()),
  };
}
