import { render } from 'preact';
import { App } from './app.js';
import './frame.css';
import { readFrameMode, readSiteLook } from './frame-mode.js';
import { connectToHost, noHost } from './host-channel.js';

/** The frame's page: the widget inside a host's iframe, or the standalone `/c/<link>` page. */
const mode = readFrameMode(location);
const root = document.getElementById('widget');
if (mode && root) {
  document.documentElement.classList.add(mode.kind === 'page' ? 'page-mode' : 'widget-mode');
  const host = mode.kind === 'widget' ? connectToHost(mode.hostOrigin) : noHost;
  render(<App mode={mode} look={readSiteLook(document)} host={host} />, root);
}
