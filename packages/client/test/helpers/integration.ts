import { afterEach } from 'vitest';
import {
  createDirectRoom,
  ok,
  registerUser,
  request,
} from '../../../server/test/helpers/clients.js';
import type { TestUser } from '../../../server/test/helpers/clients.js';
import { useSocketTestServer } from '../../../server/test/helpers/message-helpers.js';
import { clientPool } from './sdk.js';
import type { TcpProxy } from '../../../server/test/helpers/tcp-proxy.js';
import { startTcpProxy } from '../../../server/test/helpers/tcp-proxy.js';

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

  const rawSocket = (user: { token: string }) => sockets.connect(user);

  return {
    t,
    clients,
    /** A plain socket.io-client socket, as a client that knows only PROTOCOL.md would open. */
    rawSocket,
    /** Alice and Bob, registered, and their direct room. */
    async aliceAndBob() {
      const alice = await registerUser(t.url, 'alice');
      const bob = await registerUser(t.url, 'bob');
      const room = await createDirectRoom(t.url, alice.token, bob.user.id);
      return { alice, bob, room };
    },
    /** Every message of a room as the server stores it, oldest first. */
    async serverHistory(user: TestUser, roomId: string) {
      const socket = await rawSocket(user);
      return ok(await request(socket, 'messages:load', { roomId, limit: 100 })).messages;
    },
    /** A TCP proxy in front of the server, to freeze or cut the network. */
    async openProxy(): Promise<TcpProxy> {
      const proxy = await startTcpProxy(t.url);
      proxies.push(proxy);
      return proxy;
    },
  };
}
