import type { AuthResponse } from '@natter/protocol';
import type { ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import { http, ok, request, uniqueName } from './clients.js';
import type { ClientSocket } from './clients.js';
import { sendOk } from './message-helpers.js';
import type { TestSmtpServer } from './smtp-server.js';

/**
 * Strings that would be markup if an email wrote them into its HTML unescaped, and how they must
 * read there: a message, a person's name, and a title (a site's or a room's name).
 */
export const HOSTILE = {
  message: {
    raw: '<img src=x onerror="steal()"> & "quotes"',
    escaped: '&lt;img src=x onerror=&quot;steal()&quot;&gt; &amp; &quot;quotes&quot;',
  },
  name: { raw: '<script>alert(1)</script>', escaped: '&lt;script&gt;alert(1)&lt;/script&gt;' },
  title: {
    raw: '<b onmouseover="x()">Shop</b>',
    escaped: '&lt;b onmouseover=&quot;x()&quot;&gt;Shop&lt;/b&gt;',
  },
} as const;

/** A new account whose display name is `HOSTILE.name`. */
export async function registerHostileUser(baseUrl: string): Promise<AuthResponse> {
  const registered = await http<AuthResponse>(baseUrl, 'POST', '/api/auth/register', {
    body: {
      username: uniqueName('evil'),
      password: 'correct horse battery',
      displayName: HOSTILE.name.raw,
    },
  });
  expect(registered.status).toBe(201);
  return registered.body;
}

/** Every hostile string is in the HTML as text, none as markup; the plain text keeps the words. */
export function expectHostileAsText(mail: Pick<ParsedMail, 'html' | 'text'>) {
  const html = mail.html || '';
  for (const { escaped } of Object.values(HOSTILE)) expect(html).toContain(escaped);
  for (const tag of ['<img', '<b ', '<script']) expect(html).not.toContain(tag);
  expect(mail.text).toContain(HOSTILE.message.raw);
}

/**
 * A deleted message is never emailed: alone it makes no email; beside a kept one it is left out.
 * `sweepAll` runs the job until it has nothing more to claim.
 */
export async function expectDeletedLeftOut(scene: {
  sender: ClientSocket;
  roomId: string;
  email: string;
  smtp: TestSmtpServer;
  sweepAll: () => Promise<void>;
}): Promise<void> {
  const { sender, roomId, email, smtp, sweepAll } = scene;
  const withdraw = async (content: string) => {
    const message = await sendOk(sender, roomId, content);
    ok(await request(sender, 'message:delete', { messageId: message.id }));
  };
  await withdraw('withdrawn words');
  await sweepAll();
  expect(smtp.mailsTo(email)).toHaveLength(0);

  await sendOk(sender, roomId, 'kept words');
  await withdraw('also withdrawn');
  await sweepAll();
  const [mail] = smtp.mailsTo(email);
  expect(mail?.parsed.text).toContain('kept words');
  expect(mail?.parsed.text).not.toContain('withdrawn');
}
