import type { FrameToHost, HostToFrame } from '../shared/frame-messages.js';
import { isTagged } from '../shared/frame-messages.js';

/** The frame's line to the loader on the host page: that origin and that window only. */
export interface HostChannel {
  send(message: FrameToHost): void;
  listen(handler: (message: HostToFrame) => void): () => void;
}

export function connectToHost(hostOrigin: string): HostChannel {
  return {
    send: (message) => window.parent.postMessage(message, hostOrigin),
    listen(handler) {
      const onMessage = (event: MessageEvent<unknown>) => {
        if (event.origin !== hostOrigin || event.source !== window.parent) return;
        if (isTagged(event.data)) handler(event.data as HostToFrame);
      };
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}

/** The standalone page has no host: nothing to tell, nothing to hear. */
export const noHost: HostChannel = { send: () => undefined, listen: () => () => undefined };
