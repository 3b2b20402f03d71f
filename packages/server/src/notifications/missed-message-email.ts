import {
  emailDocument,
  escapeHtml as e,
  footerHtml,
  messageText,
  moreLine,
  quoteHtml,
} from '../mail/email-parts.js';
import type { OutgoingMail } from '../mail/mailer.js';
import type { MissedRoom } from './missed-message-repository.js';

/** What one missed-message email tells a user. */
export interface MissedMessages {
  recipient: { displayName: string; email: string };
  /** The rooms quoted, in the order their messages waited. */
  rooms: MissedRoom[];
  /** Rooms with missed messages beyond those quoted. */
  moreRooms: number;
  /** Where each room opens: `PUBLIC_URL` + `/chat/<roomId>`. */
  publicUrl: string;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The absolute link that opens a room in the web app. */
export const roomLink = (publicUrl: string, roomId: string) =>
  new URL(`/chat/${encodeURIComponent(roomId)}`, publicUrl).href;

/**
 * The one email that tells a user what they missed in all their rooms: grouped by room, a few
 * messages quoted per room and the rest counted, each room linked. Both forms are written from
 * the same parts; every name and message reaches the HTML as text.
 */
export function composeMissedMessageEmail(missed: MissedMessages): OutgoingMail {
  const { recipient, rooms, moreRooms, publicUrl } = missed;
  const messageCount = rooms.reduce((sum, room) => sum + room.total, 0);
  const subject =
    rooms.length === 1 && moreRooms === 0
      ? `${plural(messageCount, 'unread message', 'unread messages')} in ${rooms[0]?.roomName}`
      : `Unread messages in ${plural(rooms.length + moreRooms, 'conversation', 'conversations')}`;
  const why =
    'You get this email because you asked for messages you miss to be emailed. ' +
    'Turn it off in your notification settings.';
  const moreRoomsLine = moreLine(moreRooms, 'conversation', 'conversations');
  const parts = rooms.map((room) => ({
    room,
    heading: `${room.roomName} (${plural(room.total, 'new message', 'new messages')})`,
    more: moreLine(room.total - room.messages.length, 'message', 'messages'),
    link: roomLink(publicUrl, room.roomId),
  }));

  const text = [
    `Hello ${recipient.displayName},`,
    '',
    'You have messages you have not read yet:',
    '',
    ...parts.flatMap(({ room, heading, more, link }) => [
      `== ${heading}`,
      '',
      ...room.messages.flatMap((message) => [`${message.authorName}:`, messageText(message), '']),
      ...(more ? [more, ''] : []),
      `Open: ${link}`,
      '',
    ]),
    ...(moreRoomsLine ? [moreRoomsLine, ''] : []),
    why,
  ].join('\n');

  const html = emailDocument(
    subject,
    `<p>Hello ${e(recipient.displayName)},</p>
<p>You have messages you have not read yet:</p>
${parts
  .map(
    ({ room, heading, more, link }) => `<h2 style="font-size: 1.1em">${e(heading)}</h2>
${room.messages.map((message) => quoteHtml(message.authorName, messageText(message))).join('\n')}
${more ? `<p>${e(more)}</p>` : ''}
<p><a href="${e(link)}">Open ${e(room.roomName)}</a></p>`,
  )
  .join('\n')}
${moreRoomsLine ? `<p>${e(moreRoomsLine)}</p>` : ''}
${footerHtml(why)}`,
  );

  return { to: recipient.email, subject, text, html };
}
