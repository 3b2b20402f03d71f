import { describe, expect, it } from 'vitest';
import { configFromEnv, resolveReplyEmailConfig } from './config.js';

describe('configFromEnv: outgoing email', () => {
  it('sends no email without SMTP_URL; replies wait 5 minutes by default', () => {
    const config = configFromEnv({});
    expect(config.mail).toBeUndefined();
    expect(resolveReplyEmailConfig(config.replyEmails).delayMs).toBe(5 * 60_000);
  });

  it('reads SMTP_URL, MAIL_FROM and SUPPORT_EMAIL_DELAY_MINUTES', () => {
    const config = configFromEnv({
      PUBLIC_URL: 'https://chat.example',
      SMTP_URL: 'smtp://user:pass@mail.example:587',
      MAIL_FROM: 'Support <support@chat.example>',
      SUPPORT_EMAIL_DELAY_MINUTES: '2',
    });
    expect(config.mail).toEqual({
      smtpUrl: 'smtp://user:pass@mail.example:587',
      from: 'Support <support@chat.example>',
    });
    expect(resolveReplyEmailConfig(config.replyEmails).delayMs).toBe(2 * 60_000);
  });

  it("sends from a no-reply address at PUBLIC_URL's host when MAIL_FROM is not set", () => {
    const config = configFromEnv({
      PUBLIC_URL: 'https://chat.example',
      SMTP_URL: 'smtps://mail.example',
    });
    expect(config.mail?.from).toBe('Natter <no-reply@chat.example>');
  });

  it('refuses SMTP_URL without PUBLIC_URL: the link in the email must be absolute', () => {
    expect(() => configFromEnv({ SMTP_URL: 'smtp://mail.example:587' })).toThrow(
      /SMTP_URL needs PUBLIC_URL/,
    );
  });

  it.each([
    ['SMTP_URL', 'http://mail.example'],
    ['SMTP_URL', 'mail.example:587'],
    ['SUPPORT_EMAIL_DELAY_MINUTES', '-1'],
    ['SUPPORT_EMAIL_DELAY_MINUTES', 'soon'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => configFromEnv({ PUBLIC_URL: 'https://chat.example', [name]: value })).toThrow(
      name,
    );
  });
});
