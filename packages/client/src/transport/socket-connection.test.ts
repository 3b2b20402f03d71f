import { CLIENT_FEATURES, PROTOCOL_VERSION } from '@natter/protocol';
import { describe, expect, it } from 'vitest';
import { RECONNECT_OPTIONS, createSocketConnection } from './socket-connection.js';
import type { SocketClientOptions } from './socket-connection.js';

/** What the socket would send as its handshake `auth` (socket.io-client calls this function). */
function handshakeAuth(token: string | undefined, visible = true): Promise<object> {
  const { socket } = createSocketConnection({
    baseUrl: 'http://127.0.0.1:9',
    getToken: () => token,
    getVisible: () => visible,
    requestTimeoutMs: 1000,
  });
  const auth = socket.auth as (callback: (data: object) => void) => void;
  return new Promise((resolve) => auth(resolve));
}

describe('the SDK socket handshake', () => {
  it('declares the protocol version and features it speaks and whether the page is shown, with the token when there is one', async () => {
    expect(await handshakeAuth('tok')).toEqual({
      protocolVersion: PROTOCOL_VERSION,
      features: [...CLIENT_FEATURES],
      visible: true,
      token: 'tok',
    });
    expect(await handshakeAuth(undefined, false)).toEqual({
      protocolVersion: PROTOCOL_VERSION,
      features: [...CLIENT_FEATURES],
      visible: false,
    });
  });
});

describe('the SDK socket reconnection', () => {
  const managerOf = (socketOptions?: SocketClientOptions) =>
    createSocketConnection({
      baseUrl: 'http://127.0.0.1:9',
      getToken: () => undefined,
      getVisible: () => true,
      requestTimeoutMs: 1000,
      socketOptions,
    }).socket.io;

  it('backs off with jitter, so the clients of a node that went away do not return in lockstep', () => {
    const manager = managerOf();
    expect(manager.reconnectionDelay()).toBe(RECONNECT_OPTIONS.reconnectionDelay);
    expect(manager.reconnectionDelayMax()).toBe(RECONNECT_OPTIONS.reconnectionDelayMax);
    expect(manager.randomizationFactor()).toBeGreaterThan(0);
  });

  it('lets socketOptions override the backoff', () => {
    expect(managerOf({ reconnectionDelayMax: 200 }).reconnectionDelayMax()).toBe(200);
  });
});
