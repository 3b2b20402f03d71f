import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { deleteUnattachedBefore } from './upload-repository.js';
import type { UploadService } from './upload-service.js';

/**
 * Deletes uploads that no message named within `maxAgeMs` (abandoned composers, failed sends),
 * rows first so no message can name one while its objects go.
 */
export class UploadSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly uploads: UploadService,
    private readonly options: { maxAgeMs: number; intervalMs: number },
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then((count) => {
          if (count > 0) this.log.info({ count }, 'deleted unattached uploads');
        })
        .catch((error: unknown) => this.log.error({ err: error }, 'upload sweep failed'))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs);
    // The sweeper alone must not keep the process alive.
    this.timer.unref();
  }

  /** One pass; answers how many uploads it deleted. */
  async sweep(now = Date.now()): Promise<number> {
    const ids = await deleteUnattachedBefore(this.db, new Date(now - this.options.maxAgeMs));
    await this.uploads.deleteObjects(ids);
    return ids.length;
  }

  /** Stops the timer and waits for a pass in progress. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
