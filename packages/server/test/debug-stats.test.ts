import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createDirectRoom, ok, registerUser, sendText } from './helpers/clients.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

const route = '/api/debug/commit-timings';
const loopLagRoute = '/api/debug/event-loop-lag';

describe('group commit timings (DEBUG_STATS)', () => {
  let quiet: TestServer;
  let debugging: TestServer;
  beforeAll(async () => {
    [quiet, debugging] = await Promise.all([
      startTestServer(),
      startTestServer({ debugStats: true }),
    ]);
  });
  afterAll(() => Promise.all([quiet.close(), debugging.close()]));

  it('are not served by default: how busy a node is is nobody else’s business', async () => {
    expect((await fetch(quiet.url + route)).status).toBe(404);
    expect((await fetch(quiet.url + loopLagRoute)).status).toBe(404);
  });

  it('with DEBUG_STATS=on sample how late the event loop runs: a busy loop shows', async () => {
    const read = async () => (await (await fetch(debugging.url + loopLagRoute)).json()) as LoopLag;
    // Samples later than 10 ms (the buckets past the first bound of 10 ms or more).
    const lateSamples = ({ boundsMs, lagMs }: LoopLag) =>
      sum(lagMs.slice(boundsMs.findIndex((bound) => bound >= 10) + 1));
    const before = await read();
    // The test server shares this process's loop: 30 ms of work here delays its next sample.
    const busyUntil = performance.now() + 30;
    while (performance.now() < busyUntil);
    await expect.poll(async () => lateSamples(await read())).toBeGreaterThan(lateSamples(before));
  });

  it('with DEBUG_STATS=on count each stored send once, with its wait and its statement', async () => {
    const read = async () => (await (await fetch(debugging.url + route)).json()) as Counts;
    const before = await read();
    const alice = await registerUser(debugging.url, 'alice');
    const bob = await registerUser(debugging.url, 'bob');
    const room = await createDirectRoom(debugging.url, alice.token, bob.user.id);
    const socket = await connect(debugging.url, alice.token);
    for (const text of ['one', 'two', 'three']) ok(await sendText(socket, room.id, text));
    socket.close();
    const after = await read();
    expect(after.messages - before.messages).toBe(3);
    expect(after.batches - before.batches).toBeGreaterThanOrEqual(1);
    expect(sum(after.waitMs) - sum(before.waitMs)).toBe(3);
    expect(sum(after.statementMs) - sum(before.statementMs)).toBe(after.batches - before.batches);
  });
});

interface LoopLag {
  boundsMs: number[];
  lagMs: number[];
}

interface Counts {
  batches: number;
  messages: number;
  waitMs: number[];
  statementMs: number[];
}

const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
