import { afterEach } from 'vitest';
import { useSocketTestServer } from '../../../server/test/helpers/message-helpers.js';
import { clientPool } from './sdk.js';
import type { TcpProxy } from './tcp-proxy.js';
import { startTcpProxy } from './tcp-proxy.js';

/**
 * The SDK integration set-up: the server suites' one real server per file and raw sockets, plus
 * SDK clients and TCP proxies, all closed after each test.
 */
export function useIntegrationServer() {
  const { t, sockets } = useSocketTestServer();
  const clients = clientPool();
  const proxies: TcpProxy[] = [];
  afterEach(async () => {
    clients.closeAll();
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  });

  return {
    t,
    clients,
    /** A plain socket.io-client socket, as a client that knows only PROTOCOL.md would open. */
    rawSocket: (user: { token: string }) => sockets.connect(user),
    /** A TCP proxy in front of the server, to freeze or cut the network. */
    async openProxy(): Promise<TcpProxy> {
      const proxy = await startTcpProxy(t.url);
      proxies.push(proxy);
      return proxy;
    },
  };
}
