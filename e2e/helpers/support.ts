import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type {
  CannedResponseBody,
  CreateSiteBody,
  Site,
  WidgetSessionBody,
  WidgetSessionResponse,
} from '@natter/protocol';
import type { Page } from 'playwright-core';
import { connect } from './api.js';
import type { ClientSocket, E2eUser } from './api.js';

/**
 * The support chat's set-up from the test process: a visitor as the widget would make one (the
 * widget's UI is tested on its own), and the axe accessibility check of a page.
 */

/** A browser's User-Agent, as the server stores it for the agents' details panel. */
export const VISITOR_USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';

export interface E2eVisitor {
  session: WidgetSessionResponse;
  socket: ClientSocket;
  /** Every event the visitor's socket received, in order: what must never reach it is checked here. */
  events: { event: string; payload: unknown }[];
}

/** Starts a visitor session (`POST /api/widget/session`, no Origin: a server's call) and connects it. */
export async function startVisitor(
  url: string,
  body: WidgetSessionBody,
  userAgent = VISITOR_USER_AGENT,
): Promise<E2eVisitor> {
  const response = await fetch(`${url}/api/widget/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`widget session answered ${response.status}: ${text}`);
  const session = JSON.parse(text) as WidgetSessionResponse;
  const socket = await connect(url, session.token);
  const events: E2eVisitor['events'] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  return { session, socket, events };
}

/** Sends a text message as the visitor; resolves with the ack (throws unless ok). */
export async function visitorSays(visitor: E2eVisitor, content: string): Promise<void> {
  const ack = await visitor.socket.timeout(10_000).emitWithAck('message:send', {
    roomId: visitor.session.room.id,
    clientId: `visitor-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    type: 'text',
    content,
  });
  if (!ack.ok) throw new Error(`visitor message refused: ${ack.error.code}`);
}

/** Resolves with the first message the visitor receives whose text is `content`. */
export function visitorReceives(visitor: E2eVisitor, content: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (message: { content?: string }) => {
      if (message.content !== content) return;
      visitor.socket.off('message:new', listener);
      resolve();
    };
    visitor.socket.on('message:new', listener);
  });
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) in the page; answers the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // A colour scheme switched just before (emulateMedia) starts the buttons' background
  // transitions; axe measuring contrast halfway through one reports a colour no user sees.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation instanceof CSSTransition)
        .map((transition) => transition.finished.catch(() => undefined)),
    ),
  );
  // Evaluated over the DevTools protocol: the app's CSP (script-src 'self') refuses inline tags.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(options: object): Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function call<T>(url: string, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Creates a site as the admin (throws unless 201). */
export async function createSite(url: string, admin: E2eUser, body: CreateSiteBody): Promise<Site> {
  const result = await call<{ site: Site }>(url, 'POST', '/api/sites', admin.token, body);
  if (result.status !== 201) throw new Error(`create site answered ${result.status}`);
  return result.body.site;
}

/** Makes a user an agent of a site (throws unless 201). */
export async function addAgent(url: string, admin: E2eUser, siteId: string, userId: string) {
  const result = await call(url, 'POST', `/api/sites/${siteId}/agents`, admin.token, { userId });
  if (result.status !== 201) throw new Error(`add agent answered ${result.status}`);
}

/** Adds a canned response to a site (throws unless 201). */
export async function addCannedResponse(
  url: string,
  admin: E2eUser,
  siteId: string,
  body: CannedResponseBody,
): Promise<void> {
  const result = await call(
    url,
    'POST',
    `/api/sites/${siteId}/canned-responses`,
    admin.token,
    body,
  );
  if (result.status !== 201) throw new Error(`add canned response answered ${result.status}`);
}
