import type { FrameLayout } from '../shared/frame-messages.js';

/** Below this width the open panel takes the whole screen. */
export const NARROW_SCREEN = '(max-width: 480px)';

/** The launcher's box: its button, focus ring and badge, with room to breathe from the edges. */
const CLOSED = { width: '96px', height: '96px' };
const OPEN = { width: '400px', height: '640px' };

/**
 * Everything a hostile host stylesheet could change on an iframe, pinned. Set through the CSSOM
 * with `important`: an inline important declaration beats any stylesheet's (`* { all: unset }`,
 * `iframe { display: none !important }`), and CSSOM writes are allowed under a strict
 * `style-src` where a `<style>` element or a `style=` attribute string would be refused.
 */
const PINNED: Record<string, string> = {
  position: 'fixed',
  display: 'block',
  visibility: 'visible',
  opacity: '1',
  'z-index': '2147483647',
  top: 'auto',
  left: 'auto',
  right: '0',
  bottom: '0',
  margin: '0',
  padding: '0',
  border: '0 none',
  'border-radius': '0',
  outline: 'none',
  background: 'transparent',
  'box-shadow': 'none',
  transform: 'none',
  filter: 'none',
  'clip-path': 'none',
  'pointer-events': 'auto',
  'min-width': '0',
  'min-height': '0',
  'max-width': '100vw',
  'max-height': '100vh',
  // The frame's page declares no colour scheme: the same here keeps its background transparent.
  'color-scheme': 'normal',
  float: 'none',
  'box-sizing': 'content-box',
};

const pin = (iframe: HTMLIFrameElement, property: string, value: string) =>
  iframe.style.setProperty(property, value, 'important');

/**
 * Styles the iframe for a layout: the launcher's corner, the panel, or the whole narrow screen.
 * Until the frame said it is ready it stays invisible: a frame the browser refused (an origin
 * the site does not list, an unknown key) shows the host nothing, not an error box.
 */
export function styleFrame(
  iframe: HTMLIFrameElement,
  layout: FrameLayout,
  narrow: boolean,
  ready: boolean,
): void {
  for (const [property, value] of Object.entries(PINNED)) pin(iframe, property, value);
  pin(iframe, 'visibility', ready ? 'visible' : 'hidden');
  const full = layout === 'open' && narrow;
  const size = layout === 'open' ? OPEN : CLOSED;
  pin(iframe, 'width', full ? '100vw' : size.width);
  pin(iframe, 'height', full ? '100vh' : size.height);
  if (full) pin(iframe, 'height', '100dvh');
}
