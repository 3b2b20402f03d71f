import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerConfig } from '../../src/index.js';
import type { Logger } from '../../src/logger.js';
import type { TestServer } from './test-server.js';
import { startTestServer } from './test-server.js';

/** A folder with no build in it. */
const NOT_BUILT = join(tmpdir(), 'natter-authz-not-built');

/** A route as the server registered it (collected with an `onRoute` hook, see below). */
export interface RegisteredRoute {
  /** `METHOD /path`, as the authorization matrix names it. */
  key: string;
  method: string;
  /** Fastify's pattern, with `:param` segments. */
  url: string;
  authenticated: boolean;
  visitors: 'allowed' | 'refused';
}

/**
 * Starts a test server and collects every route it registers. Fastify announces each instance it
 * creates on the `fastify.initialization` diagnostics channel: an `onRoute` hook added there sees
 * every route of the real server, with no test seam in production code. HEAD routes that mirror a
 * GET are folded into it. The authorization matrix and the hostile-input suite both read this,
 * so a new route is checked by both without being listed anywhere else.
 */
export async function startCollectingRoutes(
  overrides: Partial<ServerConfig> = {},
  log?: Logger,
): Promise<{ t: TestServer; routes: RegisteredRoute[] }> {
  const seen: { method: string; url: string; config?: { visitors?: string }; auth: boolean }[] = [];
  interface RouteOptions {
    method: string | string[];
    url: string;
    config?: { visitors?: string };
    preHandler?: unknown;
  }
  const onInit = (message: unknown) => {
    const { fastify } = message as {
      fastify: { addHook(name: 'onRoute', hook: (route: RouteOptions) => void): void };
    };
    fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        seen.push({ method, url: route.url, config: route.config, auth: !!route.preHandler });
      }
    });
  };
  subscribe('fastify.initialization', onInit);
  let t: TestServer;
  try {
    // DEBUG_STATS on: its routes are registered too, so they are checked like the rest.
    // The built web app and widget off, whether `npm run build` ran or not: their routes are
    // one per built file, pages and files anyone may fetch (support-widget-pages.test.ts and
    // e2e/ cover them), and would make the list depend on the build.
    t = await startTestServer(
      { debugStats: true, webDir: NOT_BUILT, widgetDir: NOT_BUILT, ...overrides },
      log,
    );
  } finally {
    unsubscribe('fastify.initialization', onInit);
  }
  const gets = new Set(seen.filter((r) => r.method === 'GET').map((r) => r.url));
  const routes = seen
    .filter((r) => !(r.method === 'HEAD' && gets.has(r.url)))
    .map((r) => ({
      key: `${r.method} ${r.url}`,
      method: r.method,
      url: r.url,
      authenticated: r.auth,
      visitors: r.config?.visitors === 'allowed' ? ('allowed' as const) : ('refused' as const),
    }));
  return { t, routes };
}
