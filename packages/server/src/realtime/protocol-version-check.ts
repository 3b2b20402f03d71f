import { PROTOCOL_VERSION } from '@natter/protocol';
import type { UnsupportedVersionData } from '@natter/protocol';
import { connectError } from './connect-error.js';
import type { NatterSocket } from './socket-types.js';

const SUPPORTED: UnsupportedVersionData = { supportedVersions: [PROTOCOL_VERSION] };

/**
 * Socket.IO middleware, first in line: a client declaring a protocol version this server does not
 * speak is refused with `unsupported_protocol_version` (naming the ones it does) before any work
 * is done for it, instead of connecting and misreading the answers. A client that declares none
 * (written from PROTOCOL.md alone) speaks version 1.
 */
export function protocolVersionCheck() {
  return (socket: NatterSocket, next: (err?: Error) => void): void => {
    const auth: unknown = socket.handshake.auth;
    const declared =
      typeof auth === 'object' && auth !== null && 'protocolVersion' in auth
        ? auth.protocolVersion
        : 1;
    if (SUPPORTED.supportedVersions.includes(declared as number)) return next();
    next(connectError('unsupported_protocol_version', SUPPORTED));
  };
}
