import { LIMITS } from '@natter/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser } from './helpers/clients.js';
import type { TestUser } from './helpers/clients.js';
import { deepArray, hostileJson } from './helpers/hostile-input.js';
import { RawSocket } from './helpers/raw-socket.js';
import { errorRecorder, witnesses } from './helpers/still-serving.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

/**
 * Issue #16, hostile input below the events: Engine.IO and Socket.IO frames no real client
 * sends, written by hand on a bare WebSocket (helpers/raw-socket.ts) and on HTTP long-polling.
 * The server may close the connection that sent one (and only that one); it never crashes,
 * never answers 5xx, and every other connection goes on sending and receiving.
 */

const LOAD = '["messages:load",{"roomId":"00000000-0000-4000-8000-000000000000"}]';
const PLACEHOLDER = (num: unknown) => `{"_placeholder":true,"num":${JSON.stringify(num)}}`;
const OVERSIZE = `42["message:send","${'x'.repeat(LIMITS.socketFrameBytesMax + 16)}"]`;

/**
 * A frame, or frames sent back to back: text, bytes (an attachment), or bytes in a text frame
 * (which WebSocket requires to be UTF-8).
 */
type Frames = (string | Buffer | { textBytes: Buffer })[];

/** WebSocket close codes sent in a close frame; 1006 (the connection dropped without one) is not. */
const CLEAN_CLOSES = [1000, 1005, 1007, 1009];

const MALFORMED: Record<string, Frames> = {
  'an empty frame': [''],
  garbage: ['hello'],
  'a NUL': ['\u0000'],
  'an unknown Engine.IO type': ['9'],
  'an Engine.IO open from the client': ['0{"sid":"x"}'],
  'an Engine.IO upgrade mid-connection': ['5'],
  'a message without a Socket.IO type': ['4'],
  'an unknown Socket.IO type': ['49'],
  'a Socket.IO type that is a letter': ['4x["messages:load"]'],
  'a truncated event': ['42["message:send",'],
  'a truncated event with an ack id': ['421'],
  'invalid JSON after the type': ['42{'],
  'a trailing comma': ['42["messages:load",]'],
  'garbage after the JSON': ['42["messages:load"]garbage'],
  'an object for the arguments': ['42{"event":"messages:load"}'],
  'no arguments': ['42[]'],
  'a number as the event name': ['42[42,{}]'],
  'null as the event name': ['42[null]'],
  'an array as the event name': ['42[["messages:load"],{}]'],
  'an object as the event name': ['42[{"toString":1}]'],
  'an event nested 100,000 deep': [`42["messages:load",${deepArray(100_000)}]`],
  'an ack for an id the server never sent': ['43999[{"ok":true}]'],
  'an ack without an id': ['43[1]'],
  'a connect error from the client': ['44{"message":"x"}'],
  'a second connect to the namespace': ['40{}'],
  'a namespace that does not exist': ['40/nope,{}'],
  'an event to a namespace it never joined': [`42/nope,${LOAD}`],
  'a namespace without its comma': ['40/nope'],
  'a packet id past 2^53': [`429007199254740993${LOAD}`],
  'a packet id of 30 digits': [`42${'9'.repeat(30)}${LOAD}`],
  'a negative packet id': [`42-1${LOAD}`],
  'a binary event without its attachment': [`451-["messages:load",${PLACEHOLDER(0)}]`, `42${LOAD}`],
  'a binary event announcing no attachment': [`450-["messages:load",${PLACEHOLDER(0)}]`],
  'a binary event with a negative count': [`45-1-["messages:load",${PLACEHOLDER(0)}]`],
  'a binary event with a huge attachment count': [
    `45${'9'.repeat(20)}-["messages:load",${PLACEHOLDER(0)}]`,
    Buffer.from([1]),
  ],
  'a binary event with a count that is not a number': ['45x-["messages:load"]', Buffer.from([1])],
  'a placeholder past the attachments': [
    `451-["messages:load",${PLACEHOLDER(5)}]`,
    Buffer.from([1]),
  ],
  'a placeholder with a negative index': [
    `451-["messages:load",${PLACEHOLDER(-1)}]`,
    Buffer.from([1]),
  ],
  'a placeholder with a string index': [
    `451-["messages:load",${PLACEHOLDER('__proto__')}]`,
    Buffer.from([1]),
  ],
  'a binary ack nobody asked for': ['461-7[{"_placeholder":true,"num":0}]', Buffer.from([1])],
  'an attachment with no packet before it': [Buffer.from([0xde, 0xad])],
  'a frame over maxHttpBufferSize': [OVERSIZE],
  'a text frame that is not UTF-8': [{ textBytes: Buffer.from([0x34, 0x32, 0xff, 0xfe]) }],
};

/**
 * Random frames: a Socket.IO type and a hostile JSON body, or any text at all. Never one that
 * starts `41`: that is the client leaving the namespace, which the server rightly honours
 * (leaving the connection open for a new join), so the probe after it would go unanswered. The
 * bare type `4` followed by an id or a number makes one too (`4` + `1…`), hence a filter over
 * every branch rather than a list of types.
 */
const randomFrames: fc.Arbitrary<Frames> = fc
  .oneof(
    fc
      .tuple(fc.constantFrom('40', '42', '43', '44', '45', '46', '4'), fc.nat(99), hostileJson)
      .map(([type, id, json]) => `${type}${id % 3 === 0 ? id : ''}${json}`),
    fc.tuple(fc.constantFrom('42', '421'), hostileJson).map(([type, json]) => `${type}[${json}]`),
    fc.string({ unit: 'binary', maxLength: 40 }),
  )
  .filter((frame) => !frame.startsWith('41'))
  .map((frame) => [frame]);

describe('malformed Engine.IO and Socket.IO packets (#16)', () => {
  let t: TestServer;
  let user: TestUser;
  let watch: Awaited<ReturnType<typeof witnesses>>;
  const opened: RawSocket[] = [];
  /** What the server logs as failures: nothing, whatever it is sent. */
  const recorder = errorRecorder();

  beforeAll(async () => {
    t = await startTestServer({}, recorder.log);
    user = await registerUser(t.url, 'raw');
    watch = await witnesses(t);
  });
  afterAll(async () => {
    for (const socket of opened) socket.close();
    watch?.close();
    await t?.close();
  });

  /** Others are served, and nothing failed inside the server meanwhile. */
  const stillServing = async (after: string) => {
    await watch.expectServing(after);
    expect(recorder.errors, after).toEqual([]);
  };

  const rawSocket = async () => {
    const socket = await RawSocket.connect(t.url, user.token);
    opened.push(socket);
    return socket;
  };

  /**
   * Sends the frames, then asks a question on the same connection: it is answered (the frames
   * were ignored or refused), or the connection is closed (the frames broke it). Never both
   * unanswered and open.
   */
  const sendAndProbe = async (frames: Frames) => {
    const socket = await rawSocket();
    for (const frame of frames) {
      if (typeof frame === 'object' && 'textBytes' in frame)
        socket.ws.send(frame.textBytes, { binary: false });
      else socket.send(frame);
    }
    const answer = await socket
      .request('presence:get', '{"userIds":[]}')
      .catch((error: unknown) => error as Error);
    if (answer instanceof Error) {
      expect(answer.message).toBe('connection closed');
      // With a close frame: 1005 (none with a status), 1007 (not UTF-8), 1009 (too big).
      expect(CLEAN_CLOSES).toContain((await socket.closed).code);
      return 'closed';
    }
    expect(answer).toMatchObject({ ok: true });
    socket.close();
    return 'answered';
  };

  it.each(Object.entries(MALFORMED))(
    '%s: refused or ignored; others keep being served',
    async (_name, frames) => {
      await sendAndProbe(frames);
      await stillServing(_name);
    },
  );

  it('random frames: each refused or ignored, and others keep being served', async () => {
    await fc.assert(
      fc.asyncProperty(randomFrames, async (frames) => {
        await sendAndProbe(frames);
      }),
      { numRuns: 40 },
    );
    await stillServing('random frames');
  });
  describe('HTTP long-polling', () => {
    const POLL = '/socket.io/?EIO=4&transport=polling';
    const RS = '\x1e';

    const poll = async (query: string, init: RequestInit = {}) => {
      const res = await fetch(`${t.url}${POLL}${query}`, init);
      return { status: res.status, text: await res.text() };
    };

    /** A polling session joined to the main namespace with the user's token; its sid. */
    const openPolling = async () => {
      const open = await poll('');
      expect(open.status).toBe(200);
      const { sid } = JSON.parse(open.text.slice(1)) as { sid: string };
      const join = await poll(`&sid=${sid}`, {
        method: 'POST',
        body: `40${JSON.stringify({ token: user.token })}`,
      });
      expect(join).toEqual({ status: 200, text: 'ok' });
      expect((await poll(`&sid=${sid}`)).text).toMatch(/^40\{"sid":/);
      return sid;
    };

    /** The session answers a question, or is gone (400, or told to close); never a 5xx. */
    const answersOrIsGone = async (sid: string) => {
      const ask = await poll(`&sid=${sid}`, {
        method: 'POST',
        body: '421["presence:get",{"userIds":[]}]',
      });
      expect([200, 400]).toContain(ask.status);
      if (ask.status === 400) return 'gone';
      // The answer may come after other packets (a namespace's refusal), over several polls.
      for (;;) {
        const read = await poll(`&sid=${sid}`);
        expect([200, 400]).toContain(read.status);
        const records = read.text.split(RS);
        if (read.status === 400 || records.includes('1')) return 'gone';
        const answer = records.find((r) => r.startsWith('431['));
        if (answer === undefined) continue;
        expect(answer).toMatch(/^431\[\{"ok":true/);
        break;
      }
      return 'answered';
    };

    const bodies: Record<string, string | Uint8Array<ArrayBuffer>> = {
      garbage: 'hello',
      'an empty body': '',
      'only separators': RS.repeat(3),
      'a truncated record among good ones': `42["messages:load",{}]${RS}42[${RS}3`,
      'an unknown Engine.IO type': '9',
      'a bad base64 attachment': 'b!!!!',
      'an attachment with no packet before it': 'bAAAA',
      'a binary event without its attachment': `451-["messages:load",${PLACEHOLDER(0)}]${RS}42${LOAD}`,
      'a namespace that does not exist': `40/nope,{}${RS}42/nope,${LOAD}`,
      'bytes that are not UTF-8': new Uint8Array([0x34, 0x32, 0xff, 0xfe]),
      'a body over maxHttpBufferSize': `42["message:send","${'x'.repeat(LIMITS.socketFrameBytesMax + 16)}"]`,
    };

    it.each(Object.entries(bodies))(
      'a POST of %s: < 500; the session answers or is closed; others keep being served',
      async (name, body) => {
        const sid = await openPolling();
        const res = await poll(`&sid=${sid}`, { method: 'POST', body });
        expect([200, 400, 413]).toContain(res.status);
        await answersOrIsGone(sid);
        await stillServing(name);
      },
    );

    it.each([
      { name: 'an unknown sid', query: '&sid=nope' },
      { name: 'a sid of 10,000 characters', query: `&sid=${'a'.repeat(10_000)}` },
      { name: 'Engine.IO version 3', query: '', path: '/socket.io/?EIO=3&transport=polling' },
      { name: 'no Engine.IO version', query: '', path: '/socket.io/?transport=polling' },
      { name: 'an unknown transport', query: '', path: '/socket.io/?EIO=4&transport=nope' },
      { name: 'a percent-encoding that does not decode', query: '&sid=%ED%A0%80' },
    ])('a request with $name → 400, and others keep being served', async (c) => {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${t.url}${c.path ?? POLL}${c.query}`, {
          method,
          body: method === 'POST' ? '42[]' : undefined,
        });
        await res.text();
        expect(res.status, method).toBe(400);
      }
      await stillServing(c.name);
    });

    it('two GETs at once on one session: the session is closed, nothing answers 5xx', async () => {
      const sid = await openPolling();
      const [first, second] = await Promise.all([poll(`&sid=${sid}`), poll(`&sid=${sid}`)]);
      expect([first.status, second.status].sort()).toEqual([200, 400]);
      expect(await answersOrIsGone(sid)).toBe('gone');
      await stillServing('overlapping GETs');
    });
  });
});
