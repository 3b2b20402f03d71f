import { LIMITS } from '@natter/protocol';
import { channels } from '../realtime/channels.js';
import type { Publisher } from '../realtime/publisher.js';

interface TypingEntry {
  timer: NodeJS.Timeout;
  /** The socket that last said it was typing; its disconnect ends the indicator. */
  socketId: string;
}

/**
 * Who is typing where. Never stored: it lives in the memory of the node that holds the typist's
 * socket, and every indicator expires by itself, so a client that vanishes mid-word cannot leave
 * "is typing…" behind.
 */
export class TypingTracker {
  private readonly active = new Map<string, TypingEntry>();

  constructor(
    private readonly publisher: Publisher,
    private readonly expiryMs: number = LIMITS.typingExpiryMs,
  ) {}

  start(roomId: string, userId: string, socketId: string): void {
    const key = keyOf(roomId, userId);
    const entry = this.active.get(key);
    if (entry) clearTimeout(entry.timer);
    // Every start is announced, not only the first: receivers can then expire an indicator
    // themselves about 5 s after the last one, even if the final "stopped" never reaches them.
    this.announce(roomId, userId, true);
    const timer = setTimeout(() => this.stop(roomId, userId), this.expiryMs);
    timer.unref();
    this.active.set(key, { timer, socketId });
  }

  stop(roomId: string, userId: string): void {
    const key = keyOf(roomId, userId);
    const entry = this.active.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.active.delete(key);
    this.announce(roomId, userId, false);
  }

  /** Ends every indicator a socket started (it disconnected, or its user left the room). */
  stopAllOfSocket(socketId: string): void {
    for (const [key, entry] of this.active) {
      if (entry.socketId !== socketId) continue;
      const [roomId, userId] = key.split('\u0000') as [string, string];
      this.stop(roomId, userId);
    }
  }

  close(): void {
    for (const entry of this.active.values()) clearTimeout(entry.timer);
    this.active.clear();
  }

  private announce(roomId: string, userId: string, isTyping: boolean): void {
    // Never to the typist: none of their devices shows their own indicator; nor to those who
    // turned typing indicators off (they see no one's, as no one sees theirs); nor to those who
    // block the typist (who may not write to them either).
    this.publisher.publish(
      'typing:update',
      { roomId, userId, isTyping },
      {
        rooms: [roomId],
        exceptUsers: [userId],
        exceptChannels: [channels.typingIndicatorsOff, channels.blockersOf(userId)],
      },
    );
  }
}

const keyOf = (roomId: string, userId: string) => `${roomId}\u0000${userId}`;
