import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startProcess, waitForPort } from './processes.js';

const run = promisify(execFile);

/**
 * A Redis of the cluster target's own, on a port of the run: the machine's shared Redis is
 * neither disturbed nor counted, and nothing is left behind (no persistence; stopped with the
 * target). Its command count is what the cluster costs Redis.
 * @typedef {Awaited<ReturnType<typeof startRedis>>} BenchRedis
 * @param {number} port
 */
export async function startRedis(port) {
  const proc = startProcess('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  try {
    await waitForPort(port);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: proc.pid,
    /** Commands processed since it started (`INFO stats`); the INFO itself counts one. */
    commandsProcessed: async () => {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'INFO', 'stats']);
      const count = /total_commands_processed:(\d+)/.exec(stdout)?.[1];
      if (count === undefined) throw new Error(`no total_commands_processed in INFO: ${stdout}`);
      return Number(count);
    },
    stop: proc.stop,
  };
}
