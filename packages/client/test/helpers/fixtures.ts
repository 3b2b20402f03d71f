import type { Message, Room, ServerToClientEvents, User } from '@natter/protocol';
import type { ChatEvent, ServerEventAction } from '../../src/store/actions.js';
import { applyEvent } from '../../src/store/apply-event.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/create-store.js';
import { initialState } from '../../src/store/state.js';
import type { ChatState } from '../../src/store/state.js';

/** Factories for store tests: plain protocol payloads with sensible defaults. */

const EPOCH = Date.parse('2025-01-01T00:00:00.000Z');
/** The ISO time `n` seconds after a fixed epoch. */
export const at = (n: number) => new Date(EPOCH + n * 1000).toISOString();

export const user = (id: string): User => ({ id, username: id, displayName: id.toUpperCase() });

export function message(
  fields: Pick<Message, 'id' | 'roomId' | 'seq' | 'senderId'> & Partial<Message>,
): Message {
  return {
    sender: { id: fields.senderId, displayName: fields.senderId.toUpperCase() },
    type: 'text',
    content: `message ${fields.seq}`,
    status: 'sent',
    createdAt: at(fields.seq),
    ...fields,
  };
}

export function room(fields: Pick<Room, 'id' | 'participants'> & Partial<Room>): Room {
  return {
    type: fields.participants.length === 2 ? 'direct' : 'group',
    unreadCount: 0,
    lastActivityAt: at(0),
    lastReadSeq: 0,
    lastSeq: 0,
    ...fields,
  };
}

/** A server event as the client would dispatch it. */
export function serverEvent<E extends keyof ServerToClientEvents>(
  type: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
  receivedAt = EPOCH,
): ChatEvent {
  return { type, payload, receivedAt } as ServerEventAction;
}

/** Applies events in order, from the initial state unless given one. */
export function reduce(events: readonly ChatEvent[], state: ChatState = initialState): ChatState {
  return events.reduce(applyEvent, state);
}

/** A store signed in as `me`, with one direct room with `bob`: where outbox tests start. */
export function storeWithRoom(roomId: string): Store<ChatState, ChatEvent> {
  return createStore<ChatState, ChatEvent>(
    applyEvent,
    reduce([
      { type: 'session/started', user: user('me') },
      { type: 'rooms/loaded', rooms: [room({ id: roomId, participants: ['me', 'bob'] })] },
    ]),
  );
}
