import { describe, expectTypeOf, it } from 'vitest';
import type { Message } from './entities.js';
import type { MessageEditPayload, MessagesLoadPayload, TypingPayload } from './events.js';
import type {
  Ack,
  ClientToServerEvents,
  PayloadOf,
  ResultOf,
  ServerToClientEvents,
} from './socket-contract.js';

// Checked by `tsc -p tsconfig.tests.json`: each `@ts-expect-error` fails the build if the line
// below it ever compiles, i.e. if the event maps stop being derived from the request table.
describe('the socket event maps derived from the request table', () => {
  it('pair each event with its own payload and ack result', () => {
    expectTypeOf<PayloadOf<'message:edit'>>().toEqualTypeOf<MessageEditPayload>();
    expectTypeOf<PayloadOf<'typing:start'>>().toEqualTypeOf<TypingPayload>();
    expectTypeOf<ResultOf<'message:edit'>>().toEqualTypeOf<{ message: Message }>();
    expectTypeOf<
      Parameters<ClientToServerEvents['messages:load']>[0]
    >().toEqualTypeOf<MessagesLoadPayload>();
    expectTypeOf<Parameters<ServerToClientEvents['message:new']>[0]>().toEqualTypeOf<Message>();
  });

  it('refuse another event’s payload or a wrong ack shape', () => {
    const listeners: Partial<ClientToServerEvents> = {
      // @ts-expect-error: a message:edit listener cannot take message:delete's payload type
      'message:edit': (payload: { messageId: string; other: number }, ack) => ack,
    };
    const answer = (ack: Ack<ResultOf<'message:edit'>>) => {
      // @ts-expect-error: message:edit's ack carries a message, not rooms
      ack({ ok: true, rooms: [] });
    };
    // @ts-expect-error: signals take no ack, so they have no result
    expectTypeOf<ResultOf<'typing:start'>>();
    expectTypeOf(listeners).not.toBeNever();
    expectTypeOf(answer).toBeFunction();
  });

  it('make the ack optional only where PROTOCOL.md does (messages:read)', () => {
    expectTypeOf<Parameters<ClientToServerEvents['messages:read']>[1]>().toEqualTypeOf<
      Ack<ResultOf<'messages:read'>> | undefined
    >();
    expectTypeOf<Parameters<ClientToServerEvents['message:send']>[1]>().toEqualTypeOf<
      Ack<ResultOf<'message:send'>>
    >();
  });
});
