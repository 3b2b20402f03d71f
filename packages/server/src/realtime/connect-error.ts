import type { ConnectErrorMessage } from '@natter/protocol';

/** A handshake refusal: Socket.IO sends `message` and `data` to the client's `connect_error`. */
export function connectError(message: ConnectErrorMessage, data?: object): Error {
  return Object.assign(new Error(message), data === undefined ? {} : { data });
}
