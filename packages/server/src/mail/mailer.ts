/** One email, written by the caller in both forms (clients show whichever they prefer). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends email: the seam between what the server writes and how it leaves. SMTP today
 * (`SmtpMailer`); an HTTP mail API would be a second driver behind the same call.
 */
export interface Mailer {
  /** Resolves once the server accepted the message; rejects when it refused or was unreachable. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}
