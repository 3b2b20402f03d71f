import type {
  RoomsResponse,
  UpdateVisitorBody,
  Visitor,
  WidgetSessionBody,
  WidgetSessionResponse,
} from '@natter/protocol';

/** A failed call, with the server's error code (`forbidden`, `not_found`, `rate_limited`, …). */
export class WidgetApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The widget's calls, with plain `fetch` on the frame's own origin (the Natter server): no
 * SDK, so they cost the start bundle nothing. Types only from the protocol package.
 */
async function call<T>(method: string, path: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string };
  };
  if (!response.ok) {
    throw new WidgetApiError(
      answer.error?.code ?? 'internal',
      answer.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return answer as T;
}

export const startWidgetSession = (body: WidgetSessionBody) =>
  call<WidgetSessionResponse>('POST', '/api/widget/session', body);

export const startLinkSession = (link: string) =>
  call<WidgetSessionResponse>('POST', '/api/widget/link-session', { link });

export const updateVisitor = (token: string, body: UpdateVisitorBody) =>
  call<{ visitor: Visitor }>('PATCH', '/api/widget/visitor', body, token);

/** The visitor's rooms (their support conversations), with their unread counts. */
export const listRooms = (token: string) =>
  call<RoomsResponse>('GET', '/api/rooms', undefined, token);
