import { request as httpRequest, createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** A Natter node behind the balancer. */
export interface Backend {
  name: string;
  port: number;
}

export interface BalancerOptions {
  backends: readonly Backend[];
  /** 0: any free port. */
  port: number;
  host?: string;
  /** How often each node's `/readyz` is asked. */
  healthIntervalMs?: number;
  /** Where the balancer says what it sees (a node going down or coming back). */
  log?: (line: string) => void;
}

export interface Balancer {
  url: string;
  /** The nodes that answered their last health check. */
  healthy(): string[];
  close(): Promise<void>;
}

/**
 * Socket.IO's long-polling sessions (`sid`) live on the node that made them: a poll or an upgrade
 * that names a `sid` must reach that node. Forgotten after this long unused; a live session polls
 * at least every ping interval (25 s).
 */
const SESSION_IDLE_MS = 120_000;
const HEALTH_TIMEOUT_MS = 1_000;

/**
 * A small HTTP-aware load balancer for trying a cluster out on one machine (`npm run cluster`);
 * production runs behind nginx (docs/deploy.md). Every request and every WebSocket upgrade that
 * starts a new Socket.IO session goes to the next healthy node in turn; a node that refuses the
 * connection is skipped (marked down until its `/readyz` answers again), so killing a node shows
 * failover, and a node draining after SIGTERM (503 on `/readyz`) gets no new sessions. Requests that name a long-polling session (`sid`, learnt from the handshake's answer)
 * stick to its node: the widget and the SDK's default start on long-polling. Per request rather
 * than per TCP connection, because a browser's keep-alive connection carries requests of several
 * sessions. Adds `X-Forwarded-For` and `X-Forwarded-Proto` (the nodes run with `TRUST_PROXY=1`).
 */
export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const { backends, host = '127.0.0.1', healthIntervalMs = 5_000, log = () => {} } = options;
  if (backends.length === 0) throw new Error('the balancer needs at least one node');
  const up = new Map(backends.map((backend) => [backend.name, true]));
  const sessions = new Map<string, { backend: Backend; usedAt: number }>();
  let next = 0;
  /** Upgraded connections: no longer the HTTP server's, so `close` must end them itself. */
  const tunnels = new Set<Duplex>();

  const setUp = (backend: Backend, isUp: boolean) => {
    if (up.get(backend.name) === isUp) return;
    up.set(backend.name, isUp);
    log(`${backend.name} is ${isUp ? 'up again' : 'down'}`);
  };

  /** The session's node, or every node from the next in turn, healthy ones first. */
  const candidatesFor = (url: string | undefined): Backend[] => {
    const sid = sessionIdOf(url);
    const session = sid ? sessions.get(sid) : undefined;
    if (session) {
      session.usedAt = Date.now();
      return [session.backend];
    }
    const start = next++ % backends.length;
    const rotated = [...backends.slice(start), ...backends.slice(0, start)];
    return [...rotated.filter((b) => up.get(b.name)), ...rotated.filter((b) => !up.get(b.name))];
  };

  /** A TCP connection to the first candidate that accepts one. */
  const connectToFirst = async (candidates: Backend[]) => {
    for (const backend of candidates) {
      try {
        const socket = await openConnection(backend.port);
        setUp(backend, true);
        return { backend, socket };
      } catch {
        setUp(backend, false);
      }
    }
    return undefined;
  };

  const forwardRequest = async (request: IncomingMessage, response: ServerResponse) => {
    const target = await connectToFirst(candidatesFor(request.url));
    if (!target) return refuse(response, 502, 'no Natter node accepts connections');
    const upstream = httpRequest({
      host: '127.0.0.1',
      port: target.backend.port,
      method: request.method,
      path: request.url,
      headers: withoutHopByHop(forwardedHeaders(request)),
      createConnection: () => target.socket,
    });
    upstream.once('response', (answer) => {
      if (isPollingHandshake(request.url) && answer.statusCode === 200) {
        learnSession(answer, (sid) =>
          sessions.set(sid, { backend: target.backend, usedAt: Date.now() }),
        );
      }
      response.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
      answer.pipe(response);
    });
    upstream.once('error', () => {
      target.socket.destroy();
      if (!response.headersSent) refuse(response, 502, `${target.backend.name} failed`);
      else response.destroy();
    });
    request.pipe(upstream);
  };

  const forwardUpgrade = async (request: IncomingMessage, client: Duplex, head: Buffer) => {
    client.on('error', () => client.destroy());
    const target = await connectToFirst(candidatesFor(request.url));
    if (!target) return client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
    const lines = Object.entries(forwardedHeaders(request)).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${String(v)}`),
    );
    target.socket.write(
      `${request.method} ${request.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`,
    );
    if (head.length > 0) target.socket.write(head);
    target.socket.on('error', () => client.destroy());
    target.socket.on('close', () => client.destroy());
    client.on('close', () => target.socket.destroy());
    target.socket.pipe(client).pipe(target.socket);
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
  };

  const server = createServer((request, response) => void forwardRequest(request, response));
  server.on('upgrade', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    void forwardUpgrade(request, client, head);
  });

  const checkHealth = async () => {
    await Promise.all(backends.map(async (backend) => setUp(backend, await isReady(backend.port))));
    const forgetBefore = Date.now() - SESSION_IDLE_MS;
    for (const [sid, session] of sessions) {
      if (session.usedAt < forgetBefore) sessions.delete(sid);
    }
  };
  const healthTimer = setInterval(() => void checkHealth(), healthIntervalMs);
  healthTimer.unref();

  await new Promise<void>((listening) => server.listen(options.port, host, listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    healthy: () => backends.filter((b) => up.get(b.name)).map((b) => b.name),
    close: async () => {
      clearInterval(healthTimer);
      server.closeAllConnections();
      for (const tunnel of tunnels) tunnel.destroy();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}

function openConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The client's headers, plus who it is and how it came, as a reverse proxy passes them on. */
function forwardedHeaders(request: IncomingMessage): OutgoingHttpHeaders {
  const address = request.socket.remoteAddress ?? 'unknown';
  const earlier = request.headers['x-forwarded-for'];
  return {
    ...request.headers,
    'x-forwarded-for': earlier ? `${String(earlier)}, ${address}` : address,
    'x-forwarded-proto': 'http',
  };
}

/**
 * Without the headers that describe one connection: the balancer keeps its own keep-alive with
 * the client and opens one connection to a node per request.
 */
function withoutHopByHop(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const { connection: _connection, 'keep-alive': _keepAlive, ...endToEnd } = headers;
  return endToEnd;
}

/** Engine.IO's session id in a `/socket.io/?…&sid=…` URL. */
function sessionIdOf(url: string | undefined): string | undefined {
  if (!url?.startsWith('/socket.io/')) return undefined;
  return new URL(url, 'http://balancer').searchParams.get('sid') ?? undefined;
}

/** The first request of a long-polling session: its answer carries the new `sid`. */
function isPollingHandshake(url: string | undefined): boolean {
  if (!url?.startsWith('/socket.io/')) return false;
  const query = new URL(url, 'http://balancer').searchParams;
  return query.get('transport') === 'polling' && !query.has('sid');
}

/** Reads the `sid` from the start of an Engine.IO open packet (`0{"sid":"…",…}`) as it passes. */
function learnSession(answer: IncomingMessage, remember: (sid: string) => void): void {
  let start = '';
  const read = (chunk: Buffer) => {
    start += chunk.toString('latin1');
    const sid = /"sid":"([^"]+)"/.exec(start)?.[1];
    if (sid || start.length > 1_024) answer.off('data', read);
    if (sid) remember(sid);
  };
  answer.on('data', read);
}

async function isReady(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/readyz',
      timeout: HEALTH_TIMEOUT_MS,
    });
    probe.once('response', (answer) => {
      answer.resume();
      resolve(answer.statusCode === 200);
    });
    probe.once('timeout', () => probe.destroy());
    probe.once('error', () => resolve(false));
    probe.end();
  });
}

function refuse(response: ServerResponse, status: number, reason: string): void {
  response.writeHead(status, { 'content-type': 'text/plain' }).end(`${reason}\n`);
}
