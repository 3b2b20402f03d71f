import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Backend } from './balancer.js';

const MAIN = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));
/** A node still running this long after SIGTERM is killed: its drain is stuck. */
const STOP_GRACE_MS = 20_000;

export interface ClusterNode extends Backend {
  /** The node process's id (for its /proc figures). */
  pid: number;
  /** Resolves once the process has exited (with its code, or the signal that ended it). */
  exited: Promise<string>;
  /** SIGTERM (the node drains and exits), SIGKILL after a grace period; resolves once it is gone. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill ends a node; resolves once it is gone. */
  kill(): Promise<void>;
}

/**
 * Starts the built server (`packages/server/dist/main.js`) as one node of the cluster, on its own
 * port, with `env` on top of this process's environment, and prints its output line by line
 * prefixed with its name. Detached into its own process group: Ctrl-C reaches only the cluster
 * script, which then stops every node in order.
 */
export function startNode(
  name: string,
  port: number,
  env: Record<string, string>,
  print: (line: string) => void,
): ClusterNode {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixLines(child.stdout, `[${name}] `, print);
  prefixLines(child.stderr, `[${name}] `, print);
  const exited = once(child, 'exit').then(([code, signal]) =>
    signal ? `signal ${String(signal)}` : `code ${String(code)}`,
  );
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { name, port, pid: child.pid ?? 0, exited, stop: () => stopProcess(child, exited), kill };
}

function prefixLines(stream: Readable, prefix: string, print: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    print(prefix + line),
  );
}

async function stopProcess(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Resolves once the node answers `/healthz`; rejects if it exits first or takes too long. */
export async function waitUntilHealthy(node: ClusterNode, timeoutMs = 60_000): Promise<void> {
  let exitedWith: string | undefined;
  void node.exited.then((how) => (exitedWith = how));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitedWith) throw new Error(`${node.name} exited (${exitedWith}) while starting`);
    const healthy = await fetch(`http://127.0.0.1:${node.port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`${node.name} did not answer /healthz in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
