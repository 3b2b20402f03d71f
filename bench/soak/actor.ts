import { createNatterClient } from '../../packages/client/src/index.js';
import type { NatterClient } from '../../packages/client/src/index.js';
import { codeOf, messageOf } from './metrics.js';
import type { SoakMetrics } from './metrics.js';

/** An acked message: the soak checks that storage holds it, once. */
export interface AckedMessage {
  id: string;
  clientId: string;
  roomId: string;
  senderId: string;
}

/** What every actor of a run shares: the counters, the acked messages, the send times. */
export interface SoakLedger {
  metrics: SoakMetrics;
  acked: Map<string, AckedMessage>;
  /** clientId → when it was first sent, for send→receive latency at the other members. */
  sentAt: Map<string, number>;
}

export type ActorKind = 'user' | 'agent' | 'visitor';

/** Send/receive latencies of messages older than this are no longer tracked (bounded memory). */
const TRACK_MS = 120_000;
/** A failed send the server may take later (a timeout, a drain) is retried after this long. */
const RETRY_AFTER_MS = 1_000;
const TRANSIENT = new Set(['timeout', 'network', 'unavailable', 'rate_limited', 'internal']);

/**
 * One simulated person: the real SDK (its outbox resends with the same clientId across
 * reconnects), connected through the balancer, acting in its rooms at a modest random rate.
 * Whatever the SDK or the server refuses is counted by kind; a failed send is retried as a user
 * presses Retry.
 */
export class Actor {
  readonly client: NatterClient;
  /** Sends not confirmed yet: clientId → room and when it was sent. */
  private readonly inFlight = new Map<string, { roomId: string; t0: number; retried: boolean }>();
  /** Its own confirmed messages, newest last, per room: what it edits and deletes. */
  private readonly own = new Map<string, string[]>();
  private busy = 0;
  private offline = false;

  constructor(
    readonly name: string,
    readonly kind: ActorKind,
    readonly userId: string,
    readonly token: string,
    baseUrl: string,
    /** The rooms it talks in (a visitor's support room; an agent's grow as visitors come). */
    readonly rooms: string[],
    private readonly ledger: SoakLedger,
    websocketOnly: boolean,
  ) {
    this.client = createNatterClient({
      baseUrl,
      token,
      requestTimeoutMs: 5_000,
      ...(websocketOnly ? { socketOptions: { transports: ['websocket'] } } : {}),
      onError: (error) => ledger.metrics.error(`sdk:${error.code}`, messageOf(error)),
    });
    this.client.subscribe(() => this.noticeConfirmations());
    this.client.onEvent((event) => {
      if (event.type === 'message:new') this.noticeDelivery(event.payload.clientId);
      if (
        event.type === 'room:new' &&
        this.kind === 'agent' &&
        !this.rooms.includes(event.payload.id)
      ) {
        this.rooms.push(event.payload.id);
        this.run('load', () => this.client.history.loadOlder(event.payload.id));
      }
    });
  }

  async start(): Promise<void> {
    await this.client.connect();
    await Promise.all(this.rooms.map((roomId) => this.client.history.loadOlder(roomId)));
  }

  /** Whether it has nothing under way: no request, no unconfirmed send, connected and caught up. */
  isQuiet(): boolean {
    const state = this.client.getState();
    const pending = Object.values(state.outbox).some((messages) => messages.length > 0);
    return this.busy === 0 && !pending && !this.offline && state.connection.status === 'ready';
  }

  /** One random action, as a person in a chat does now and then. */
  act(): void {
    const roomId = pick(this.rooms);
    if (!roomId) return;
    const r = Math.random();
    if (this.kind === 'visitor') {
      if (r < 0.75) this.sendText(roomId);
      else if (r < 0.95) this.typeOnly(roomId);
      else this.reconnect();
      return;
    }
    if (r < 0.5) this.sendText(roomId);
    else if (r < 0.62) this.typeOnly(roomId);
    else if (r < 0.74) this.edit(roomId);
    else if (r < 0.8) this.remove(roomId);
    else if (r < 0.88) this.upload(roomId);
    else if (r < 0.93) this.reconnect();
    else this.markRead(roomId);
  }

  close(): void {
    this.client.close();
  }

  private sendText(roomId: string): void {
    this.client.typing.input(roomId);
    const clientId = this.client.send(roomId, `${this.name} says ${words()}`);
    this.track(clientId, roomId);
  }

  private typeOnly(roomId: string): void {
    this.client.typing.input(roomId);
    this.ledger.metrics.action('typing');
    this.run('typing', async () => {
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_500));
      this.client.typing.stop(roomId);
    });
  }

  private upload(roomId: string): void {
    const bytes = new TextEncoder().encode(`${this.name}'s notes: ${words()}\n`.repeat(40));
    const file = new File([bytes], `notes-${Date.now()}.txt`, { type: 'text/plain' });
    const clientId = this.client.sendFiles(roomId, [file], { content: 'the notes' });
    this.ledger.metrics.action('upload');
    this.track(clientId, roomId);
  }

  private edit(roomId: string): void {
    const id = pick(this.own.get(roomId) ?? []);
    if (!id) return this.sendText(roomId);
    this.ledger.metrics.action('edit');
    this.run('edit', () => this.client.editMessage(id, `${this.name} meant ${words()}`));
  }

  private remove(roomId: string): void {
    const mine = this.own.get(roomId) ?? [];
    const id = mine.shift();
    if (!id) return this.sendText(roomId);
    this.ledger.metrics.action('delete');
    this.run('delete', () => this.client.deleteMessage(id));
  }

  private markRead(roomId: string): void {
    const last = this.client.getState().timelines[roomId]?.messages.at(-1);
    if (!last) return;
    this.ledger.metrics.action('read');
    this.client.markRead(roomId, last.id);
  }

  /** Goes offline for a moment (a train tunnel, a laptop lid), then connects again. */
  private reconnect(): void {
    this.ledger.metrics.action('reconnect');
    this.offline = true;
    this.client.disconnect();
    this.run('reconnect', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 2_000));
      try {
        await this.client.connect();
      } finally {
        this.offline = false;
      }
    });
  }

  private run(kind: string, action: () => Promise<unknown>): void {
    this.busy++;
    action()
      .catch((error: unknown) =>
        this.ledger.metrics.error(`${kind}:${codeOf(error)}`, messageOf(error)),
      )
      .finally(() => this.busy--);
  }

  private track(clientId: string, roomId: string): void {
    const t0 = performance.now();
    this.inFlight.set(clientId, { roomId, t0, retried: false });
    this.ledger.sentAt.set(clientId, t0);
    this.ledger.metrics.action('send');
    this.noticeConfirmations();
  }

  /** After every store change: which of its sends the server has confirmed, or refused. */
  private noticeConfirmations(): void {
    if (this.inFlight.size === 0) return;
    const state = this.client.getState();
    for (const [clientId, sent] of this.inFlight) {
      const pending = state.outbox[sent.roomId]?.find((m) => m.clientId === clientId);
      if (pending?.status === 'failed') {
        if (!sent.retried) this.retryLater(clientId, pending.error);
        sent.retried = true;
        continue;
      }
      if (pending) continue;
      const message = state.timelines[sent.roomId]?.messages.findLast(
        (m) => m.clientId === clientId && m.senderId === this.userId,
      );
      this.inFlight.delete(clientId);
      if (!message) {
        // Gone from the outbox without a stored copy: discarded (refused for good).
        continue;
      }
      this.ledger.metrics.sendToAck.push(performance.now() - sent.t0);
      this.ledger.acked.set(clientId, {
        id: message.id,
        clientId,
        roomId: sent.roomId,
        senderId: this.userId,
      });
      const mine = this.own.get(sent.roomId) ?? [];
      mine.push(message.id);
      if (mine.length > 20) mine.shift();
      this.own.set(sent.roomId, mine);
    }
  }

  /** A failed send: counted; sent again (same clientId) if the failure may pass, else dropped. */
  private retryLater(clientId: string, error: (Error & { code: string }) | undefined): void {
    const code = error?.code ?? 'unknown';
    this.ledger.metrics.error(`send:${code}`, error?.message);
    if (!TRANSIENT.has(code)) {
      this.client.discard(clientId);
      return;
    }
    this.busy++;
    setTimeout(() => {
      this.busy--;
      const sent = this.inFlight.get(clientId);
      if (sent) sent.retried = false;
      this.client.retry(clientId);
    }, RETRY_AFTER_MS);
  }

  /** Another member's message arrived: send→receive latency, the first time this actor sees it. */
  private noticeDelivery(clientId: string | undefined): void {
    if (!clientId || this.inFlight.has(clientId)) return;
    const t0 = this.ledger.sentAt.get(clientId);
    if (t0 === undefined) return;
    const now = performance.now();
    if (now - t0 > TRACK_MS) {
      this.ledger.sentAt.delete(clientId);
      return;
    }
    this.ledger.metrics.sendToReceive.push(now - t0);
  }
}

const WORDS = ['lunch', 'deploy', 'invoice', 'the train', 'coffee', 'Friday', 'the build', 'ok'];
const words = () => Array.from({ length: 3 }, () => pick(WORDS)).join(' ');

function pick<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}
