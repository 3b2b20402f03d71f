import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A TCP relay to a port that a test can sever for good: every connection through it is cut and no
 * new one is accepted, as when a machine drops off the network. A node whose Redis URL points here
 * loses Redis the way a dead node does, without a goodbye.
 */
export class SeverableLink {
  private readonly open = new Set<Socket>();
  private readonly server = createServer((inbound) => {
    const outbound = createConnection(this.targetPort);
    for (const socket of [inbound, outbound]) {
      this.open.add(socket);
      socket.on('close', () => this.open.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });

  private constructor(private readonly targetPort: number) {}

  static async to(targetPort: number): Promise<SeverableLink> {
    const link = new SeverableLink(targetPort);
    await new Promise<void>((listening) => link.server.listen(0, '127.0.0.1', listening));
    return link;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Cuts every connection and refuses new ones. */
  async sever(): Promise<void> {
    const closed = new Promise((done) => this.server.close(done));
    for (const socket of this.open) socket.destroy();
    await closed;
  }
}
