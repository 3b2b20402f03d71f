import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));

/** Server settings in the environment that the tests' server must not inherit. */
const INHERITED_SETTINGS = [
  'HOST',
  'DATABASE_URL',
  'REDIS_URL',
  'ALLOWED_ORIGINS',
  'PUBLIC_URL',
  'TRUST_PROXY',
  'SESSION_IDLE_DAYS',
  'SESSION_MAX_DAYS',
  'WEB_DIR',
];

/** A real Natter process, started as `npm start` starts it, on its own empty data directory. */
export interface E2eServer {
  url: string;
  /** Everything the process printed so far: attach it to a failure to see the server's side. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the BUILT server (`packages/server/dist/main.js`) on a free port with a fresh embedded
 * database and rate limits off (tests sign up and send faster than any person), and resolves with
 * its URL, read from its "listening" log line, once the web app answers at `/`. `settings` are
 * environment variables on top (they may override the port).
 */
export async function startServer(settings: Record<string, string> = {}): Promise<E2eServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const dataDir = await mkdtemp(join(tmpdir(), 'natter-e2e-'));
  // A developer's own settings must not leak in: the tests want the embedded database, the
  // server's own origin, plain-HTTP cookies and the freshly built app.
  const inherited = Object.entries(process.env).filter(
    ([name]) => !INHERITED_SETTINGS.includes(name),
  );
  const env = {
    ...Object.fromEntries(inherited),
    PORT: '0',
    DATA_DIR: dataDir,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'info',
    ...settings,
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      output += `\n[server process exited: code ${code}, signal ${signal}]\n`;
      resolve();
    }),
  );
  const stop = async () => {
    await terminate(child, exited);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(
      child,
      (chunk) => (output += chunk),
      () => output,
    );
    await expectWebApp(url);
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listeningUrl(
  child: ChildProcess,
  append: (chunk: string) => void,
  output: () => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output()}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      append(chunk.toString());
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => append(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output()}`));
    });
  });
}

/** Fails early, with a clear reason, when the server does not serve the web app at `/`. */
async function expectWebApp(url: string): Promise<void> {
  const response = await fetch(url + '/');
  const body = await response.text();
  if (response.status !== 200 || !/<html/i.test(body)) {
    throw new Error(
      `the server does not serve the web app at / (status ${response.status}): ` +
        'run `npm run build` so that packages/web is built',
    );
  }
}

/** SIGTERM (a clean shutdown), then SIGKILL if the process is still there after 5 s. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A TCP port free right now, for a test that must name the server's URL before it starts. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
