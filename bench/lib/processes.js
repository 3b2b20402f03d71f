import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Starts a process of the benchmark's own (a server under test, a Redis) from the repository's
 * root; its stderr shows in the run's output.
 * @param {string} command @param {string[]} args @param {Record<string, string>} [env]
 */
export function startProcess(command, args, env = {}) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: root,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    pid: /** @type {number} */ (child.pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts a Node.js script (a server) with extra Node.js options such as `--cpu-prof`.
 * @param {string} script @param {Record<string, string>} env @param {string[]} nodeArgs
 */
export const startNodeScript = (script, env, nodeArgs) =>
  startProcess(process.execPath, [...nodeArgs, script], env);

/** @param {number} port */
export async function waitForPort(port, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
}
