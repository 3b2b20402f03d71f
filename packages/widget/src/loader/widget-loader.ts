import type { FrameLayout, FrameToHost, HostToFrame, Identity } from '../shared/frame-messages.js';
import { isTagged } from '../shared/frame-messages.js';
import { NARROW_SCREEN, styleFrame } from './frame-style.js';
import type { NatterApi } from './natter-api.js';
import { createNatterApi } from './natter-api.js';
import { readPageContext } from './page-context.js';

declare global {
  interface Window {
    Natter?: NatterApi;
  }
}

/**
 * `/widget.js`: the only code that runs on the host page. It makes one iframe on the Natter
 * origin (where every pixel of the widget lives), sizes it on the frame's word, and relays the
 * page's context and the host's `window.Natter` calls to it. Nothing else of the host is touched.
 */
function start(script: HTMLScriptElement): void {
  const siteKey = script.dataset.site;
  if (!siteKey || window.Natter) return;
  const natterOrigin = new URL(script.src).origin;
  const hostIdentity = identityOf(script);

  const iframe = document.createElement('iframe');
  const frameUrl = new URL('/widget/frame', natterOrigin);
  frameUrl.searchParams.set('site', siteKey);
  // The frame answers only to this origin, and only while framed by one the site allows (its CSP).
  frameUrl.searchParams.set('host', location.origin);
  iframe.src = frameUrl.toString();
  iframe.title = 'Chat';
  iframe.setAttribute('allow', 'clipboard-write');

  const narrow = matchMedia(NARROW_SCREEN);
  let layout: FrameLayout = 'closed';
  let ready = false;
  const send = (message: HostToFrame) => iframe.contentWindow?.postMessage(message, natterOrigin);
  const relayout = () => styleFrame(iframe, layout, narrow.matches, ready);
  narrow.addEventListener('change', () => {
    relayout();
    send({ natter: 'screen', narrow: narrow.matches });
  });
  relayout();

  const natter = createNatterApi(send);
  window.Natter = natter.api;

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.origin !== natterOrigin || event.source !== iframe.contentWindow) return;
    if (!isTagged(event.data)) return;
    const message = event.data as FrameToHost;
    switch (message.natter) {
      case 'ready':
        ready = true;
        relayout();
        send({
          natter: 'init',
          context: readPageContext(),
          ...(hostIdentity && { identity: hostIdentity }),
        });
        send({ natter: 'screen', narrow: narrow.matches });
        natter.ready();
        break;
      case 'layout':
        layout = message.layout === 'open' ? 'open' : 'closed';
        relayout();
        break;
      case 'message':
        natter.emit('message', message.message);
        break;
      case 'unread':
        natter.emit('unread', message.count);
        break;
    }
  });

  document.body.appendChild(iframe);
}

/** `data-user-id` with `data-user-hash`: a host's verified customer (both, or neither). */
function identityOf(script: HTMLScriptElement): Identity | undefined {
  const { userId, userHash } = script.dataset;
  return userId && userHash ? { userId, userHash } : undefined;
}

// `currentScript` is only set while this script first runs: read it now, build when the body is.
const script = document.currentScript;
if (script instanceof HTMLScriptElement) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script), { once: true });
}
