import type { Message, MessageSendPayload } from '@natter/protocol';
import { NatterError, isTransient } from '../natter-error.js';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState, PendingMessage } from '../store/state.js';

export interface OutboxDeps {
  store: Store<ChatState, ChatEvent>;
  /** Sends one message and resolves with the stored copy; rejects with a NatterError. */
  transmit(payload: MessageSendPayload): Promise<{ message: Message }>;
  /** Whether sending may start: connected, and the resync after connecting is done. */
  canSend(): boolean;
  newClientId(): string;
  now(): number;
}

export interface SendOptions {
  /** Id of the message this one answers (same room). */
  replyTo?: string;
}

/**
 * The outbox: optimistic sends that survive failures and reconnects.
 *
 * A message is shown at once (`sending`) and sent when the connection allows, one at a time per
 * room so the server assigns seqs in the order the user wrote. Its clientId never changes, and
 * the server stores a (sender, clientId) once, so a resend after a lost ack cannot duplicate it.
 * The store is the only record of what is pending: a copy confirmed by the echo or by a sync is
 * gone from it, and is therefore never resent.
 */
export class Outbox {
  /** Rooms whose queue is being worked through right now. */
  private readonly draining = new Set<string>();
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: OutboxDeps) {}

  /** Queues a text message and returns its clientId. */
  send(roomId: string, content: string, options: SendOptions = {}): string {
    const { store } = this.deps;
    const clientId = this.deps.newClientId();
    const message: PendingMessage = {
      clientId,
      roomId,
      senderId: store.getState().me?.id ?? '',
      type: 'text',
      content,
      createdAt: new Date(this.deps.now()).toISOString(),
      status: 'sending',
    };
    if (options.replyTo !== undefined) message.replyTo = options.replyTo;
    store.dispatch({ type: 'outbox/queued', message });
    this.drain(roomId);
    return clientId;
  }

  /** Sends a failed message again, with the same clientId. */
  retry(clientId: string): void {
    const pending = this.find(clientId);
    if (pending?.status !== 'failed') return;
    this.cancelRetry(clientId);
    this.deps.store.dispatch({ type: 'outbox/retried', clientId });
    this.drain(pending.roomId);
  }

  /**
   * Forgets a pending message. One already on its way may still be stored by the server; it then
   * arrives like any other message.
   */
  discard(clientId: string): void {
    this.cancelRetry(clientId);
    this.deps.store.dispatch({ type: 'outbox/discarded', clientId });
  }

  /**
   * Sends whatever waits: called once the connection is ready (after the resync). Failures that
   * another attempt may cure (timeouts, lost connections, server errors) are retried; a refused
   * message (bad_request, forbidden, ...) stays failed until the user retries it.
   */
  flush(): void {
    const { outbox } = this.deps.store.getState();
    for (const list of Object.values(outbox)) {
      for (const pending of list) {
        if (pending.status === 'failed' && pending.error && isTransient(pending.error)) {
          this.cancelRetry(pending.clientId);
          this.deps.store.dispatch({ type: 'outbox/retried', clientId: pending.clientId });
        }
      }
    }
    for (const roomId of Object.keys(this.deps.store.getState().outbox)) this.drain(roomId);
  }

  dispose(): void {
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private drain(roomId: string): void {
    if (this.draining.has(roomId)) return;
    this.draining.add(roomId);
    void this.work(roomId);
  }

  private async work(roomId: string): Promise<void> {
    // The check for the next message and leaving the set happen in one synchronous step, so a
    // message queued meanwhile is either seen here or starts its own drain.
    try {
      for (;;) {
        if (!this.deps.canSend()) return;
        const next = this.deps.store.getState().outbox[roomId]?.find((m) => m.status === 'sending');
        if (!next) return;
        const outcome = await this.attempt(next);
        if (outcome === 'offline') return;
      }
    } finally {
      this.draining.delete(roomId);
    }
  }

  private async attempt(pending: PendingMessage): Promise<'done' | 'offline'> {
    const { store } = this.deps;
    const payload: MessageSendPayload = {
      roomId: pending.roomId,
      clientId: pending.clientId,
      type: pending.type,
      content: pending.content,
    };
    if (pending.replyTo !== undefined) payload.replyTo = pending.replyTo;
    try {
      const { message } = await this.deps.transmit(payload);
      store.dispatch({ type: 'outbox/acked', clientId: pending.clientId, message });
      return 'done';
    } catch (caught) {
      const error = NatterError.from(caught);
      // Not a verdict on the message: it stays `sending` and goes out after the reconnect.
      if (error.code === 'disconnected') return 'offline';
      if (!this.find(pending.clientId)) return 'done';
      store.dispatch({ type: 'outbox/failed', clientId: pending.clientId, error });
      if (error.code === 'rate_limited') this.scheduleRetry(pending.clientId, error.retryAfterMs);
      return 'done';
    }
  }

  /** A rate-limited message goes again once the server said it may. */
  private scheduleRetry(clientId: string, afterMs = 1_000): void {
    this.cancelRetry(clientId);
    const timer = setTimeout(() => {
      this.retryTimers.delete(clientId);
      this.retry(clientId);
    }, afterMs);
    this.retryTimers.set(clientId, timer);
  }

  private cancelRetry(clientId: string): void {
    clearTimeout(this.retryTimers.get(clientId));
    this.retryTimers.delete(clientId);
  }

  private find(clientId: string): PendingMessage | undefined {
    for (const list of Object.values(this.deps.store.getState().outbox)) {
      const found = list.find((m) => m.clientId === clientId);
      if (found) return found;
    }
    return undefined;
  }
}
