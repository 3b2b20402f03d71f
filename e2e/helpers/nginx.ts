import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEPLOY_DOC = fileURLToPath(new URL('../../docs/deploy.md', import.meta.url));
const MARKER = '<!-- tested-nginx-recipe';

/** Debian's nginx (`apt-get install nginx-light`; .ci/run installs it), or undefined. */
export function findNginx(): string | undefined {
  return ['/usr/sbin/nginx', 'nginx'].find(
    (binary) => spawnSync(binary, ['-v'], { stdio: 'ignore' }).status === 0,
  );
}

/** The nginx block that follows the `tested-nginx-recipe` marker in docs/deploy.md. */
export async function recipeFromDocs(): Promise<string> {
  const doc = await readFile(DEPLOY_DOC, 'utf8');
  const afterMarker = doc.slice(doc.indexOf(MARKER));
  const block = /```nginx\n([\s\S]*?)\n```/.exec(afterMarker)?.[1];
  if (!doc.includes(MARKER) || !block) {
    throw new Error(`docs/deploy.md has no \`\`\`nginx block after "${MARKER}"`);
  }
  return block;
}

/**
 * The recipe pointed at this machine: each upstream's `server` lines become one per node (with
 * the first line's parameters), `listen 443 ssl` becomes a plain local port, `ssl_*` lines go.
 * Everything else is tested as written; a recipe without those lines fails here, loudly.
 */
export function fillRecipe(recipe: string, nodePorts: readonly number[], listenPort: number) {
  const serverLine = /^(\s*)server\s+\S+:\d+(.*);$/;
  const lines = recipe.split('\n');
  let upstreams = 0;
  const filled = lines.flatMap((line, i) => {
    const match = serverLine.exec(line);
    if (!match) return /^\s*ssl_/.test(line) ? [] : [line];
    if (serverLine.test(lines[i - 1] ?? '')) return [];
    upstreams++;
    const [, indent, parameters] = match;
    return nodePorts.map((port) => `${indent}server 127.0.0.1:${port}${parameters};`);
  });
  const text = filled.join('\n');
  const listening = text.replace(/listen 443 ssl;/, `listen 127.0.0.1:${listenPort};`);
  if (upstreams === 0 || listening === text) {
    throw new Error('the recipe in docs/deploy.md lost its upstream `server` or `listen` lines');
  }
  return listening;
}

export interface RunningNginx {
  url: string;
  /** The access log: `<request uri> <upstream address> <status>` per finished request. */
  accessLog(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Runs nginx in the foreground (`daemon off`) with a throwaway prefix holding its config, logs,
 * pid and temp files, around `httpConfig` (the filled recipe). Resolves once it accepts
 * connections on `port`; fails with its error log if it exits first.
 */
export async function startNginx(
  binary: string,
  httpConfig: string,
  port: number,
): Promise<RunningNginx> {
  const prefix = await mkdtemp(join(tmpdir(), 'natter-nginx-'));
  const errorLog = join(prefix, 'error.log');
  const accessLog = join(prefix, 'access.log');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `${kind}_temp_path ${join(prefix, kind)};`,
  );
  const config = [
    'daemon off;',
    'worker_processes 1;',
    // As root, nginx would run its worker as `nobody`, who may not write to the temp prefix.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    `pid ${join(prefix, 'nginx.pid')};`,
    `error_log ${errorLog} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    "  log_format natter_test '$request_uri $upstream_addr $status';",
    `  access_log ${accessLog} natter_test;`,
    ...temp.map((line) => `  ${line}`),
    httpConfig,
    '}',
  ].join('\n');
  const configFile = join(prefix, 'nginx.conf');
  await writeFile(configFile, config);
  const child = spawn(binary, ['-p', prefix, '-e', errorLog, '-c', configFile], {
    stdio: 'ignore',
  });
  const exited = once(child, 'exit');
  const errors = () => readFile(errorLog, 'utf8').catch(() => '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(prefix, { recursive: true, force: true });
  };
  try {
    await untilListening(port, exited);
  } catch (error) {
    const log = await errors();
    await stop();
    throw new Error(`nginx did not start (${String(error)}): ${log}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    accessLog: () => readFile(accessLog, 'utf8').catch(() => ''),
    stop,
  };
}

async function untilListening(port: number, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (gone) throw new Error('it exited');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
