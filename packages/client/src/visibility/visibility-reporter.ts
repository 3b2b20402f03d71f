import { NatterError } from '../natter-error.js';
import type { NatterSocket, SocketConnection } from '../transport/socket-connection.js';

export interface VisibilityReporterDeps {
  socket: NatterSocket;
  request: SocketConnection['request'];
  /** Whether the page shows the chat before the app says otherwise. */
  initiallyVisible: boolean;
  report: (error: NatterError) => void;
}

/**
 * Tells the server whether this page shows the chat, which decides whether the user gets pushes
 * (none while any of their devices shows it). The latest wish is kept and goes into every
 * handshake (`auth.visible`), so a reconnect in a background tab counts as hidden; while
 * connected a change goes out as `visibility:set`. One request at a time, always with the latest
 * wish: a tab flicking back and forth sends what it ended on, not every step.
 */
export class VisibilityReporter {
  private visible: boolean;
  /** What the server holds for the current socket: the handshake's value, then each answer. */
  private told: boolean | undefined;
  private sending = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: VisibilityReporterDeps) {
    this.visible = deps.initiallyVisible;
    // A change made while the handshake was under way went out with neither.
    deps.socket.on('connect', this.sync);
  }

  /** The value for a handshake about to be sent; the server holds it once the socket connects. */
  forHandshake(): boolean {
    this.told = this.visible;
    return this.visible;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.sync();
  }

  dispose(): void {
    this.deps.socket.off('connect', this.sync);
    clearTimeout(this.retry);
  }

  private readonly sync = (): void => {
    const { socket, request, report } = this.deps;
    if (!socket.connected || this.sending || this.retry || this.told === this.visible) return;
    const visible = this.visible;
    const socketId = socket.id;
    this.sending = true;
    request('visibility:set', { visible })
      .then(
        () => {
          // An answer for a socket replaced meanwhile says nothing about the new one.
          if (socket.id === socketId) this.told = visible;
        },
        (error: unknown) => {
          const failure = NatterError.from(error);
          // Disconnected: the next handshake carries the latest wish anyway.
          if (failure.code === 'disconnected') return;
          if (failure.code === 'rate_limited') {
            this.retry = setTimeout(() => {
              this.retry = undefined;
              this.sync();
            }, failure.retryAfterMs ?? 1_000);
            return;
          }
          report(failure);
        },
      )
      .finally(() => {
        this.sending = false;
        this.sync();
      });
  };
}
