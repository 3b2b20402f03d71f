import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the test reads it: who it went to, and its parsed parts. */
export interface ReceivedMail {
  to: string[];
  parsed: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that keeps what it receives, parsed by mailparser.
 * `refuse` makes it answer every recipient with a 550; `stop` and `restart` take it down and bring
 * it back on the same port (the server under test keeps its SMTP_URL).
 */
export async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const arrivals = new EventEmitter();
  const state = { refuse: false };
  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!state.refuse) return callback();
        const refusal = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        callback(refusal);
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const mail = { to: session.envelope.rcptTo.map((r) => r.address), parsed };
            received.push(mail);
            arrivals.emit('mail', mail);
            callback();
          })
          .catch(callback);
      },
    });
  let server = create();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () =>
        resolve((server.server.address() as AddressInfo).port),
      );
    });
  const port = await listen(0);
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    url: `smtp://127.0.0.1:${port}`,
    state,
    /** Runs `during` while the server refuses every recipient, then accepts again. */
    async refusing<T>(during: () => Promise<T>): Promise<T> {
      state.refuse = true;
      try {
        return await during();
      } finally {
        state.refuse = false;
      }
    },
    /** Every mail received for this address so far. */
    mailsTo: (address: string) => received.filter((mail) => mail.to.includes(address)),
    /** The next mail for this address (or one already received and not yet awaited). */
    nextMailTo(address: string, timeoutMs = 5000): Promise<ReceivedMail> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          arrivals.off('mail', listener);
          reject(new Error(`no mail to ${address} in time`));
        }, timeoutMs);
        const listener = (mail: ReceivedMail) => {
          if (!mail.to.includes(address)) return;
          clearTimeout(timer);
          arrivals.off('mail', listener);
          resolve(mail);
        };
        arrivals.on('mail', listener);
      });
    },
    stop,
    async restart() {
      server = create();
      await listen(port);
    },
  };
}

export type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;
