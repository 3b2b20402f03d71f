import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** The root logger; subsystems take `logger.child({ component })`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'natter' } });
}
