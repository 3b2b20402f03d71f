import { AppError } from '../errors.js';

/**
 * What a request arriving while the node shuts down is told: `unavailable` ➕, retriable like a
 * database outage (the SDK sends again after `retryAfterMs`, by then connected to another node,
 * and a resend with the same clientId is stored once). Never a false ack.
 */
const DRAINING_RETRY_AFTER_MS = 1_000;
export const drainingError = () =>
  new AppError(
    'unavailable',
    'this node is shutting down: send again once reconnected to another node',
    DRAINING_RETRY_AFTER_MS,
  );

/**
 * The acked socket requests this node is answering, and whether it still takes new ones. On
 * shutdown the node stops taking requests and waits for those it took to be answered, so a send
 * that was accepted is committed and acked before its client is told to go elsewhere.
 */
export class RequestDrain {
  private inFlight = 0;
  private draining = false;
  private onIdle: (() => void) | undefined;
  private idle: Promise<void> | undefined;

  /** True from the start of the shutdown on: new requests and handshakes are refused. */
  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Counts a request in (synchronous: no cost on the send path beyond a counter); the returned
   * function counts it out once answered. Undefined while draining: refuse it with `drainingError`.
   */
  enter(): (() => void) | undefined {
    if (this.draining) return undefined;
    this.inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight--;
      if (this.inFlight === 0) this.onIdle?.();
    };
  }

  /** Refuses new requests from now on; resolves once every request already taken is answered. */
  drain(): Promise<void> {
    this.draining = true;
    this.idle ??=
      this.inFlight === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            this.onIdle = resolve;
          });
    return this.idle;
  }
}
