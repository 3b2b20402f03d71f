import type { MailConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { Mailer } from './mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

/**
 * The one place that picks how email leaves: SMTP when configured, else none (said once in the
 * log, so an operator who expected emails knows why there are none).
 */
export function openMailer(mail: MailConfig | undefined, log: Logger): Mailer | undefined {
  if (!mail) {
    log.info(
      'SMTP_URL is not set: no email is sent (replies to visitors, missed messages to users)',
    );
    return undefined;
  }
  return new SmtpMailer(mail.smtpUrl, mail.from);
}
