import { NatterError } from '../natter-error.js';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState } from '../store/state.js';

export interface ReadMarkerDeps {
  store: Store<ChatState, ChatEvent>;
  /** Tells the server; rejects with a NatterError. */
  transmit(roomId: string, upToMessageId: string): Promise<void>;
  canSend(): boolean;
  onError(error: NatterError): void;
}

/**
 * Read marks: applied locally at once (the unread badge drops without a round trip), sent to the
 * server only when they move forward, and kept until the server has them, so a mark set offline
 * is sent after the reconnect. Per room only the furthest mark waits.
 */
export class ReadMarker {
  private readonly waiting = new Map<string, { messageId: string; seq: number | undefined }>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: ReadMarkerDeps) {}

  /** Marks a room read up to a message (its own or an older mark wins if further). */
  markRead(roomId: string, upToMessageId: string): void {
    const state = this.deps.store.getState();
    const seq = state.timelines[roomId]?.messages.find((m) => m.id === upToMessageId)?.seq;
    const readSeq = state.rooms[roomId]?.lastReadSeq ?? 0;
    if (seq !== undefined && seq <= readSeq) return;
    const waiting = this.waiting.get(roomId);
    if (seq !== undefined && waiting?.seq !== undefined && seq <= waiting.seq) return;
    if (seq !== undefined) this.deps.store.dispatch({ type: 'read/marked', roomId, upToSeq: seq });
    this.waiting.set(roomId, { messageId: upToMessageId, seq });
    this.send(roomId);
  }

  /** Sends every waiting mark (after a reconnect). */
  flush(): void {
    for (const roomId of this.waiting.keys()) this.send(roomId);
  }

  private send(roomId: string): void {
    if (this.inFlight.has(roomId) || !this.deps.canSend()) return;
    const mark = this.waiting.get(roomId);
    if (!mark) return;
    this.inFlight.add(roomId);
    this.deps
      .transmit(roomId, mark.messageId)
      .then(
        () => {
          if (this.waiting.get(roomId) === mark) this.waiting.delete(roomId);
        },
        (caught: unknown) => {
          const error = NatterError.from(caught);
          // The mark is moot (room left, message gone) or refused: sending it again won't help.
          if (error.code !== 'disconnected' && error.code !== 'timeout') {
            if (this.waiting.get(roomId) === mark) this.waiting.delete(roomId);
            this.deps.onError(error);
          }
        },
      )
      .finally(() => {
        this.inFlight.delete(roomId);
        // A further mark may have been set while this one travelled.
        if (this.waiting.get(roomId) !== mark) this.send(roomId);
      });
  }
}
