import type { Logger } from '../logger.js';

/**
 * Runs a pass every `intervalMs`, never two at once (a slow pass is not overtaken by the next),
 * logging failures instead of throwing. The timer alone does not keep the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.pass()
        .catch((error: unknown) => this.log.error({ err: error }, 'periodic pass failed'))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in progress. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
