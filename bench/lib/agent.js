import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../agent/agent.js', import.meta.url));

/**
 * Starts a load-generator process and returns a typed-enough RPC handle to it.
 * @typedef {ReturnType<typeof startAgent>} Agent
 */
export function startAgent() {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
  const calls = new Map();
  child.on('message', (/** @type {{ id: number, result?: unknown, error?: string }} */ reply) => {
    const call = calls.get(reply.id);
    calls.delete(reply.id);
    if (reply.error) call?.reject(new Error(reply.error));
    else call?.resolve(reply.result);
  });
  child.on('exit', (code) => {
    for (const call of calls.values()) call.reject(new Error(`agent exited with ${code}`));
    calls.clear();
  });
  return {
    pid: /** @type {number} */ (child.pid),
    /** @param {string} method @param {unknown} params @returns {Promise<any>} */
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error('the load generator has exited'));
        calls.set(id, { resolve, reject });
        child.send({ id, method, params });
      });
    },
    stop: () => void child.kill(),
  };
}
