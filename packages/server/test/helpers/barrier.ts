import type { Message } from '@natter/protocol';
import type { ClientSocket, TestUser } from './clients.js';
import {
  connect,
  createDirectRoom,
  newClientId,
  nextEvent,
  ok,
  registerUser,
  request,
  sendText,
} from './clients.js';

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
 * Resolves once the server has handled everything each socket sent before: a connection's packets are
 * handled in order and the ack of this harmless request comes last. Use it before a barrier whose
 * marker goes out through another connection than the action it follows (emits without an ack). It is
 * also a barrier of its own for each socket once the unwanted event, had there been one, is known to
 * have been emitted already (another socket received its twin from the same publish): the ack is
 * written to the connection after it.
 */
export async function caughtUp(...sockets: ClientSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(async (socket) => ok(await request(socket, 'presence:get', { userIds: [] }))),
  );
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
  const sawTyping = (observer: ClientSocket) =>
    nextEvent(observer, 'typing:update', (u) => u.roomId === roomId && u.isTyping);
  return typingBarrierVia(sawTyping, typist, roomId, observers);
}

/**
 * The typing barrier for observers watched some other way than a raw socket (an SDK client's
 * store): `sawTyping` resolves once an observer shows someone typing in the room.
 */
export function typingBarrierVia<Observer>(
  sawTyping: (observer: Observer) => Promise<unknown>,
  typist: ClientSocket,
  roomId: string,
  observers: readonly Observer[],
): Promise<void> {
  return barrier(() => typist.emit('typing:start', { roomId }), ...observers.map(sawTyping));
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

/**
 * A barrier for delivery marks, which the server writes and announces in timed batches rather than
 * at once: a fresh witness, online in a direct room with the sender, is handed a message, and the
 * sender waits for the witness's mark. Batches are written one after another, so any mark queued
 * before the witness's has been announced by then.
 */
export async function deliveryFlushBarrier(
  baseUrl: string,
  sender: TestUser,
  senderSocket: ClientSocket,
): Promise<void> {
  const witness = await registerUser(baseUrl, 'witness');
  const room = await createDirectRoom(baseUrl, sender.token, witness.user.id);
  const witnessSocket = await connect(baseUrl, witness.token);
  try {
    await barrier(
      () => sendText(senderSocket, room.id, 'barrier'),
      nextEvent(senderSocket, 'messages:delivered:update', (u) => u.roomId === room.id),
    );
  } finally {
    witnessSocket.close();
  }
}
