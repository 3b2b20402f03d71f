/**
 * How much one `messages:sync` answer may carry across all of its rooms: a cap on messages (new
 * ones and changes together) and on their content bytes. A request naming 500 busy rooms is a
 * 40 KB frame; without this its answer could be hundreds of megabytes, built in memory at once.
 * What does not fit comes back with `hasMore`, and the client asks again from where it got to.
 */
export const SYNC_MESSAGES_MAX = 1_000;
export const SYNC_CONTENT_BYTES_MAX = 2 * 1024 * 1024;

/** What is left of one answer's budget, spent room by room in request order. */
export class SyncBudget {
  private messagesLeft: number;
  private bytesLeft: number;
  private taken = 0;

  constructor(messages = SYNC_MESSAGES_MAX, bytes = SYNC_CONTENT_BYTES_MAX) {
    this.messagesLeft = messages;
    this.bytesLeft = bytes;
  }

  /** How many more messages may be asked of the database, at most `page`. */
  limit(page: number): number {
    return Math.min(page, this.messagesLeft);
  }

  /**
   * The longest prefix of `rows` that fits, spending it. The first message of an answer always
   * fits (one is at most 10,000 characters), so every sync makes progress.
   */
  take<R extends { content: string }>(rows: readonly R[]): R[] {
    let count = 0;
    for (const row of rows) {
      const bytes = Buffer.byteLength(row.content);
      const fits = this.messagesLeft > 0 && (bytes <= this.bytesLeft || this.taken === 0);
      if (!fits) {
        // Full: later rooms get nothing, rather than squeezing in small messages out of order.
        this.messagesLeft = 0;
        break;
      }
      this.messagesLeft--;
      this.bytesLeft -= bytes;
      this.taken++;
      count++;
    }
    return rows.slice(0, count);
  }
}
