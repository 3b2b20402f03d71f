import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/**
 * A TCP relay between one node and Redis whose node-to-Redis direction a test can hold: what the
 * node sends meanwhile waits here, in order, until released. It makes "the node has sent it but
 * Redis has not got it yet" last as long as the test needs, to show what a reply may not overtake.
 * Redis-to-node traffic always flows.
 */
export class HeldLink {
  private held: { to: Socket; chunk: Buffer }[] | undefined;
  private waiting: { text: string; resolve: () => void } | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Listens on a free port and relays each connection to `targetUrl` (`redis://host:port`). */
  static async start(targetUrl: string): Promise<HeldLink> {
    const target = new URL(targetUrl);
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const link = new HeldLink(server, `redis://127.0.0.1:${port}`);
    server.on('connection', (client: Socket) => link.relay(client, target));
    return link;
  }

  /** From now on, what the node sends waits here. */
  hold(): void {
    this.held ??= [];
  }

  /** Resolves once what the node sent and is held contains `text` (a channel name, say). */
  holding(text: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiting = { text, resolve };
      this.checkWaiting();
    });
  }

  /** Passes on what was held, in order, and lets everything through again. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const { to, chunk } of held) to.write(chunk);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((closed) => this.server.close(closed));
  }

  private relay(client: Socket, target: URL): void {
    const upstream = createConnection(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      // A node closing its connection (or the relay closing) ends both sides.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (!this.held) return void upstream.write(chunk);
      this.held.push({ to: upstream, chunk });
      this.checkWaiting();
    });
  }

  private checkWaiting(): void {
    if (!this.waiting || !this.held?.some(({ chunk }) => chunk.includes(this.waiting?.text ?? '')))
      return;
    this.waiting.resolve();
    this.waiting = undefined;
  }
}
