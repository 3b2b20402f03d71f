import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';

/**
 * Where `npm run build` puts the web app: packages/web/dist, found relative to this file so it
 * works the same from `src` (tests) and `dist` (production), whatever the working directory.
 */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the server: never answered with the app's index.html. */
const SERVER_PREFIXES = ['/api/', '/socket.io/', '/healthz', '/readyz', '/widget/'];
const isServerPath = (path: string) =>
  path === '/api' ||
  path === '/socket.io' ||
  path === '/widget.js' ||
  SERVER_PREFIXES.some((p) => path.startsWith(p));

/** Vite names built assets by content hash, so they can be cached forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * index.html names the current hashes: browsers must revalidate it on every load. So must the
 * service worker `/sw.js` (one fixed name): browsers check it for updates, and one cached
 * immutable would keep an old worker running for a year.
 */
const REVALIDATE = 'no-cache';

/**
 * Serves the built web app at `/`: its files, and index.html for any other GET outside the API so
 * that deep links (`/rooms/…`) survive a reload (the app routes on the client). The page carries
 * `pagePolicy` as its Content-Security-Policy; everything else gets the default of
 * security-headers.ts. When the folder is
 * missing (a server-only build), the API keeps working and a warning says why `/` is a 404.
 */
export async function registerWebApp(
  app: FastifyInstance,
  webDir: string,
  log: Logger,
  pagePolicy: string,
): Promise<void> {
  if (!existsSync(join(webDir, 'index.html'))) {
    log.warn({ webDir }, 'web app not built: serving the API only (run `npm run build`)');
    return;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    // Routes for the files present at start (the build output), so every other path falls through
    // to the SPA fallback below instead of a static 404.
    wildcard: false,
    // The build writes a .br and a .gz copy of each script, style and page
    // (packages/web/scripts/precompress.js): sent to the browsers that accept them.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', /[/\\]assets[/\\]/.test(path) ? IMMUTABLE : REVALIDATE);
      // Set on the route, not guessed from the type: a 304 has no type, and a browser merges a
      // 304's headers into its cached page.
      // `path` is the file sent: index.html.br or .gz when compressed.
      if (/\.html(?:\.br|\.gz)?$/.test(path)) {
        reply.header('content-security-policy', pagePolicy);
      }
    },
  });
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isServerPath(path)) return reply.callNotFound();
    return reply
      .header('cache-control', REVALIDATE)
      .header('content-security-policy', pagePolicy)
      .sendFile('index.html');
  });
}
