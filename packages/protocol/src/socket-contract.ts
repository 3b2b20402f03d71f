import { z } from 'zod';
import { messageSchema, presenceSchema, roomSchema } from './entities.js';
import type { ErrorBody } from './errors.js';
import {
  deliveredUpdateSchema,
  messageDeleteSchema,
  messageDeletedEventSchema,
  messageEditSchema,
  messageSendSchema,
  messagesLoadSchema,
  messagesPageSchema,
  messagesReadSchema,
  messagesSyncSchema,
  previewRemoveSchema,
  presenceGetSchema,
  presenceListSchema,
  readUpdateSchema,
  roomMembersEventSchema,
  roomRemovedSchema,
  userUpdatedEventSchema,
  syncNeededEventSchema,
  presenceBatchSchema,
  readBatchSchema,
  syncRoomResultSchema,
  typingSchema,
  typingUpdateSchema,
} from './events.js';
import { clientIdSchema, isoDateSchema } from './primitives.js';
import { visibilitySetSchema } from './push.js';
import { reactionPayloadSchema } from './reactions.js';
import { conversationSchema, noteSchema } from './support.js';

/** One acked client event: what the client sends and what a successful ack carries. */
export interface RequestContract {
  payload: z.ZodType;
  result: z.ZodObject;
  /** PROTOCOL.md lets the client leave the ack out (the server then answers nothing). */
  ackOptional?: true;
}

/**
 * Every client event that the server acknowledges, by name. The typed event maps, the server's
 * handler registration and the SDK's ack validation are all derived from this table, so an event
 * cannot be paired with another's schema or answered with another's result.
 */
export const clientRequests = {
  'message:send': {
    payload: messageSendSchema,
    result: z.object({ message: messageSchema, clientId: clientIdSchema }),
  },
  'message:edit': { payload: messageEditSchema, result: z.object({ message: messageSchema }) },
  // ➕ `deletedAt`: the stored tombstone's, so the deleter's copy equals what a later load shows.
  'message:delete': {
    payload: messageDeleteSchema,
    result: z.object({ deletedAt: isoDateSchema.optional() }),
  },
  'reaction:add': { payload: reactionPayloadSchema, result: z.object({ message: messageSchema }) },
  'reaction:remove': {
    payload: reactionPayloadSchema,
    result: z.object({ message: messageSchema }),
  },
  'message:preview:remove': {
    payload: previewRemoveSchema,
    result: z.object({ message: messageSchema }),
  },
  'messages:load': { payload: messagesLoadSchema, result: messagesPageSchema },
  'messages:sync': {
    payload: messagesSyncSchema,
    result: z.object({ rooms: z.array(syncRoomResultSchema) }),
  },
  'messages:read': { payload: messagesReadSchema, result: z.object({}), ackOptional: true },
  'presence:get': { payload: presenceGetSchema, result: presenceListSchema },
  'visibility:set': { payload: visibilitySetSchema, result: z.object({}), ackOptional: true },
} as const satisfies Record<string, RequestContract>;

/** Client events without an ack: dropped, not answered, when invalid or over budget. */
export const clientSignals = {
  'typing:start': typingSchema,
  'typing:stop': typingSchema,
} as const satisfies Record<string, z.ZodType>;

/** Every server event and the schema of its payload, for clients that verify what arrives. */
export const serverEventSchemas = {
  'message:new': messageSchema,
  'message:updated': messageSchema,
  'message:deleted': messageDeletedEventSchema,
  'typing:update': typingUpdateSchema,
  'messages:read:update': readUpdateSchema,
  'messages:delivered:update': deliveredUpdateSchema,
  'presence:update': presenceSchema,
  'presence:batch': presenceBatchSchema,
  'messages:read:batch': readBatchSchema,
  'room:new': roomSchema,
  'room:updated': roomSchema,
  'room:removed': roomRemovedSchema,
  'user:updated': userUpdatedEventSchema,
  'room:members': roomMembersEventSchema,
  'conversation:updated': conversationSchema,
  'conversation:note': noteSchema,
  'sync:needed': syncNeededEventSchema,
} as const satisfies Record<string, z.ZodType>;

export type RequestEvent = keyof typeof clientRequests;
export type SignalEvent = keyof typeof clientSignals;
export type ClientEvent = RequestEvent | SignalEvent;
export type ServerEvent = keyof typeof serverEventSchemas;

/** What a client sends with an event (before the schema's defaults apply). */
export type PayloadOf<E extends ClientEvent> = E extends RequestEvent
  ? z.input<(typeof clientRequests)[E]['payload']>
  : E extends SignalEvent
    ? z.input<(typeof clientSignals)[E]>
    : never;

/** The success fields of a request's ack (without `ok`). */
export type ResultOf<E extends RequestEvent> = z.infer<(typeof clientRequests)[E]['result']>;

/** Every ack is one of these: typed success fields, or a coded error. */
export type AckResult<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: ErrorBody };
export type Ack<T extends object = object> = (result: AckResult<T>) => void;

type RequestListener<E extends RequestEvent> = (typeof clientRequests)[E] extends {
  ackOptional: true;
}
  ? (payload: PayloadOf<E>, ack?: Ack<ResultOf<E>>) => void
  : (payload: PayloadOf<E>, ack: Ack<ResultOf<E>>) => void;

/** Socket.IO's map of client events (flipped on the client side), derived from the tables. */
export type ClientToServerEvents = { [E in RequestEvent]: RequestListener<E> } & {
  [E in SignalEvent]: (payload: PayloadOf<E>) => void;
};

/** Socket.IO's map of server events, derived from `serverEventSchemas`. */
export type ServerToClientEvents = {
  [E in ServerEvent]: (payload: z.infer<(typeof serverEventSchemas)[E]>) => void;
};
