import { sampleProcess, usageBetween } from '../lib/proc-stats.js';

/**
 * Runs `work` and adds the server process's CPU (% of one core) and RSS over it.
 * @template {object} T @param {number} pid @param {() => Promise<T>} work
 */
export async function withServerUsage(pid, work) {
  const before = sampleProcess(pid);
  const result = await work();
  return { ...result, server: usageBetween(before, sampleProcess(pid)) };
}
