import net from 'node:net';

type Direction = 'up' | 'down' | 'both';

/**
 * A TCP proxy in front of a real server (Natter, Redis, PostgreSQL) that can stall or cut the
 * network, which is how real connections fail: a frozen direction holds its bytes (a lost ack, as
 * far as the client can tell; a node's publish that Redis has not got yet), `dropAll` cuts every
 * connection at once, `cut` makes the target unreachable (a machine off the network, no goodbye),
 * `delay` makes it far away or overloaded, `stall` is a peer that stops reading (TCP backpressure
 * reaches the sender, as it does with a real slow consumer: nothing piles up in the proxy).
 */
export interface TcpProxy {
  /** The target's URL with the proxy's address: same scheme (`http:`, `redis:`, …), user, path. */
  url: string;
  /** Holds bytes going up (client to server), down, or both, until `thaw`. */
  freeze(direction?: Direction): void;
  /** Resolves once the bytes held going up contain `text` (a Redis channel name, say). */
  holding(text: string): Promise<void>;
  /** Lets held and new bytes flow again, in the order they came, and ends a stall. */
  thaw(): void;
  /** Delivers every chunk, both ways, `ms` after it came (in order); 0 ends the delay. */
  delay(ms: number): void;
  /**
   * Stops reading from the target (`down`) or from the client (`up`) until `thaw`: the sender's
   * kernel buffers fill and then its writes back up, unlike `freeze`, which keeps reading and holds.
   */
  stall(direction: Exclude<Direction, 'both'>): void;
  /** Cuts every connection; held bytes are lost. New connections are accepted. */
  dropAll(): void;
  /** Cuts every connection and refuses new ones until `heal`: the target is unreachable. */
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

interface Pipe {
  client: net.Socket;
  upstream: net.Socket;
  heldUp: Buffer[];
  heldDown: Buffer[];
  /** Chunks under `delay`, each with when it is due, per direction. */
  lateUp: Late;
  lateDown: Late;
}

interface Late {
  chunks: { due: number; chunk: Buffer }[];
  timer?: ReturnType<typeof setTimeout> | undefined;
}

/** Writes `chunk` to `to` after `ms`, never before a chunk that came earlier on the same way. */
function deliverLate(late: Late, to: net.Socket, chunk: Buffer, ms: number): void {
  if (ms === 0 && late.chunks.length === 0) return void to.write(chunk);
  const last = late.chunks.at(-1)?.due ?? 0;
  late.chunks.push({ due: Math.max(Date.now() + ms, last), chunk });
  const flush = () => {
    late.timer = undefined;
    for (let head = late.chunks[0]; head; head = late.chunks[0]) {
      const wait = head.due - Date.now();
      if (wait > 0) return void (late.timer = setTimeout(flush, wait));
      late.chunks.shift();
      if (!to.destroyed) to.write(head.chunk);
    }
  };
  late.timer ??= setTimeout(flush, ms);
}

function dropLate(late: Late): void {
  clearTimeout(late.timer);
  late.timer = undefined;
  late.chunks.length = 0;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const pipes = new Set<Pipe>();
  let frozenUp = false;
  let frozenDown = false;
  let refusing = false;
  let latencyMs = 0;
  let stalled: Exclude<Direction, 'both'> | undefined;
  const waiters: { text: string; resolve: () => void }[] = [];
  const settleWaiters = () => {
    for (const waiter of [...waiters]) {
      const held = [...pipes].some((pipe) => pipe.heldUp.some((c) => c.includes(waiter.text)));
      if (!held) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    const pipe: Pipe = {
      client,
      upstream,
      heldUp: [],
      heldDown: [],
      lateUp: { chunks: [] },
      lateDown: { chunks: [] },
    };
    pipes.add(pipe);
    if (stalled === 'up') client.pause();
    if (stalled === 'down') upstream.pause();
    client.on('data', (chunk) => {
      if (!frozenUp) return void deliverLate(pipe.lateUp, upstream, chunk, latencyMs);
      pipe.heldUp.push(chunk);
      settleWaiters();
    });
    upstream.on('data', (chunk) => {
      if (frozenDown) pipe.heldDown.push(chunk);
      else deliverLate(pipe.lateDown, client, chunk, latencyMs);
    });
    const end = () => {
      dropLate(pipe.lateUp);
      dropLate(pipe.lateDown);
      pipes.delete(pipe);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  const dropAll = () => {
    for (const pipe of [...pipes]) {
      pipe.heldUp.length = 0;
      pipe.heldDown.length = 0;
      dropLate(pipe.lateUp);
      dropLate(pipe.lateDown);
      pipe.client.destroy();
      pipe.upstream.destroy();
    }
    pipes.clear();
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  return {
    url: throughProxy(target, port),
    freeze(direction = 'both') {
      if (direction !== 'down') frozenUp = true;
      if (direction !== 'up') frozenDown = true;
    },
    holding(text) {
      return new Promise((resolve) => {
        waiters.push({ text, resolve });
        settleWaiters();
      });
    },
    thaw() {
      frozenUp = false;
      frozenDown = false;
      stalled = undefined;
      for (const pipe of pipes) {
        for (const chunk of pipe.heldUp.splice(0)) pipe.upstream.write(chunk);
        for (const chunk of pipe.heldDown.splice(0)) pipe.client.write(chunk);
        pipe.client.resume();
        pipe.upstream.resume();
      }
    },
    delay(ms) {
      latencyMs = ms;
    },
    stall(direction) {
      stalled = direction;
      for (const pipe of pipes) (direction === 'up' ? pipe.client : pipe.upstream).pause();
    },
    dropAll,
    cut() {
      refusing = true;
      dropAll();
    },
    heal() {
      refusing = false;
    },
    close() {
      dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** `target` with the proxy's host and port; an HTTP origin keeps its form (no trailing slash). */
function throughProxy(target: URL, port: number): string {
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const text = url.toString();
  return url.pathname === '/' && text.endsWith('/') ? text.slice(0, -1) : text;
}
