import type { Logger } from '../logger.js';
import type { Publisher } from '../realtime/publisher.js';
import { PeriodicTask } from '../util/periodic-task.js';
import type { SessionStore } from './session-store.js';

/**
 * Deletes ended sessions (idle or past their lifetime) and disconnects the sockets opened with
 * them: an ended session is refused at the door, and a socket it opened earlier does not outlive it.
 */
export class SessionSweeper {
  private readonly task: PeriodicTask;

  constructor(
    private readonly sessions: SessionStore,
    private readonly publisher: Publisher,
    intervalMs: number,
    private readonly log: Logger,
  ) {
    this.task = new PeriodicTask(async () => void (await this.sweep()), intervalMs, log);
  }

  start(): void {
    this.task.start();
  }

  /** One pass; answers how many sessions it ended. */
  async sweep(now = Date.now()): Promise<number> {
    const ended = await this.sessions.deleteEnded(now);
    await Promise.all(ended.map((sessionId) => this.publisher.disconnectSession(sessionId)));
    if (ended.length > 0) this.log.info({ count: ended.length }, 'deleted ended sessions');
    return ended.length;
  }

  close(): Promise<void> {
    return this.task.close();
  }
}
