import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ClientSocket } from '../../../server/test/helpers/clients.js';
import { connect } from '../../../server/test/helpers/clients.js';
import type { TestServer } from '../../../server/test/helpers/test-server.js';
import { startTestServer } from '../../../server/test/helpers/test-server.js';
import { clientPool } from './sdk.js';
import type { TcpProxy } from './tcp-proxy.js';
import { startTcpProxy } from './tcp-proxy.js';

/**
 * The SDK integration set-up: one real server for the file; SDK clients, raw sockets and TCP
 * proxies opened by a test are closed after it.
 */
export function useIntegrationServer() {
  let server: TestServer | undefined;
  const t = {
    get url() {
      if (!server) throw new Error('the test server is not started yet');
      return server.url;
    },
  };
  const clients = clientPool();
  const sockets: ClientSocket[] = [];
  const proxies: TcpProxy[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    clients.closeAll();
    for (const socket of sockets.splice(0)) socket.close();
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });
  afterAll(() => server?.close());

  return {
    t,
    clients,
    /** A plain socket.io-client socket, as a client that knows only PROTOCOL.md would open. */
    async rawSocket(user: { token: string }): Promise<ClientSocket> {
      const socket = await connect(t.url, user.token);
      sockets.push(socket);
      return socket;
    },
    /** A TCP proxy in front of the server, to freeze or cut the network. */
    async openProxy(): Promise<TcpProxy> {
      const proxy = await startTcpProxy(t.url);
      proxies.push(proxy);
      return proxy;
    },
  };
}
