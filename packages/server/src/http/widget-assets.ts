import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { conversationLinkSchema } from '@natter/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { findSiteByKey } from '../support/site-repository.js';
import type { SecurityHeadersConfig } from './security-headers.js';
import { pagePolicy } from './security-headers.js';

/** Where `npm run build` puts the widget: packages/widget/dist beside the server package. */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../widget/dist/', import.meta.url));

/** A new loader reaches every host page within minutes; its URL never changes. */
const LOADER_CACHE = 'public, max-age=300';
/** The frame's assets are named by content hash (Vite). */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The frame page carries one site's name and CSP: never reused for another request. */
const NO_STORE = 'no-store';

/** The placeholder of frame.html the site's look is written into. */
const SITE_META = '<meta name="natter-site" content="" />';

/**
 * Serves the support widget from packages/widget/dist: the loader `/widget.js` (a classic
 * script any page may load), the frame page `/widget/frame?site=KEY` (framable only by the site's
 * `allowedOrigins`: its CSP's frame-ancestors), the frame's hashed assets under
 * `/widget/assets/`, and the standalone page `/c/<link>` (the same app, never framed). When the
 * widget is not built, the routes are absent and a warning says why.
 */
export async function registerWidgetAssets(
  app: FastifyInstance,
  deps: { db: Db; widgetDir: string; headers: SecurityHeadersConfig; log: Logger },
): Promise<void> {
  const { widgetDir } = deps;
  if (!existsSync(join(widgetDir, 'frame.html')) || !existsSync(join(widgetDir, 'widget.js'))) {
    deps.log.warn({ widgetDir }, 'widget not built: /widget.js is absent (run `npm run build`)');
    return;
  }
  const loader = readFileSync(join(widgetDir, 'widget.js'));
  const frameHtml = readFileSync(join(widgetDir, 'frame.html'), 'utf8');
  const sendPage = (reply: FastifyReply, html: string, frameAncestors: string) =>
    reply
      .header('cache-control', NO_STORE)
      .header('content-security-policy', pagePolicy(deps.headers, frameAncestors))
      .type('text/html; charset=utf-8')
      .send(html);

  app.get('/widget.js', (_request, reply) =>
    reply
      .header('cache-control', LOADER_CACHE)
      // Host pages that isolate themselves (COEP) may still load it.
      .header('cross-origin-resource-policy', 'cross-origin')
      .type('text/javascript; charset=utf-8')
      .send(loader),
  );

  app.get<{ Querystring: { site?: unknown } }>('/widget/frame', async (request, reply) => {
    const key = request.query.site;
    const site =
      typeof key === 'string' && key.length <= 64 ? await findSiteByKey(deps.db, key) : undefined;
    // Not framable (the default policy): an unknown key shows nothing anywhere.
    if (!site) return reply.status(404).type('text/plain; charset=utf-8').send('Unknown site');
    const look = JSON.stringify({
      name: site.name,
      ...(site.accentColor !== null && { accentColor: site.accentColor }),
    });
    const html = frameHtml.replace(
      SITE_META,
      `<meta name="natter-site" content="${escapeAttribute(look)}" />`,
    );
    return sendPage(reply, html, site.allowedOrigins.join(' '));
  });

  // The standalone page: the link is checked when the page trades it for a session, so a wrong
  // one costs the link-session budget and this route says nothing about which links exist.
  app.get<{ Params: { link: string } }>('/c/:link', (request, reply) => {
    if (!conversationLinkSchema.safeParse(request.params.link).success) return reply.callNotFound();
    return sendPage(reply, frameHtml, "'none'");
  });

  await app.register(fastifyStatic, {
    root: join(widgetDir, 'assets'),
    prefix: '/widget/assets/',
    decorateReply: false,
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply) => reply.header('cache-control', IMMUTABLE),
  });
}

/** For a double-quoted HTML attribute: the JSON's quotes and any markup become entities. */
function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
