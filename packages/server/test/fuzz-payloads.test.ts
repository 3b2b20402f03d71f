import { clientRequests, clientSignals } from '@natter/protocol';
import type { Message, Room, Site, WidgetSessionResponse } from '@natter/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHttpError, login } from './helpers/authz-helpers.js';
import { httpMatrix, socketMatrix } from './helpers/authz-matrix.js';
import type { AuthzWorld, SocketTarget } from './helpers/authz-matrix.js';
import { connect, createGroupRoom, http, ok, registerUser, sendText } from './helpers/clients.js';
import type { HttpResult, TestUser } from './helpers/clients.js';
import {
  DEEP_VALUES,
  deepArray,
  deepObject,
  garbageSegment,
  hostileJson,
  hostileQuery,
  mutated,
} from './helpers/hostile-input.js';
import { RawSocket } from './helpers/raw-socket.js';
import { startCollectingRoutes } from './helpers/registered-routes.js';
import type { RegisteredRoute } from './helpers/registered-routes.js';
import {
  errorRecorder,
  expectAckRefusedOrServed,
  expectRefusedOrServed,
  witnesses,
} from './helpers/still-serving.js';
import { addAgent, createSite, registerAdmin, startVisitor } from './helpers/support-helpers.js';
import type { TestServer } from './helpers/test-server.js';

/**
 * Issue #16, hostile input: every HTTP route the server registers and every client event of the
 * protocol, called with valid sessions (so the input gets past the door to the validation) and
 * fuzzed payloads. A route or event added later is fuzzed without being listed here: the routes
 * come from the server itself (registered-routes.ts), the events from the protocol's tables.
 * fast-check prints the seed and the shrunk counterexample of a failure; `fc.assert`'s `seed`
 * and `path` options replay it.
 */

/** Kept modest: the file is one of many, on two shared cores. */
const HTTP_RUNS = 8;
const SOCKET_RUNS = 25;
const MiB = 1024 * 1024;
/**
 * The two loops make hundreds of requests in one test (the routes are only known once the
 * server has started): a guard against hangs above the suite's 60 s, for a crowded machine.
 */
const LOOP_TIMEOUT_MS = 180_000;

type CallerName = 'account' | 'admin' | 'visitor';

/** An HTTP request the property makes. */
interface HttpCase {
  caller: CallerName;
  path: string;
  body?: string;
  contentType?: string;
}

/** An event the property sends: its payload as JSON text, or as a binary event's text. */
interface SocketCase {
  caller: CallerName;
  payload: string;
  binary: string | undefined;
}

const BODILESS = new Set(['GET', 'HEAD']);

/** Raw bodies that are not JSON values at all, or more than one. */
const NOT_JSON = ['{bad', '', '{"a":1}{"b":2}', '\u0000', '[', '"\ud800', '{"a":1,}', '0x10'];

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/octet-stream',
      'application/json; charset=latin1',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
    ),
  },
);

describe('hostile payloads on every route and event (#16)', () => {
  let t: TestServer;
  let routes: RegisteredRoute[];
  let account: TestUser;
  /** Whose sessions the logout routes end: `logout-all` ends every one of its user's. */
  let leaver: TestUser;
  let leaverToken: string | undefined;
  let admin: TestUser;
  let visitor: WidgetSessionResponse;
  let group: Room;
  let site: Site;
  let byAccount: Message;
  let byVisitor: Message;
  const w = {} as AuthzWorld;
  let watch: Awaited<ReturnType<typeof witnesses>>;
  /** What the server logs as failures: nothing, whatever it is sent. */
  const recorder = errorRecorder();
  const rawSockets: RawSocket[] = [];
  /** Every real id a path may name: a route given one gets past "not found" to the next check. */
  let realIds: string[];

  beforeAll(async () => {
    ({ t, routes } = await startCollectingRoutes({}, recorder.log));
    account = await registerUser(t.url, 'fuzz');
    leaver = await registerUser(t.url, 'leaver');
    const [other, another] = await Promise.all([
      registerUser(t.url, 'other'),
      registerUser(t.url, 'other'),
    ]);
    admin = await registerAdmin(t);
    site = await createSite(t, admin);
    await addAgent(t, admin, site.id, account.user.id);
    visitor = await startVisitor(t, site);
    group = await createGroupRoom(t.url, account.token, [other.user.id, another.user.id]);
    const accountSocket = await connect(t.url, account.token);
    const visitorSocket = await connect(t.url, visitor.token);
    byAccount = ok(await sendText(accountSocket, group.id, 'by account')).message;
    byVisitor = ok(await sendText(visitorSocket, visitor.room.id, 'Hello?')).message;
    accountSocket.close();
    visitorSocket.close();
    const canned = await http<{ cannedResponse: { id: string } }>(
      t.url,
      'POST',
      `/api/sites/${site.id}/canned-responses`,
      { token: account.token, body: { shortcut: 'thanks', content: 'Thanks!' } },
    );
    expect(canned.status).toBe(201);
    // The matrix's well-formed requests name these; a wrong password keeps `POST
    // /api/me/password` from ever changing one (the fuzz must reach its checks, not succeed).
    const wrongPassword = (u: TestUser) => ({ ...u, password: 'not the password' });
    Object.assign(w, {
      owner: wrongPassword(other),
      member: wrongPassword(another),
      removed: wrongPassword(another),
      outsider: wrongPassword(other),
      group,
      byOwner: byAccount,
      admin: wrongPassword(admin),
      siteA: site,
      siteB: site,
      agentA: wrongPassword(account),
      agentB: wrongPassword(other),
      visitorA: visitor,
      visitorB: visitor,
      byVisitorA: byVisitor,
      cannedA: canned.body.cannedResponse.id,
      webhookId: '00000000-0000-4000-8000-000000000001',
    } satisfies AuthzWorld);
    realIds = [
      group.id,
      visitor.room.id,
      site.id,
      byAccount.id,
      byVisitor.id,
      account.user.id,
      other.user.id,
      admin.user.id,
      visitor.visitor.id,
      w.cannedA,
    ];
    watch = await witnesses(t);
  });
  afterAll(async () => {
    watch?.close();
    for (const socket of rawSockets) socket.close();
    await t?.close();
  });

  const tokenOf = (caller: CallerName) =>
    caller === 'account' ? account.token : caller === 'admin' ? admin.token : visitor.token;

  /** A path for the route: the matrix's well-formed one, or its pattern filled with real or garbage ids. */
  const pathFor = (route: RegisteredRoute, caller: CallerName): fc.Arbitrary<string> => {
    const segments = route.url.split('/');
    const filled = fc
      .tuple(
        ...segments.map((s) =>
          s.startsWith(':')
            ? fc.oneof(fc.constantFrom(...realIds), garbageSegment)
            : fc.constant(s),
        ),
      )
      .map((parts) => parts.join('/'));
    const row = httpMatrix[route.key];
    const roomId = caller === 'visitor' ? visitor.room.id : group.id;
    const paths = row?.call ? fc.oneof(fc.constant(row.call(w, roomId).path), filled) : filled;
    return fc
      .tuple(paths, hostileQuery)
      .map(([path, query]) =>
        query && path.includes('?') ? `${path}&${query.slice(1)}` : path + query,
      );
  };

  const bodyFor = (
    route: RegisteredRoute,
    caller: CallerName,
  ): fc.Arbitrary<string | undefined> => {
    if (BODILESS.has(route.method)) return fc.constant(undefined);
    const row = httpMatrix[route.key];
    const base = row?.call?.(w, caller === 'visitor' ? visitor.room.id : group.id).body ?? {};
    return fc.oneof(
      { weight: 4, arbitrary: mutated(base) },
      { weight: 2, arbitrary: hostileJson },
      { weight: 1, arbitrary: fc.constantFrom(undefined, ...NOT_JSON) },
    );
  };

  const httpCase = (route: RegisteredRoute): fc.Arbitrary<HttpCase> =>
    fc.constantFrom<CallerName>('account', 'admin', 'visitor').chain((caller) =>
      fc.record({
        caller: fc.constant(caller),
        path: pathFor(route, caller),
        body: bodyFor(route, caller),
        contentType,
      }),
    );

  /** Cases every route gets, whatever the seed: nesting 100,000 deep, a body over the limit. */
  const fixedCases = (route: RegisteredRoute): [HttpCase][] => {
    const path = route.url.replaceAll(/:[^/]+/g, () => realIds[0]!);
    if (BODILESS.has(route.method)) {
      return [[{ caller: 'account', path: `${path}?limit=${'9'.repeat(400)}` }]];
    }
    return [deepObject(10_000), deepArray(100_000), `"${'x'.repeat(MiB + 1)}"`].map((body) => [
      { caller: 'account', path, body, contentType: 'application/json' },
    ]);
  };

  const send = async (route: RegisteredRoute, c: HttpCase): Promise<HttpResult> => {
    // A successful logout would end the sessions the next runs use: those end another user's,
    // who signs in again after each one that succeeded.
    const logout = route.url.startsWith('/api/auth/logout');
    if (logout) leaverToken ??= await login(t.url, leaver);
    const token = logout ? leaverToken! : tokenOf(c.caller);
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (c.body !== undefined && c.contentType) headers['content-type'] = c.contentType;
    const response = await fetch(t.url + c.path, {
      method: route.method,
      headers,
      body: c.body,
      redirect: 'manual',
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: a file, a page; an error in another shape fails the check below.
    }
    if (logout && response.ok) leaverToken = undefined;
    return { status: response.status, body, headers: response.headers };
  };

  it(
    'every registered route refuses hostile input with a 4xx and goes on serving',
    async () => {
      expect(routes.length).toBeGreaterThan(50);
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(httpCase(route), async (c) => {
            const logged = recorder.errors.length;
            const res = await send(route, c);
            const what = `${route.key} as ${c.caller}: ${c.path}`;
            expect(recorder.errors.slice(logged), what).toEqual([]);
            expectRefusedOrServed(res, what);
          }),
          { numRuns: HTTP_RUNS, examples: fixedCases(route) },
        );
        await watch.expectAnswering(route.key);
        expect(recorder.errors, route.key).toEqual([]);
      }
      await watch.expectServing('every route');
      expect(recorder.errors).toEqual([]);
    },
    LOOP_TIMEOUT_MS,
  );

  it('a path the router cannot read (bad percent-encoding, a parameter over its limit) → 400 bad_request in the error shape, on every route with a parameter', async () => {
    const withParams = routes.filter((r) => r.url.includes('/:'));
    expect(withParams.length).toBeGreaterThan(20);
    for (const route of withParams) {
      for (const segment of ['%ED%A0%80', '%', 'a'.repeat(101)]) {
        const path = route.url.replace(/:[^/]+/, segment).replaceAll(/:[^/]+/g, realIds[0]!);
        const res = await send(route, { caller: 'account', path });
        expect(expectHttpError(res, 400, 'bad_request'), `${route.key}: ${path}`).toMatch(
          /^the path is not valid/,
        );
      }
    }
  });

  /** What each caller's event names: the account's group, the visitor's conversation. */
  const targetOf = (caller: CallerName): SocketTarget =>
    caller === 'visitor'
      ? { roomId: visitor.room.id, messageId: byVisitor.id }
      : { roomId: group.id, messageId: byAccount.id };

  const PLACEHOLDER = '{"_placeholder":true,"num":0}';

  it(
    'every client event refuses hostile payloads with a non-internal error and goes on serving',
    async () => {
      const callers: CallerName[] = ['account', 'admin', 'visitor'];
      const sockets = new Map<CallerName, RawSocket>();
      for (const caller of callers) {
        const socket = await RawSocket.connect(t.url, tokenOf(caller));
        rawSockets.push(socket);
        sockets.set(caller, socket);
      }
      const events = [...Object.keys(clientRequests), ...Object.keys(clientSignals)];
      for (const event of events) {
        const row = socketMatrix[event as keyof typeof socketMatrix];
        const signal = event in clientSignals;
        const payloadCase = fc.constantFrom(...callers).chain((caller) => {
          const base = row.payload(targetOf(caller), w);
          return fc.record({
            caller: fc.constant(caller),
            payload: fc.oneof({ weight: 3, arbitrary: mutated(base) }, hostileJson),
            // A binary event: the payload, or one of its fields, is an attachment (JS bytes, as the
            // parser gives them to the handler, where a schema expects a string or an object).
            binary: fc.oneof(
              { weight: 5, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: mutated(base).map(() => PLACEHOLDER) },
              {
                weight: 1,
                arbitrary: fc
                  .constantFrom(...Object.keys(base as object))
                  .map((k) =>
                    JSON.stringify({ ...(base as object), [k]: '\u0001' }).replace(
                      '"\\u0001"',
                      PLACEHOLDER,
                    ),
                  ),
              },
            ),
          });
        });
        await fc.assert(
          fc.asyncProperty(payloadCase, async ({ caller, payload, binary }) => {
            const socket = sockets.get(caller)!;
            const logged = recorder.errors.length;
            const what = `${event} as ${caller}: ${(binary ?? payload).slice(0, 200)}`;
            const attachments = binary ? [Buffer.from([0, 0xff, 0xd8, 0x00])] : [];
            if (signal) {
              if (binary) socket.send(`451-[${JSON.stringify(event)},${binary}]`);
              if (binary) socket.send(attachments[0]!);
              else socket.emit(event, payload);
              // Handled in order: once this is answered, the signal was handled (or dropped).
              const ack = await socket.request('presence:get', '{"userIds":[]}');
              expect(recorder.errors.slice(logged), what).toEqual([]);
              expectAckRefusedOrServed(ack, what);
              return;
            }
            const ack = await socket.request(event, binary ?? payload, attachments);
            // The server's own account of a failure first: it names the line that threw.
            expect(recorder.errors.slice(logged), what).toEqual([]);
            expectAckRefusedOrServed(ack, what);
          }),
          {
            numRuns: SOCKET_RUNS,
            examples: DEEP_VALUES.map((payload): [SocketCase] => [
              { caller: 'account', payload, binary: undefined },
            ]),
          },
        );
        for (const [caller, socket] of sockets)
          expect(socket.isOpen, `${caller} after ${event}`).toBe(true);
        await watch.expectAnswering(event);
        expect(recorder.errors, event).toEqual([]);
      }
      await watch.expectServing('every event');
      expect(recorder.errors).toEqual([]);
    },
    LOOP_TIMEOUT_MS,
  );
});
