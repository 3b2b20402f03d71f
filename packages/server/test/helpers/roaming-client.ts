import type { Message } from '@natter/protocol';
import type { ClientSocket } from './clients.js';
import { newClientId, ok, request } from './clients.js';
import { connectReady } from './message-helpers.js';

/** How long a send waits for its ack before it is sent again (same clientId). */
const ACK_TIMEOUT_MS = 3_000;

/**
 * A client in one room that behaves as the protocol asks of any client behind a load balancer:
 * when its connection drops it connects to a node that is up (`liveUrls`, the load balancer's
 * choice), runs `messages:sync` from the last seq it holds without a gap (live events from
 * different nodes need not arrive in seq order, and a connection may drop between two of them),
 * and sends again whatever was not acked, with the same clientId, as the SDK does. Its state is the room's messages by id, from the first sync,
 * live `message:new` events and every later sync.
 */
export class RoamingClient {
  /** The room as this client sees it. */
  readonly messages = new Map<string, Message>();
  /** Why each of its connections ended, as socket.io-client said. */
  readonly disconnects: string[] = [];
  private socket: Promise<ClientSocket>;
  /** Every seq up to this one is held: the SDK's `syncedSeq`. */
  private syncedSeq = 0;
  private readonly seqs = new Set<number>();
  private closed = false;

  constructor(
    readonly name: string,
    private readonly token: string,
    private readonly roomId: string,
    private readonly liveUrls: () => readonly string[],
    firstUrl: string,
  ) {
    this.socket = this.open(firstUrl);
  }

  /** Resolves once connected and synced. */
  async ready(): Promise<void> {
    await this.socket;
  }

  /** Sends until an ack says ok, through however many reconnects; resolves with the stored message. */
  async sendUntilAcked(content: string, clientId = newClientId()): Promise<Message> {
    for (;;) {
      if (this.closed) throw new Error(`${this.name} was closed before ${clientId} was acked`);
      const socket = await this.socket;
      let ack;
      try {
        ack = await request(
          socket,
          'message:send',
          { roomId: this.roomId, clientId, type: 'text', content },
          ACK_TIMEOUT_MS,
        );
      } catch {
        // Disconnected or timed out: not a verdict on the message, which goes again.
        continue;
      }
      if (ack.ok) return ack.message;
      // Refused while the node drains (`unavailable`): the same send goes again, elsewhere.
      if (ack.error.code !== 'unavailable') throw new Error(JSON.stringify(ack.error));
      await new Promise((resolve) => setTimeout(resolve, ack.error.retryAfterMs ?? 0));
    }
  }

  /** Catches up from the last seq it holds (what a client runs after every reconnect). */
  async sync(): Promise<void> {
    await this.syncOn(await this.socket);
  }

  close(): void {
    this.closed = true;
    void this.socket.then((socket) => socket.close());
  }

  private async open(url: string): Promise<ClientSocket> {
    const socket = await connectReady(url, this.token);
    socket.on('message:new', (message) => {
      if (message.roomId === this.roomId) this.hold([message]);
    });
    socket.once('disconnect', (reason) => {
      this.disconnects.push(reason);
      if (this.closed) return;
      this.socket = this.reconnect();
      // Whoever sends next learns of a failure; nobody waiting is no unhandled rejection.
      this.socket.catch(() => {});
    });
    await this.syncOn(socket);
    return socket;
  }

  /** Tries the nodes that are up, in turn, until one takes the connection. */
  private async reconnect(): Promise<ClientSocket> {
    for (let attempt = 0; ; attempt++) {
      const urls = this.liveUrls();
      try {
        return await this.open(urls[attempt % urls.length] as string);
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private async syncOn(socket: ClientSocket): Promise<void> {
    for (;;) {
      const afterSeq = this.syncedSeq;
      const { rooms } = ok(
        await request(socket, 'messages:sync', { rooms: [{ roomId: this.roomId, afterSeq }] }),
      );
      const room = rooms[0];
      // A page holds every seq after `afterSeq` up to its last one.
      this.syncedSeq = Math.max(this.syncedSeq, room?.messages.at(-1)?.seq ?? 0);
      this.hold(room?.messages ?? []);
      if (!room?.hasMore) return;
    }
  }

  private hold(messages: readonly Message[]): void {
    for (const message of messages) {
      this.messages.set(message.id, message);
      this.seqs.add(message.seq);
    }
    while (this.seqs.has(this.syncedSeq + 1)) this.syncedSeq++;
  }
}
