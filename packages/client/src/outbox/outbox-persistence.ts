import { NatterError } from '../natter-error.js';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState, PendingMessage } from '../store/state.js';
import type { RestoredMessage } from './outbox.js';
import type { ClaimedMessage, OutboxStore, SavedMessage } from './outbox-store.js';

export interface OutboxPersistenceDeps {
  store: Store<ChatState, ChatEvent>;
  outboxStore: OutboxStore;
  outbox: {
    restore(entries: readonly RestoredMessage[]): void;
    filesOf(clientId: string): readonly Blob[] | undefined;
  };
  now(): number;
  /** The saved outbox was claimed and restored (or could not be): sending may start. */
  onRestored(): void;
  report(error: NatterError): void;
}

/**
 * Keeps the outbox in an `OutboxStore`, so that what the user wrote outlives the client. Once the
 * user is known it claims the saved messages of earlier sessions and hands them to the outbox,
 * ahead of anything queued since; sending waits for that (`restored`), so restored messages go
 * out first and in the order they were typed. From then on it mirrors the store's outbox: a new
 * or changed pending message is saved, a confirmed or discarded one removed. Writes are chained,
 * so they reach the store in the order the changes happened.
 */
export class OutboxPersistence {
  private userId: string | undefined;
  private claimed = false;
  /** What was last saved per clientId (upload progress is not worth a write). */
  private readonly saved = new Map<string, string>();
  /** The queue position of each pending message, kept across saves and sessions. */
  private readonly orders = new Map<string, number>();
  private lastOrder = 0;
  private writes: Promise<void> = Promise.resolve();
  /** The store's outbox as last mirrored: most changes (a message arriving) leave it alone. */
  private mirrored: ChatState['outbox'] | undefined;
  private readonly unsubscribe: () => void;
  private unwatch: (() => void) | undefined;

  constructor(private readonly deps: OutboxPersistenceDeps) {
    this.unsubscribe = deps.store.subscribe(() => this.changed());
    this.changed();
  }

  /** Whether the saved outbox has been restored: until then nothing is sent. */
  get restored(): boolean {
    return this.claimed;
  }

  /**
   * Drops every saved message of the user, after the writes already under way (sign-out on a
   * shared computer). Pending messages still in the store are saved again if they change: discard
   * them first.
   */
  clear(): Promise<void> {
    const userId = this.userId ?? this.deps.store.getState().me?.id;
    if (userId === undefined) return this.writes;
    this.saved.clear();
    this.mirrored = undefined;
    return this.write(() => this.deps.outboxStore.clear(userId));
  }

  /** Stops mirroring; writes under way still finish. */
  dispose(): void {
    this.unsubscribe();
    this.unwatch?.();
  }

  private changed(): void {
    const me = this.deps.store.getState().me?.id;
    if (me === undefined) return;
    if (this.userId === undefined) {
      this.userId = me;
      void this.restore(me).then(() => {
        this.claimed = true;
        this.mirror(me);
        this.deps.onRestored();
        // After the writes under way, so that a message this client just dropped is gone.
        this.unwatch = this.deps.outboxStore.watch?.(
          me,
          () => void this.write(() => this.adopt(me)),
        );
      });
      return;
    }
    if (this.claimed && me === this.userId) this.mirror(me);
  }

  /** Takes over what another client (a closed tab) left, while this one runs; sends it. */
  private async adopt(userId: string): Promise<void> {
    await this.restore(userId);
    this.deps.onRestored();
  }

  /** Claims saved messages and hands them to the outbox; a failing store is only reported. */
  private async restore(userId: string): Promise<void> {
    try {
      const entries = await this.deps.outboxStore.claim(userId);
      entries.sort((a, b) => a.order - b.order);
      for (const entry of entries) {
        this.orders.set(entry.clientId, entry.order);
        this.saved.set(entry.clientId, fingerprint(entry));
        this.lastOrder = Math.max(this.lastOrder, entry.order);
      }
      this.deps.outbox.restore(entries.map((entry) => restored(entry, userId)));
    } catch (caught) {
      // A broken store must not hold sending hostage: the outbox then lives in memory only.
      this.deps.report(NatterError.from(caught));
    }
  }

  /** Saves what is new or changed in the store's outbox and removes what left it. */
  private mirror(userId: string): void {
    const { outbox } = this.deps.store.getState();
    if (outbox === this.mirrored) return;
    this.mirrored = outbox;
    const pending = Object.values(outbox).flat();
    const present = new Set(pending.map((m) => m.clientId));
    for (const clientId of [...this.saved.keys()]) {
      if (present.has(clientId)) continue;
      this.saved.delete(clientId);
      this.orders.delete(clientId);
      this.write(() => this.deps.outboxStore.remove(userId, clientId));
    }
    for (const message of pending) {
      const saved = toSaved(message, this.orderOf(message.clientId));
      const print = fingerprint(saved);
      const before = this.saved.get(message.clientId);
      if (before === print) continue;
      this.saved.set(message.clientId, print);
      // The bytes go with the first save only: they never change. A message refused before it
      // went out (a file over the limit) cannot be sent from them: they are not kept.
      const files =
        before === undefined && message.status === 'sending'
          ? this.deps.outbox.filesOf(message.clientId)
          : undefined;
      this.write(() => this.deps.outboxStore.save(userId, saved, files));
    }
  }

  private orderOf(clientId: string): number {
    let order = this.orders.get(clientId);
    if (order === undefined) {
      // Time-based, so that entries of several sessions interleave as they were typed.
      order = Math.max(this.deps.now(), this.lastOrder + 1);
      this.lastOrder = order;
      this.orders.set(clientId, order);
    }
    return order;
  }

  private write(operation: () => Promise<void>): Promise<void> {
    this.writes = this.writes
      .then(operation)
      .catch((caught: unknown) => this.deps.report(NatterError.from(caught)));
    return this.writes;
  }
}

/** The part of a pending message worth keeping: no previews, no progress, the error as data. */
function toSaved(message: PendingMessage, order: number): SavedMessage {
  const saved: SavedMessage = {
    clientId: message.clientId,
    roomId: message.roomId,
    type: message.type,
    content: message.content,
    createdAt: message.createdAt,
    status: message.status,
    order,
  };
  if (message.replyTo !== undefined) saved.replyTo = message.replyTo;
  if (message.error) {
    const { code, message: text, retryAfterMs } = message.error;
    saved.error =
      retryAfterMs === undefined ? { code, message: text } : { code, message: text, retryAfterMs };
  }
  if (message.uploads) {
    saved.uploads = message.uploads.map(({ filename, mimeType, size, attachmentId }) =>
      attachmentId === undefined
        ? { filename, mimeType, size }
        : { filename, mimeType, size, attachmentId },
    );
  }
  return saved;
}

function restored(entry: ClaimedMessage, senderId: string): RestoredMessage {
  const message: PendingMessage = {
    clientId: entry.clientId,
    roomId: entry.roomId,
    senderId,
    type: entry.type,
    content: entry.content,
    createdAt: entry.createdAt,
    status: entry.status,
  };
  if (entry.replyTo !== undefined) message.replyTo = entry.replyTo;
  if (entry.error) {
    const { code, message: text, retryAfterMs } = entry.error;
    message.error = new NatterError(code, text, { retryAfterMs });
  }
  if (entry.uploads) {
    message.uploads = entry.uploads.map((upload) => ({
      ...upload,
      progress: upload.attachmentId === undefined ? 0 : 1,
    }));
  }
  return entry.files ? { message, files: entry.files } : { message };
}

function fingerprint(saved: SavedMessage | ClaimedMessage): string {
  const { clientId, roomId, type, content, replyTo, createdAt, status, error, uploads, order } =
    saved;
  return JSON.stringify([
    clientId,
    roomId,
    type,
    content,
    replyTo,
    createdAt,
    status,
    error,
    uploads,
    order,
  ]);
}
