import { Writable } from 'node:stream';
import { ERROR_HTTP_STATUS } from '@natter/protocol';
import { pino } from 'pino';
import type { ErrorCode, MeResponse, Room } from '@natter/protocol';
import { expect } from 'vitest';
import type { ClientSocket, HttpResult, TestUser } from './clients.js';
import {
  connect,
  createDirectRoom,
  http,
  nextEvent,
  ok,
  registerUser,
  sendText,
} from './clients.js';
import type { TestServer } from './test-server.js';

/** The 4xx statuses a refused request may get (issue #16): anything else is a defect. */
export const REFUSAL_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429];

/**
 * Asserts an answer to hostile input: served (2xx, 3xx) or refused with a 4xx of the list in the
 * `{ error: { code, message } }` shape, never a 5xx. `what` names the request in the failure.
 */
export function expectRefusedOrServed(res: HttpResult, what: string): void {
  expect(res.status, what).toBeLessThan(500);
  if (res.status < 400) return;
  expect(REFUSAL_STATUSES, what).toContain(res.status);
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  expect(typeof error?.message, what).toBe('string');
  expect(ERROR_HTTP_STATUS[error?.code as ErrorCode], what).toBe(res.status);
}

/**
 * Asserts an ack to hostile input: `{ ok: true, … }`, or `{ ok: false, error: { code } }` with a
 * code of the catalogue that is not a server failure (`internal`, `unavailable`).
 */
export function expectAckRefusedOrServed(ack: unknown, what: string): void {
  const answer = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (answer?.ok === true) return;
  expect(answer?.ok, what).toBe(false);
  expect(typeof answer.error?.message, what).toBe('string');
  const status = ERROR_HTTP_STATUS[answer.error?.code as ErrorCode];
  expect(status, `${what}: ${JSON.stringify(answer)}`).toBeLessThan(500);
}

/**
 * A server logger that keeps what is logged at `error` and above: a request or signal that failed
 * inside the server, which no answer shows (a signal has none), is logged there.
 */
export function errorRecorder() {
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      errors.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ level: 'error' }, sink), errors };
}

/**
 * Two users, kept out of the hostile input, who check the server still serves: the probes tell
 * the truth, a plain request is answered, and a message goes from one socket to the other.
 */
export async function witnesses(t: TestServer) {
  const alice: TestUser = await registerUser(t.url, 'witness');
  const bob: TestUser = await registerUser(t.url, 'witness');
  const room: Room = await createDirectRoom(t.url, alice.token, bob.user.id);
  const a: ClientSocket = await connect(t.url, alice.token);
  const b: ClientSocket = await connect(t.url, bob.token);
  let count = 0;
  return {
    /** The cheap check, after each batch: a plain request is answered. */
    async expectAnswering(after: string): Promise<void> {
      const me = await http<MeResponse>(t.url, 'GET', '/api/me', { token: alice.token });
      expect({ after, status: me.status, id: me.body.user.id }).toEqual({
        after,
        status: 200,
        id: alice.user.id,
      });
    },
    /** The whole check. */
    async expectServing(after: string): Promise<void> {
      const health = await http(t.url, 'GET', '/healthz');
      expect({ after, status: health.status, body: health.body }).toMatchObject({
        status: 200,
        body: { ok: true, status: 'ok' },
      });
      expect((await http(t.url, 'GET', '/readyz')).status, after).toBe(200);
      const me = await http<MeResponse>(t.url, 'GET', '/api/me', { token: alice.token });
      expect(me.status, after).toBe(200);
      expect(me.body.user.id).toBe(alice.user.id);
      const content = `still here ${count++}`;
      const arrival = nextEvent(b, 'message:new', (m) => m.content === content);
      ok(await sendText(a, room.id, content));
      expect((await arrival).senderId).toBe(alice.user.id);
    },
    close() {
      a.close();
      b.close();
    },
  };
}
