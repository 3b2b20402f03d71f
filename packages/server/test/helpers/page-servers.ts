import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request to a page server. */
export type PageRoute = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A local web server for outgoing-request tests (link previews, webhooks): one that is allowed
 * (on 127.0.0.2, which the tests allowlist) serving pages, or a trap (on 127.0.0.1, ::1) that
 * must never be reached. Connections are counted, not just requests, so even a connection that
 * never sent a request is seen.
 */
export interface PageServer {
  host: string;
  port: number;
  /** `http://host:port/path`, the IPv6 host in brackets. */
  url(path?: string): string;
  /** The paths requested, in order. */
  readonly requests: string[];
  /** TCP connections accepted. */
  readonly connections: number;
  /** Replaces or adds a route. */
  route(path: string, answer: PageRoute): void;
  close(): Promise<void>;
}

/**
 * Starts a page server on `host` (port 0: any free port). Unknown paths answer 404. Routes are
 * matched on the path without the query.
 */
export async function startPageServer(
  host: string,
  routes: Record<string, PageRoute> = {},
  port = 0,
): Promise<PageServer> {
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  let connections = 0;
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const answer = table.get(path.split('?')[0] ?? path);
    if (answer) answer(request, response);
    else response.writeHead(404).end('not found');
  });
  server.on('connection', (socket) => {
    connections += 1;
    // A test that ends while a response is still trickling must not keep the server open.
    socket.unref();
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(port, host, listening);
  });
  const bound = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  return {
    host,
    port: bound,
    url: (path = '/') => `${origin}${path}`,
    requests,
    get connections() {
      return connections;
    },
    route: (path, answer) => table.set(path, answer),
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** A trap: a server that answers every request with a page, and that no test may ever reach. */
export function startTrap(host: string, port = 0): Promise<PageServer> {
  const server = startPageServer(host, {}, port);
  return server.then((trap) => {
    const caught: PageRoute = (_request, response) => html(response, page('Caught'));
    for (const path of ['/', '/secret', '/latest/meta-data/']) trap.route(path, caught);
    return trap;
  });
}

/**
 * An allowed server and traps on the same port on other loopback addresses, so a connection that
 * went to a second DNS answer instead of the checked one would land in a trap. Retries when the
 * port happens to be taken on one of the trap addresses.
 */
export async function startWithTraps(
  allowedHost: string,
  trapHosts: readonly string[],
  routes: Record<string, PageRoute> = {},
): Promise<{ allowed: PageServer; traps: PageServer[] }> {
  for (let attempt = 0; ; attempt += 1) {
    const allowed = await startPageServer(allowedHost, routes);
    const traps: PageServer[] = [];
    try {
      for (const host of trapHosts) traps.push(await startTrap(host, allowed.port));
      return { allowed, traps };
    } catch (error) {
      await Promise.all([allowed, ...traps].map((s) => s.close()));
      if (attempt >= 10) throw error;
    }
  }
}

/** Sends an HTML page (`text/html; charset=utf-8` unless `contentType` says otherwise). */
export function html(
  response: ServerResponse,
  body: string | Buffer,
  contentType = 'text/html; charset=utf-8',
): void {
  response.writeHead(200, { 'content-type': contentType }).end(body);
}

/** A route answering `bytes` as `type` (an image, say). */
export const serveBytes =
  (bytes: Buffer | string, type = 'image/png'): PageRoute =>
  (_request, response) =>
    response.writeHead(200, { 'content-type': type }).end(bytes);

/** A redirect to `location` (absolute or relative). */
export function redirect(response: ServerResponse, location: string, status = 302): void {
  response.writeHead(status, { location }).end();
}

/** A minimal HTML page with `head` inside its `<head>` and a title. */
export function page(title: string, head = ''): string {
  return `<!doctype html><html><head><title>${title}</title>${head}</head><body><p>${title}</p></body></html>`;
}

/** What an Open Graph page declares; `image` is its URL as written (absolute or relative). */
export interface OpenGraph {
  title: string;
  description?: string;
  siteName?: string;
  image?: string;
}

/** A page with Open Graph tags (attribute values written as given: entities stay entities). */
export function openGraphPage(og: OpenGraph): PageRoute {
  const meta = (property: string, content: string | undefined) =>
    content === undefined ? '' : `<meta property="og:${property}" content="${content}">`;
  const head = [
    meta('title', og.title),
    meta('description', og.description),
    meta('site_name', og.siteName),
    meta('image', og.image),
  ].join('');
  return (_request, response) => html(response, page('Plain title', head));
}
