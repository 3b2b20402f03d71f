import type { AgentMessage, HostToFrame, Identity } from '../shared/frame-messages.js';

type Listeners = { message: (message: AgentMessage) => void; unread: (count: number) => void };
export type NatterEvent = keyof Listeners;

/** `window.Natter`: what the host page's own scripts may do with the widget. */
export interface NatterApi {
  open(): void;
  close(): void;
  identify(identity: Identity): void;
  on<E extends NatterEvent>(event: E, listener: Listeners[E]): void;
  off<E extends NatterEvent>(event: E, listener: Listeners[E]): void;
}

/**
 * The JS API, and the queue behind it: commands given before the frame said it is ready are kept
 * and sent, in order, once it is.
 */
export function createNatterApi(send: (message: HostToFrame) => void) {
  const listeners: { [E in NatterEvent]: Set<Listeners[E]> } = {
    message: new Set(),
    unread: new Set(),
  };
  let queue: HostToFrame[] | undefined = [];
  const command = (message: HostToFrame) => (queue ? queue.push(message) : send(message));

  const api: NatterApi = {
    open: () => command({ natter: 'open' }),
    close: () => command({ natter: 'close' }),
    identify: (identity) => command({ natter: 'identify', identity }),
    on: (event, listener) => void listeners[event].add(listener),
    off: (event, listener) => void listeners[event].delete(listener),
  };

  return {
    api,
    /** The frame is ready: flush what waited. */
    ready() {
      const waiting = queue ?? [];
      queue = undefined;
      for (const message of waiting) send(message);
    },
    emit<E extends NatterEvent>(event: E, value: Parameters<Listeners[E]>[0]) {
      for (const listener of listeners[event]) {
        // A host's listener that throws must not stop the others, nor the widget: its error is
        // reported as an uncaught one would be (the console, the page's error handlers).
        try {
          (listener as (v: typeof value) => void)(value);
        } catch (error) {
          reportError(error);
        }
      }
    },
  };
}
