import { typingBarrierVia } from '../../../server/test/helpers/barrier.js';
import type { ClientSocket } from '../../../server/test/helpers/clients.js';
import { NatterError, createNatterClient, selectTypingUsers } from '../../src/index.js';
import type { ChatState, NatterClient, NatterClientOptions } from '../../src/index.js';

/** Socket options for tests: websocket only, and quick reconnects. */
export const fastSockets = {
  transports: ['websocket'],
  reconnectionDelay: 50,
  reconnectionDelayMax: 200,
  forceNew: true,
};

/** Creates SDK clients and closes them all after each test. */
export function clientPool() {
  const clients: NatterClient[] = [];
  return {
    /** A connected (ready) client. */
    async connect(
      baseUrl: string,
      token: string,
      options: Partial<NatterClientOptions> = {},
    ): Promise<NatterClient> {
      const client = this.create(baseUrl, token, options);
      await client.connect();
      return client;
    },
    create(baseUrl: string, token: string, options: Partial<NatterClientOptions> = {}) {
      const client = createNatterClient({
        baseUrl,
        token,
        ...options,
        socketOptions: { ...fastSockets, ...options.socketOptions },
      });
      clients.push(client);
      return client;
    },
    closeAll() {
      for (const client of clients.splice(0)) client.close();
    },
  };
}

/** Resolves once the client's state satisfies `predicate`; rejects after `timeoutMs`. */
export function waitForState(
  client: NatterClient,
  predicate: (state: ChatState) => boolean,
  what = 'the expected state',
  timeoutMs = 5_000,
): Promise<ChatState> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = client.getState();
      if (!predicate(state)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
      return true;
    };
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = client.subscribe(check);
    check();
  });
}

/**
 * The server suites' barrier, observed through SDK clients' stores: `typist` (an SDK client's
 * socket or a raw one) signals typing in the room, and each observer resolves once its store shows
 * it; whatever the server sent an observer before has been applied by then. Use it where nobody
 * else is typing in that room.
 */
export function storeTypingBarrier(
  typist: ClientSocket,
  roomId: string,
  ...observers: NatterClient[]
): Promise<void> {
  const sawTyping = (observer: NatterClient) =>
    waitForState(observer, (s) => selectTypingUsers(s, roomId).length > 0, 'the typing marker');
  return typingBarrierVia(sawTyping, typist, roomId, observers);
}

/** Waits until the client is connected and caught up again. */
export const waitReady = (client: NatterClient, timeoutMs?: number) =>
  waitForState(client, (s) => s.connection.status === 'ready', 'ready', timeoutMs);

/** Loads a room's whole history into the client. */
export async function loadAllHistory(client: NatterClient, roomId: string): Promise<void> {
  while ((await client.history.loadOlder(roomId)).hasMore);
}

/** Polls until `predicate` holds: for conditions outside a client's store (raw sockets). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The NatterError a call rejected with, or undefined when it resolved (or threw something else). */
export const failure = (promise: Promise<unknown>): Promise<NatterError | undefined> =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof NatterError ? error : undefined),
  );
