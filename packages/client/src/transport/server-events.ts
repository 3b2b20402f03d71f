import { serverEventSchemas } from '@natter/protocol';
import type { ServerEvent } from '@natter/protocol';
import { NatterError } from '../natter-error.js';
import type { ServerEventAction } from '../store/actions.js';
import type { NatterSocket } from './socket-connection.js';

/**
 * Listens to every server event and hands each on as a store action, once it has passed the
 * protocol's schema: what crosses the wire is checked at the door, on this side too.
 */
export function forwardServerEvents(
  socket: NatterSocket,
  onEvent: (action: ServerEventAction) => void,
  onInvalid: (error: NatterError) => void,
): void {
  // socket.io-client cannot type a listener whose event is a type parameter: widened here only.
  const on = (event: string, listener: (raw: unknown) => void) =>
    (socket as unknown as { on(event: string, listener: (raw: unknown) => void): void }).on(
      event,
      listener,
    );
  const forward = <E extends ServerEvent>(event: E) =>
    on(event, (raw) => {
      const parsed = serverEventSchemas[event].safeParse(raw);
      if (!parsed.success) {
        onInvalid(
          new NatterError('invalid_response', `${event}: malformed event`, { cause: parsed.error }),
        );
        return;
      }
      onEvent({ type: event, payload: parsed.data, receivedAt: Date.now() } as ServerEventAction);
    });
  for (const event of Object.keys(serverEventSchemas) as ServerEvent[]) forward(event);
}
