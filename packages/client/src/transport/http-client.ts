import type { z } from 'zod';
import { NatterError, codeOfStatus } from '../natter-error.js';
import { loadWireSchemas } from './load-wire-schemas.js';
import type { WireSchemas } from './load-wire-schemas.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpClientOptions {
  baseUrl: string;
  /**
   * Read on every call, so a new token applies at once. Undefined: cookie mode, where requests
   * carry the browser's session cookie (`credentials: 'include'`) and no Authorization header.
   */
  getToken: () => string | undefined;
  fetch?: FetchLike | undefined;
  timeoutMs: number;
}

export interface HttpRequest<S extends z.ZodType | undefined> {
  body?: unknown;
  query?: Record<string, string | undefined>;
  /**
   * Picks the schema that validates the answer's body from the wire schemas, which load on first
   * use (load-wire-schemas.ts); without one the body is ignored (204s).
   */
  schema?: (schemas: WireSchemas) => NonNullable<S>;
  /** Cancels the request (a newer search supersedes an older one): it fails with `aborted`. */
  signal?: AbortSignal | undefined;
}

export type HttpAnswer<S extends z.ZodType | undefined> = S extends z.ZodType
  ? z.output<S>
  : undefined;

/** Calls the REST API: JSON in and out, Bearer or cookie auth, typed answers, errors as NatterError. */
export interface HttpClient {
  request<S extends z.ZodType | undefined = undefined>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    request?: HttpRequest<S>,
  ): Promise<HttpAnswer<S>>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  // Bound lazily: tests and SSR may install a fetch after this module loads.
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base = options.baseUrl.replace(/\/+$/, '');

  return {
    async request<S extends z.ZodType | undefined = undefined>(
      method: string,
      path: string,
      request: HttpRequest<S> = {},
    ): Promise<HttpAnswer<S>> {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = options.getToken();
      if (token) headers.authorization = `Bearer ${token}`;
      if (request.body !== undefined) headers['content-type'] = 'application/json';

      const { response, body } = await send(doFetch, base + path + queryString(request.query), {
        method,
        headers,
        // A bearer token is the whole credential: no ambient cookie rides along with it.
        credentials: token ? 'omit' : 'include',
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: request.signal
          ? AbortSignal.any([request.signal, AbortSignal.timeout(options.timeoutMs)])
          : AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) throw errorOf(response.status, body, await loadWireSchemas());
      if (!request.schema) return undefined as HttpAnswer<S>;
      const parsed = request.schema(await loadWireSchemas()).safeParse(body);
      if (!parsed.success) {
        throw new NatterError('invalid_response', `unexpected answer to ${method} ${path}`, {
          status: response.status,
          cause: parsed.error,
        });
      }
      return parsed.data as HttpAnswer<S>;
    },
  };
}

/** Fetches and reads the body under the same deadline; a body that is not JSON reads as undefined. */
async function send(
  doFetch: FetchLike,
  url: string,
  init: RequestInit,
): Promise<{ response: Response; body: unknown }> {
  try {
    const response = await doFetch(url, init);
    return { response, body: parseJson(await response.text()) };
  } catch (error) {
    // AbortSignal.timeout rejects with a DOMException named TimeoutError, the caller's own
    // signal with one named AbortError.
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new NatterError('timeout', `no answer from ${url} in time`, { cause: error });
    }
    if (error instanceof Error && error.name === 'AbortError') {
      throw new NatterError('aborted', `request to ${url} cancelled`, { cause: error });
    }
    throw new NatterError('network', `could not reach ${url}`, { cause: error });
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorOf(status: number, body: unknown, schemas: WireSchemas): NatterError {
  const parsed = schemas.httpErrorSchema.safeParse(body);
  if (parsed.success) return NatterError.fromBody(parsed.data.error, status);
  return new NatterError(codeOfStatus(status), `HTTP ${status}`, { status });
}

function queryString(query: Record<string, string | undefined> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
