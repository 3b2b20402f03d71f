import type { Message } from '@natter/protocol';
import type { ClientSocket } from './clients.js';
import { newClientId, nextEvent, ok, sendText } from './clients.js';

/**
 * Proves that something did not happen, without sleeping. `sendMarker` makes the server emit a
 * marker after the moment the unwanted event would have been emitted, to the same connections;
 * a connection delivers in order, so once every arrival has resolved, anything emitted before the
 * marker has arrived too and an absence is final. Create the arrivals (start listening) in the
 * call's arguments: they are evaluated before the marker goes out.
 */
export async function barrier(
  sendMarker: () => unknown,
  ...arrivals: Promise<unknown>[]
): Promise<void> {
  await sendMarker();
  await Promise.all(arrivals);
}

/**
 * A barrier whose marker is a typing indicator: nothing is stored and no message-shaped event is
 * sent, so histories and message recorders stay as they were. It reaches every member of the room
 * but the typist's own devices; use it where nobody else is typing in that room.
 */
export function typingBarrier(
  typist: ClientSocket,
  roomId: string,
  ...observers: ClientSocket[]
): Promise<void> {
  return barrier(
    () => typist.emit('typing:start', { roomId }),
    ...observers.map((observer) =>
      nextEvent(observer, 'typing:update', (u) => u.roomId === roomId && u.isTyping),
    ),
  );
}

/**
 * A barrier whose marker is a message in the room: it reaches every member socket, the sender's
 * own included. Resolves with the marker, which callers count in what they recorded.
 */
export async function messageBarrier(
  sender: ClientSocket,
  roomId: string,
  ...observers: ClientSocket[]
): Promise<Message> {
  const clientId = newClientId();
  const arrivals = observers.map((observer) =>
    nextEvent(observer, 'message:new', (m) => m.clientId === clientId),
  );
  const marker = ok(await sendText(sender, roomId, 'barrier', clientId)).message;
  await Promise.all(arrivals);
  return marker;
}
