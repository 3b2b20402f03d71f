import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  registerUser,
  sendText,
} from '../../server/test/helpers/clients.js';
import type { ClientSocket } from '../../server/test/helpers/clients.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { SEARCH_MATCH_END, SEARCH_MATCH_START } from '@natter/protocol';
import type { Message } from '@natter/protocol';
import { selectTimeline, selectWindow } from '../src/index.js';
import { clientPool, failure, waitForState } from './helpers/sdk.js';

let t: TestServer;
const clients = clientPool();
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  clients.closeAll();
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => t.close());

const PAGE = 20;

/** Alice and Bob in a direct room where Alice sent `count` messages `text(i)`, in order. */
async function roomWith(count: number, text: (i: number) => string) {
  const alice = await registerUser(t.url, 'alice');
  const bob = await registerUser(t.url, 'bob');
  const room = await createDirectRoom(t.url, alice.token, bob.user.id);
  const socket = await connect(t.url, alice.token);
  sockets.push(socket);
  const sent: Message[] = [];
  for (let i = 0; i < count; i++) {
    const ack = await sendText(socket, room.id, text(i));
    if (!ack.ok) throw new Error(`send ${i} failed`);
    sent.push(ack.message);
  }
  return { alice, bob, room, socket, sent };
}

describe('client.search, against a real server', () => {
  it('finds a message by a prefix of its word, the match between the documented delimiters', async () => {
    const { bob } = await roomWith(3, (i) => ['lunch plans', 'quarterly budget review', 'ok'][i]!);
    const client = await clients.connect(t.url, bob.token);
    const page = await client.search({ q: 'budg' });
    expect(page.results.map((r) => r.message.content)).toEqual(['quarterly budget review']);
    expect(page.results[0]?.highlight).toContain(`${SEARCH_MATCH_START}budget${SEARCH_MATCH_END}`);
    expect(page.nextCursor).toBeNull();
  });

  it('cancels a search when its signal fires: it rejects with aborted', async () => {
    const { bob } = await roomWith(1, () => 'anything');
    const client = await clients.connect(t.url, bob.token);
    const controller = new AbortController();
    const pending = failure(client.search({ q: 'anything' }, { signal: controller.signal }));
    controller.abort();
    expect((await pending)?.code).toBe('aborted');
  });

  it('reports a bad query as bad_request naming the field', async () => {
    const { bob } = await roomWith(0, () => '');
    const client = await clients.connect(t.url, bob.token);
    const refused = await failure(client.search({ q: '' }));
    expect(refused?.code).toBe('bad_request');
    expect(refused?.message).toMatch(/q/);
  });
});

describe('client.history windows, against a real server', () => {
  const label = (i: number) => `history ${String(i).padStart(3, '0')}`;

  it('opens a room at a message far back, reads forward and joins the live tail without losing live messages', async () => {
    const count = PAGE * 4;
    const { bob, room, socket, sent } = await roomWith(count, label);
    const client = await clients.connect(t.url, bob.token, { historyPageSize: PAGE });
    await client.history.loadOlder(room.id);
    const target = sent[10]!;

    await client.history.openAt(room.id, target.id);
    const window = selectWindow(client.getState(), room.id) ?? [];
    expect(window.map((m) => m.id)).toContain(target.id);
    expect(window.at(-1)?.seq).toBeLessThan(count - PAGE);
    expect(client.history.hasNewer(room.id)).toBe(true);

    // A live message while the window shows: it goes to the live tail, not after the window.
    const live = await sendText(socket, room.id, 'live while detached');
    if (!live.ok) throw new Error('live send failed');
    await waitForState(client, (s) =>
      selectTimeline(s, room.id).some((m) => m.id === live.message.id),
    );
    expect(selectWindow(client.getState(), room.id)?.some((m) => m.id === live.message.id)).toBe(
      false,
    );

    let more = true;
    for (let step = 0; more && step < 10; step++)
      more = (await client.history.loadNewer(room.id)).hasMore;
    expect(more).toBe(false);
    expect(selectWindow(client.getState(), room.id)).toBeUndefined();
    const joined = selectTimeline(client.getState(), room.id);
    const seqs = joined.map((m) => m.seq);
    // Contiguous from the window's first message to the live one, each once.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (seqs[0] ?? 0) + i));
    expect(joined.at(-1)?.id).toBe(live.message.id);
    expect(joined.some((m) => m.id === target.id)).toBe(true);
  });

  it('pages back from a window, and "jump to latest" returns to the live tail', async () => {
    const { bob, room, sent } = await roomWith(PAGE * 3, label);
    const client = await clients.connect(t.url, bob.token, { historyPageSize: PAGE });
    await client.history.openAt(room.id, sent[PAGE]!.id);
    const first = selectWindow(client.getState(), room.id)?.[0]?.seq ?? 0;
    await client.history.loadOlder(room.id);
    expect(selectWindow(client.getState(), room.id)?.[0]?.seq).toBeLessThan(first);

    client.history.jumpToLatest(room.id);
    expect(selectWindow(client.getState(), room.id)).toBeUndefined();
    expect(client.history.hasNewer(room.id)).toBe(false);
  });

  it('refuses to open a room at a message of a room the user is not in', async () => {
    const { room, sent } = await roomWith(1, label);
    const eve = await registerUser(t.url, 'eve');
    const client = await clients.connect(t.url, eve.token);
    const refused = await failure(client.history.openAt(room.id, sent[0]!.id));
    expect(['forbidden', 'not_found']).toContain(refused?.code);
    expect(selectWindow(client.getState(), room.id)).toBeUndefined();
  });
});
