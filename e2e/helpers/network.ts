import { messageSendSchema } from '@natter/protocol';
import type { ErrorBody } from '@natter/protocol';
import type { BrowserContext } from 'playwright-core';

/** A Socket.IO event with an ack as it crosses the WebSocket: `42<ackId>[name, payload]`. */
const EVENT_WITH_ACK = /^42(\d+)(\[.*)$/s;

/** The acked `message:send` in a WebSocket frame, if the frame is one. */
function parseSend(frame: string) {
  const match = EVENT_WITH_ACK.exec(frame);
  if (!match?.[1] || !match[2]) return undefined;
  const packet: unknown = JSON.parse(match[2]);
  if (!Array.isArray(packet) || packet[0] !== 'message:send') return undefined;
  const payload = messageSendSchema.safeParse(packet[1]);
  return payload.success ? { ackId: match[1], ...payload.data } : undefined;
}

/**
 * Sits between the context's pages and the server on the Socket.IO WebSocket, and answers the
 * FIRST attempt of every message whose text contains `marker` with a refusal (`bad_request`), as
 * the server would; later attempts with the same clientId (a Retry) go through. Everything else
 * passes untouched. Call before the page opens its socket.
 */
export async function refuseFirstSend(context: BrowserContext, marker: string): Promise<void> {
  const refused = new Set<string>();
  const error: ErrorBody = { code: 'bad_request', message: 'refused by the test' };
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      const send = typeof frame === 'string' ? parseSend(frame) : undefined;
      if (send?.content.includes(marker) && !refused.has(send.clientId)) {
        refused.add(send.clientId);
        ws.send(`43${send.ackId}${JSON.stringify([{ ok: false, error }])}`);
        return;
      }
      server.send(frame);
    });
  });
}

/** Holds sends at the network: see `holdSends`. */
export interface SendHold {
  /** From now on, `message:send` frames stay in the network instead of reaching the server. */
  hold(): void;
  /** Lets the held frames through, in order, and stops holding. */
  release(): void;
}

/**
 * Sits on the context's Socket.IO WebSockets and, while holding, keeps every `message:send` from
 * the server (no ack comes back), as a stalled network would; everything else passes, so the app
 * connects and syncs. A socket that closes meanwhile (a reload) loses what it held, as a dropped
 * connection would. Call before the page opens its socket.
 */
export async function holdSends(context: BrowserContext): Promise<SendHold> {
  let holding = false;
  const sockets = new Set<{ held: string[]; forward(frame: string): void }>();
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    const socket = { held: [] as string[], forward: (frame: string) => server.send(frame) };
    sockets.add(socket);
    // Handling the close turns off its forwarding: pass it on to the server by hand.
    ws.onClose((code, reason) => {
      sockets.delete(socket);
      void server.close({ code, reason });
    });
    ws.onMessage((frame) => {
      if (holding && typeof frame === 'string' && parseSend(frame)) socket.held.push(frame);
      else server.send(frame);
    });
  });
  return {
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const socket of sockets)
        for (const frame of socket.held.splice(0)) socket.forward(frame);
    },
  };
}
