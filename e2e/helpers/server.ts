import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startNodeProcess } from '../../packages/server/test/helpers/node-processes.js';

export { freePort } from '../../packages/server/test/helpers/private-redis.js';

/** A real Natter process, started as `npm start` starts it, on its own data directory. */
export interface E2eServer {
  url: string;
  /** Everything the process printed so far: attach it to a failure to see the server's side. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the BUILT server on a free port with a fresh embedded database (under Vitest a copy of
 * the run's migrated one) and rate limits off
 * (tests sign up and send faster than any person), and resolves with its URL once the web app
 * answers at `/`. `settings` are environment variables on top (they may override the port).
 */
export async function startServer(settings: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'natter-e2e-'));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  const template = migratedDataDirTemplate();
  if (template && !settings.DATABASE_URL) {
    await cp(template, join(dataDir, 'db'), { recursive: true });
  }
  const node = await startNodeProcess({ DATA_DIR: dataDir, RATE_LIMITS: 'off', ...settings }).catch(
    async (error: unknown) => {
      await removeDataDir();
      throw error;
    },
  );
  const stop = async () => {
    await node.stop();
    await removeDataDir();
  };
  try {
    await expectWebApp(node.url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: node.url, output: node.output, stop };
}

/**
 * The run's migrated database directory (data-dir-template-setup.ts) when running under Vitest;
 * the screenshot scripts, run by tsx, start from an empty directory.
 */
function migratedDataDirTemplate(): string | undefined {
  return process.env.VITEST ? inject('dataDirTemplate') : undefined;
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
