import type { MessageSendPayload } from '@natter/protocol';
import type { NatterErrorCode } from '../natter-error.js';
import type { LocalStatus } from '../store/state.js';

/** A file of a saved message: what is needed to upload it (again) or name it once uploaded. */
export interface SavedUpload {
  filename: string;
  mimeType: string;
  size: number;
  /** Set once uploaded: a restored message names it instead of uploading the bytes again. */
  attachmentId?: string;
}

/**
 * A pending message as an `OutboxStore` keeps it: plain data (structured-clone and JSON safe),
 * with the same clientId it was first sent with, so a resend after a restore is deduplicated by
 * the server.
 */
export interface SavedMessage {
  clientId: string;
  roomId: string;
  /** What a client may send (never `system`). */
  type: MessageSendPayload['type'];
  content: string;
  replyTo?: string;
  createdAt: string;
  status: LocalStatus;
  /** Why it failed, when `status` is `failed`. */
  error?: { code: NatterErrorCode; message: string; retryAfterMs?: number };
  uploads?: SavedUpload[];
  /** Ascending in the order the user queued the messages: a restore sends them in this order. */
  order: number;
}

/** A saved message handed back by `claim`, with the bytes of its files when it has any. */
export interface ClaimedMessage extends SavedMessage {
  files?: Blob[];
}

/**
 * Where the outbox keeps pending messages so that they outlive the client (a closed tab, a
 * restarted process). Entries are per user. The SDK calls `save` when a message is queued or
 * changes, `remove` once it is confirmed or discarded, and `claim` once per client when its user
 * is known. Writes of one client are issued in order, one after the other.
 */
export interface OutboxStore {
  /**
   * Answers the user's saved messages that no running client owns (those of a closed tab or an
   * ended process) and makes them this client's. When several clients claim at once, each entry
   * goes to one of them, so no two clients send the same entry.
   */
  claim(userId: string): Promise<ClaimedMessage[]>;
  /**
   * Saves (or replaces) a message of this client. `files`, the bytes of its uploads, is given the
   * first time only: a later save of the same clientId keeps the stored bytes.
   */
  save(userId: string, message: SavedMessage, files?: readonly Blob[]): Promise<void>;
  remove(userId: string, clientId: string): Promise<void>;
  /** Forgets every saved message of the user, whichever client owns it (sign-out). */
  clear(userId: string): Promise<void>;
  /**
   * Optional: calls `listener` when some of the user's saved messages may have become claimable
   * while this client runs (another tab that owned them closed), so they go out without waiting
   * for the app to open again. Answers the unsubscribe.
   */
  watch?(userId: string, listener: () => void): () => void;
}
