import type { ServerEvent } from '@natter/protocol';
import { NatterError } from '../natter-error.js';
import type { ServerEventAction } from '../store/actions.js';
import { loadWireSchemas } from './load-wire-schemas.js';
import type { WireSchemas } from './load-wire-schemas.js';
import type { NatterSocket } from './socket-connection.js';

/**
 * Listens to every server event and hands each on as a store action, once it has passed the
 * protocol's schema: what crosses the wire is checked at the door, on this side too. The schemas
 * load on first use; events that arrive before them wait, and are handed on in arrival order.
 * Events the protocol does not name are ignored.
 */
export function forwardServerEvents(
  socket: NatterSocket,
  onEvent: (action: ServerEventAction) => void,
  onInvalid: (error: NatterError) => void,
): void {
  let schemas: WireSchemas | undefined;
  const waiting: { event: string; raw: unknown }[] = [];
  let loading = false;

  const forward = (loaded: WireSchemas, event: string, raw: unknown) => {
    if (!Object.hasOwn(loaded.serverEventSchemas, event)) return;
    const parsed = loaded.serverEventSchemas[event as ServerEvent].safeParse(raw);
    if (!parsed.success) {
      onInvalid(
        new NatterError('invalid_response', `${event}: malformed event`, { cause: parsed.error }),
      );
      return;
    }
    onEvent({ type: event, payload: parsed.data, receivedAt: Date.now() } as ServerEventAction);
  };

  const load = () => {
    loading = true;
    loadWireSchemas().then(
      (loaded) => {
        schemas = loaded;
        for (const { event, raw } of waiting.splice(0)) forward(loaded, event, raw);
      },
      (error: unknown) => {
        // The events keep waiting: the next one tries the import again.
        loading = false;
        onInvalid(NatterError.from(error));
      },
    );
  };

  socket.onAny((event: string, raw: unknown) => {
    if (schemas) {
      forward(schemas, event, raw);
      return;
    }
    waiting.push({ event, raw });
    if (!loading) load();
  });
}
