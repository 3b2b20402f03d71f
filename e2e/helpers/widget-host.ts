import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreateSiteBody, Site } from '@natter/protocol';
import type { FrameLocator, Page } from 'playwright-core';
import type { ClientSocket, E2eUser } from './api.js';
import { addAgent, createSite } from './support.js';

/**
 * A host page on an origin of its own, as a customer's website would be: it embeds the widget's
 * tag, under a strict CSP that allows scripts and frames from the Natter server only, and a
 * stylesheet out to break any widget that lets page CSS reach it.
 */
export interface HostSite {
  origin: string;
  /** Puts a snippet in the page as a site owner pastes it, in place of the tag from the query. */
  paste(snippet: string): void;
  close(): Promise<void>;
}

/** Page CSS that wrecks anything it can reach (it must not reach the widget). */
export const HOSTILE_CSS = `
* { all: unset !important; }
html, body { display: block !important; min-height: 100vh; background: #fafafa; }
p, h1 { display: block !important; margin: 1em !important; font-family: serif; }
button { display: none !important; }
iframe { display: none !important; width: 0 !important; height: 0 !important; opacity: 0 !important; }
div { position: static !important; transform: scale(0) !important; }
body > * { z-index: -1 !important; }
`;

/** A plain shop page, for screenshots. */
export const FRIENDLY_CSS = `
body { margin: 0; font: 16px/1.5 Georgia, serif; background: #f4f1ea; color: #2b2a27; }
h1 { margin: 0; padding: 28px 48px; background: #2e7d32; color: #fff; }
p, div { max-width: 640px; margin: 24px 48px; }
`;

/** The host page's title as HTML text (the widget reports the title to agents as typed). */
const escapeText = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Serves the host page (`/`, with the tag's `data-*` attributes from the query, or the snippet
 * pasted) and its stylesheet (`css`: hostile unless told otherwise); `title` is the page's.
 */
export async function startHostSite(
  natterUrl: string,
  css = HOSTILE_CSS,
  title = 'Garden shop',
): Promise<HostSite> {
  let pasted: string | undefined;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname === '/hostile.css') {
      response.writeHead(200, { 'content-type': 'text/css' });
      response.end(css);
      return;
    }
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    const attributes = [...url.searchParams]
      .map(([name, value]) => ` data-${name}="${value.replace(/[^\w.-]/g, '')}"`)
      .join('');
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': [
        "default-src 'none'",
        `script-src ${natterUrl}`,
        "style-src 'self'",
        `frame-src ${natterUrl}`,
      ].join('; '),
    });
    response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeText(title)}</title>
<link rel="stylesheet" href="/hostile.css"></head>
<body><h1>Garden shop</h1><p>Seeds, tools and advice.</p><div>A div</div>
${pasted ?? `<script src="${natterUrl}/widget.js"${attributes} async></script>`}
</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    paste: (snippet) => (pasted = snippet),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A site made by the instance's admin (the server's first account), with an agent. */
export async function createSiteWithAgent(
  url: string,
  admin: E2eUser,
  agent: E2eUser,
  settings: CreateSiteBody,
): Promise<Site> {
  const site = await createSite(url, admin, settings);
  await addAgent(url, admin, site.id, agent.id);
  return site;
}

/**
 * Opens the widget's panel on `page` (a host page showing it) as a new visitor; resolves with
 * the conversation's room id once the agent hears of it (`room:new`).
 */
export async function openAsVisitor(page: Page, agentSocket: ClientSocket): Promise<string> {
  const opened = new Promise<string>((resolve) =>
    agentSocket.once('room:new', (room) => resolve(room.id)),
  );
  await launcher(widgetFrame(page)).click();
  return opened;
}

/** The widget's iframe on a host page, by the frame the loader makes. */
export const widgetFrame = (page: Page): FrameLocator =>
  page.frameLocator('iframe[src*="/widget/frame"]');

export const launcher = (frame: FrameLocator | Page) =>
  frame.getByRole('button', { name: /chat/i }).and(frame.getByRole('button', { name: /^Open/ }));
export const widgetLog = (frame: FrameLocator | Page) =>
  frame.getByRole('log', { name: 'Messages' });
export const widgetComposer = (frame: FrameLocator | Page) =>
  frame.getByRole('textbox', { name: 'Message' });
