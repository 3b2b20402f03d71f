import { LIMITS } from '@natter/protocol';
import type { Message, MessageSendPayload } from '@natter/protocol';
import { NatterError, isTransient } from '../natter-error.js';
import type { ChatEvent } from '../store/actions.js';
import type { Store } from '../store/create-store.js';
import type { ChatState, PendingMessage, PendingUpload } from '../store/state.js';
import { withJitter } from '../util/jitter.js';

/** Failures the outbox sends again by itself, after `retryAfterMs` (or a second). */
const RETRIED_BY_ITSELF: ReadonlySet<string> = new Set(['rate_limited', 'unavailable', 'timeout']);

/** A file to send: a `File`, or any Blob given a name. */
export type FileLike = Blob & { readonly name: string };

/** One file for `OutboxDeps.upload`: ask for an upload URL, then PUT the bytes there. */
export interface UploadInput {
  roomId: string;
  file: Blob;
  filename: string;
  mimeType: string;
  size: number;
  onProgress(fraction: number): void;
  signal: AbortSignal;
}

/** Why a file cannot be sent at all, checked before any byte goes out. */
export const FILE_TOO_LARGE_MESSAGE = 'File is too large (max 25 MB)';

export interface OutboxDeps {
  store: Store<ChatState, ChatEvent>;
  /** Sends one message and resolves with the stored copy; rejects with a NatterError. */
  transmit(payload: MessageSendPayload): Promise<{ message: Message }>;
  /** Whether sending may start: connected, and the resync after connecting is done. */
  canSend(): boolean;
  newClientId(): string;
  now(): number;
  /** Uploads one file and resolves with its attachmentId; rejects with a NatterError. */
  upload?(input: UploadInput): Promise<string>;
  /** A local URL to preview an image before it is uploaded (an object URL in browsers). */
  createPreviewUrl?(file: Blob): string | undefined;
  revokePreviewUrl?(url: string): void;
}

/** A pending message of an earlier session, as `Outbox.restore` takes it back. */
export interface RestoredMessage {
  message: PendingMessage;
  /** The bytes of its files (by upload index), for those not uploaded yet. */
  files?: readonly Blob[];
}

export interface SendFilesOptions extends SendOptions {
  /** A caption sent with the files (may be empty). */
  content?: string;
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
  /** The bytes of pending file messages (the store keeps only what can be shown). */
  private readonly files = new Map<string, readonly Blob[]>();
  /** Object URLs to revoke once a pending message no longer shows them. */
  private readonly previews = new Map<string, readonly string[]>();
  /** Aborts the upload in flight of a pending message. */
  private readonly uploading = new Map<string, AbortController>();

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

  /**
   * Queues files (with an optional caption) as one message and returns its clientId. It shows at
   * once with local previews and per-file progress; each file is uploaded once, then the message
   * is sent naming the attachments. A file over the size limit fails the message before upload.
   */
  sendFiles(roomId: string, files: readonly FileLike[], options: SendFilesOptions = {}): string {
    const { store } = this.deps;
    const clientId = this.deps.newClientId();
    const uploads = this.withPreviews(
      clientId,
      files.map((file): PendingUpload => {
        const mimeType = file.type || 'application/octet-stream';
        return { filename: file.name, mimeType, size: file.size, progress: 0 };
      }),
      files,
    );
    const message: PendingMessage = {
      clientId,
      roomId,
      senderId: store.getState().me?.id ?? '',
      type:
        uploads.length > 0 && uploads.every((u) => u.mimeType.startsWith('image/'))
          ? 'image'
          : 'file',
      content: options.content ?? '',
      uploads,
      createdAt: new Date(this.deps.now()).toISOString(),
      status: 'sending',
    };
    if (options.replyTo !== undefined) message.replyTo = options.replyTo;
    // Refused before anything goes out: it is queued failed, in one step.
    const refusal = refuseFiles(uploads);
    if (refusal) {
      message.status = 'failed';
      message.error = refusal;
    }
    this.files.set(clientId, [...files]);
    store.dispatch({ type: 'outbox/queued', message });
    if (!refusal) this.drain(roomId);
    return clientId;
  }

  /**
   * Takes back pending messages of an earlier session (an `OutboxStore` kept them), with the
   * bytes of their files, ahead of anything queued since: they were typed first. Nothing is sent
   * until the next `flush`.
   */
  restore(entries: readonly RestoredMessage[]): void {
    const messages = entries
      .filter(({ message }) => !this.find(message.clientId))
      .map(({ message, files }) => {
        if (!files || !message.uploads) return message;
        this.files.set(message.clientId, [...files]);
        return { ...message, uploads: this.withPreviews(message.clientId, message.uploads, files) };
      });
    if (messages.length > 0) this.deps.store.dispatch({ type: 'outbox/restored', messages });
  }

  /** The bytes of a pending message's files, while they may still need uploading. */
  filesOf(clientId: string): readonly Blob[] | undefined {
    return this.files.get(clientId);
  }

  /** Stops a message's upload and drops the message. */
  cancelUpload(clientId: string): void {
    this.discard(clientId);
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
    this.uploading.get(clientId)?.abort();
    this.release(clientId);
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
    for (const controller of this.uploading.values()) controller.abort();
    for (const clientId of [...this.files.keys()]) this.release(clientId);
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
      if (pending.uploads) {
        const attachmentIds = await this.uploadAll(pending);
        // Cancelled or discarded meanwhile.
        if (!attachmentIds) return 'done';
        payload.attachmentIds = attachmentIds;
      }
      const { message } = await this.deps.transmit(payload);
      // The server's copy, with its own URLs, replaces the previews.
      if (pending.uploads) this.release(pending.clientId);
      store.dispatch({ type: 'outbox/acked', clientId: pending.clientId, message });
      return 'done';
    } catch (caught) {
      const error = NatterError.from(caught);
      // Not a verdict on the message: it stays `sending` and goes out after the reconnect.
      if (error.code === 'disconnected') return 'offline';
      if (!this.find(pending.clientId)) return 'done';
      store.dispatch({ type: 'outbox/failed', clientId: pending.clientId, error });
      // The server said when to come back; a send that got no answer in time may be stored
      // already, or held up by a slow server, on a connection that stays up (no reconnect would
      // flush it): it goes again with its clientId, stored once however often it arrives.
      // `internal` and the refusals wait for the user (retry()).
      if (RETRIED_BY_ITSELF.has(error.code))
        this.scheduleRetry(pending.clientId, error.retryAfterMs);
      return 'done';
    }
  }

  /**
   * Uploads the files of a pending message that are not uploaded yet (a resend reuses the
   * attachmentIds already obtained) and resolves with all of them, or undefined when the message
   * was cancelled meanwhile.
   */
  private async uploadAll(pending: PendingMessage): Promise<string[] | undefined> {
    const { clientId } = pending;
    const ids: string[] = [];
    const count = pending.uploads?.length ?? 0;
    for (let index = 0; index < count; index++) {
      const upload = this.find(clientId)?.uploads?.[index];
      if (!upload) return undefined;
      if (upload.attachmentId !== undefined) {
        ids.push(upload.attachmentId);
        continue;
      }
      const refusal = refuseFiles([upload]);
      if (refusal) throw refusal;
      const file = this.files.get(clientId)?.[index];
      if (!file || !this.deps.upload) {
        throw new NatterError('bad_request', 'the file is no longer available');
      }
      const controller = new AbortController();
      this.uploading.set(clientId, controller);
      try {
        const attachmentId = await this.deps.upload({
          roomId: pending.roomId,
          file,
          filename: upload.filename,
          mimeType: upload.mimeType,
          size: upload.size,
          signal: controller.signal,
          onProgress: (progress) => {
            if (controller.signal.aborted) return;
            this.deps.store.dispatch({ type: 'outbox/upload-progress', clientId, index, progress });
          },
        });
        if (controller.signal.aborted || !this.find(clientId)) return undefined;
        this.deps.store.dispatch({ type: 'outbox/uploaded', clientId, index, attachmentId });
        ids.push(attachmentId);
      } catch (error) {
        if (controller.signal.aborted) return undefined;
        throw error;
      } finally {
        if (this.uploading.get(clientId) === controller) this.uploading.delete(clientId);
      }
    }
    return ids;
  }

  /** Gives image files a local preview, remembered for revoking later. */
  private withPreviews(
    clientId: string,
    uploads: readonly PendingUpload[],
    files: readonly Blob[],
  ): PendingUpload[] {
    const previews: string[] = [];
    const shown = uploads.map((upload, index) => {
      const file = files[index];
      const previewUrl =
        file && upload.mimeType.startsWith('image/')
          ? this.deps.createPreviewUrl?.(file)
          : undefined;
      if (previewUrl === undefined) return upload;
      previews.push(previewUrl);
      return { ...upload, previewUrl };
    });
    if (previews.length > 0) this.previews.set(clientId, previews);
    return shown;
  }

  /** Forgets the bytes and previews of a message that no longer needs them. */
  private release(clientId: string): void {
    this.files.delete(clientId);
    this.uploading.delete(clientId);
    for (const url of this.previews.get(clientId) ?? []) this.deps.revokePreviewUrl?.(url);
    this.previews.delete(clientId);
  }

  /**
   * A rate-limited message, or one the server could not store now (`unavailable`: its database
   * restarting), goes again once the server said it may (a timed-out one after a second), with
   * the same clientId: the server stores it once however often it arrives. Jittered, so the
   * clients of a whole node do not all resend in the same instant.
   */
  private scheduleRetry(clientId: string, afterMs = 1_000): void {
    this.cancelRetry(clientId);
    const timer = setTimeout(() => {
      this.retryTimers.delete(clientId);
      this.retry(clientId);
    }, withJitter(afterMs));
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

/** Files the server would refuse anyway: too many, or one over the size limit. */
function refuseFiles(uploads: readonly PendingUpload[]): NatterError | undefined {
  if (uploads.some((u) => u.size > LIMITS.fileBytesMax)) {
    return new NatterError('payload_too_large', FILE_TOO_LARGE_MESSAGE);
  }
  if (uploads.length > LIMITS.attachmentsPerMessage) {
    return new NatterError(
      'bad_request',
      `At most ${LIMITS.attachmentsPerMessage} files per message`,
    );
  }
  return undefined;
}
