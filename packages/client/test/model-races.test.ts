import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGroupRoom, registerUser } from '../../server/test/helpers/clients.js';
import type { TestUser } from '../../server/test/helpers/clients.js';
import { expectRoomInvariants } from '../../server/test/helpers/room-invariants.js';
import type { TcpProxy } from '../../server/test/helpers/tcp-proxy.js';
import { selectTimeline } from '../src/index.js';
import type { NatterClient } from '../src/index.js';
import { useIntegrationServer } from './helpers/integration.js';
import { loadAllHistory, storeTypingBarrier, until, waitForState } from './helpers/sdk.js';
import { view } from './helpers/view.js';

/**
 * Issue #16's "apply events to a stale state equals a fresh fetch", model-based: fast-check picks
 * a random run of sends, edits, deletes, reads, history loads and dropped connections by two SDK
 * clients in one group room, none awaited before the next (they race each other, the resends
 * after a drop, and the syncs after a reconnect). When everything has settled, each client's state
 * must equal what a fresh client of the same user loads, and the server's room must hold every
 * send once with gapless seqs. A failure prints the commands and a seed that replays them.
 */
const { t, clients, openProxy } = useIntegrationServer();

/** One SDK client of the run, behind a proxy that can cut its connection. */
interface Actor {
  user: TestUser;
  client: NatterClient;
  proxy: TcpProxy;
  /** A connection was cut while up, and the client has not seen it drop yet. */
  cutUnnoticed: boolean;
}

interface Run {
  roomId: string;
  actors: readonly Actor[];
  /** Every clientId sent, acked or not. */
  sent: string[];
  /** Edits, deletes and loads in flight: awaited (settled, not asserted) before the checks. */
  pending: Promise<unknown>[];
}

/** The fast-check model: nothing to predict, every command is valid in any state. */
type Model = object;

/**
 * One of the actor's own messages, not deleted, picked by `pick`; resolves with its id once the
 * server has confirmed it (a user edits what shows as sent). Undefined when it has none.
 */
function ownMessage(run: Run, actor: Actor, pick: number): Promise<string> | undefined {
  const own = selectTimeline(actor.client.getState(), run.roomId).filter(
    (m) => m.senderId === actor.user.user.id && m.deletedAt === undefined,
  );
  const target = own[pick % Math.max(own.length, 1)];
  if (!target) return undefined;
  const { clientId } = target;
  return waitForState(
    actor.client,
    (s) => selectTimeline(s, run.roomId).some((m) => m.clientId === clientId && m.id),
    'the message confirmed',
    15_000,
  ).then((s) => selectTimeline(s, run.roomId).find((m) => m.clientId === clientId)?.id as string);
}

const settled = (run: Run, promise: Promise<unknown>) => {
  run.pending.push(promise.catch(() => undefined));
};

class Send implements fc.AsyncCommand<Model, Run> {
  constructor(
    readonly who: number,
    readonly text: string,
  ) {}
  check = () => true;
  async run(_: Model, run: Run) {
    const actor = run.actors[this.who] as Actor;
    run.sent.push(actor.client.send(run.roomId, this.text));
  }
  toString = () => `send(${this.who}, ${JSON.stringify(this.text)})`;
}

/** Edits (with `text`) or deletes one of the actor's own messages, once it is confirmed. */
class ChangeOwnMessage implements fc.AsyncCommand<Model, Run> {
  constructor(
    readonly who: number,
    readonly pick: number,
    readonly text?: string,
  ) {}
  check = () => true;
  async run(_: Model, run: Run) {
    const actor = run.actors[this.who] as Actor;
    const { text } = this;
    const change = (id: string): Promise<unknown> =>
      text === undefined ? actor.client.deleteMessage(id) : actor.client.editMessage(id, text);
    const target = ownMessage(run, actor, this.pick);
    if (target) settled(run, target.then(change));
  }
  toString = () =>
    this.text === undefined
      ? `delete(${this.who}, #${this.pick})`
      : `edit(${this.who}, #${this.pick}, ${JSON.stringify(this.text)})`;
}

class MarkRead implements fc.AsyncCommand<Model, Run> {
  constructor(readonly who: number) {}
  check = () => true;
  async run(_: Model, run: Run) {
    const actor = run.actors[this.who] as Actor;
    const last = selectTimeline(actor.client.getState(), run.roomId).findLast((m) => m.id);
    if (last?.id) actor.client.markRead(run.roomId, last.id);
  }
  toString = () => `markRead(${this.who})`;
}

class LoadOlder implements fc.AsyncCommand<Model, Run> {
  constructor(readonly who: number) {}
  check = () => true;
  async run(_: Model, run: Run) {
    settled(run, (run.actors[this.who] as Actor).client.history.loadOlder(run.roomId));
  }
  toString = () => `loadOlder(${this.who})`;
}

/** The connection cut under whatever is in flight: the client reconnects, syncs and resends. */
class Drop implements fc.AsyncCommand<Model, Run> {
  constructor(readonly who: number) {}
  check = () => true;
  async run(_: Model, run: Run) {
    const actor = run.actors[this.who] as Actor;
    if (actor.client.socket.connected) actor.cutUnnoticed = true;
    actor.proxy.dropAll();
  }
  toString = () => `drop(${this.who})`;
}

/** Gives the commands before it time to reach the server: interleavings a burst would not reach. */
class Pause implements fc.AsyncCommand<Model, Run> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run() {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
  }
  toString = () => `pause(${this.ms})`;
}

const who = fc.integer({ min: 0, max: 1 });
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const commands = fc.commands(
  [
    fc.tuple(who, text).map(([w, s]) => new Send(w, s)),
    fc.tuple(who, text).map(([w, s]) => new Send(w, s)),
    fc.tuple(who, fc.nat(), text).map(([w, p, s]) => new ChangeOwnMessage(w, p, s)),
    fc.tuple(who, fc.nat()).map(([w, p]) => new ChangeOwnMessage(w, p)),
    who.map((w) => new MarkRead(w)),
    who.map((w) => new LoadOlder(w)),
    who.map((w) => new Drop(w)),
    fc.integer({ min: 1, max: 40 }).map((ms) => new Pause(ms)),
  ],
  { maxCommands: 30 },
);

async function startRun(): Promise<Run> {
  const users = [await registerUser(t.url, 'ma'), await registerUser(t.url, 'mb')];
  const [alice, bob] = users as [TestUser, TestUser];
  const room = await createGroupRoom(t.url, alice.token, [bob.user.id], 'races');
  const actors = await Promise.all(
    users.map(async (user) => {
      const proxy = await openProxy();
      const actor = { user, proxy, client: await clients.connect(proxy.url, user.token) };
      const watched = { ...actor, cutUnnoticed: false };
      actor.client.socket.on('disconnect', () => {
        watched.cutUnnoticed = false;
      });
      return watched;
    }),
  );
  return { roomId: room.id, actors, sent: [], pending: [] };
}

/** Waits until every actor is connected, has nothing left to send, and has applied every event. */
async function settle(run: Run) {
  await Promise.all(run.pending);
  for (const actor of run.actors) {
    // A cut the client has not noticed yet would leave it `ready` on a dead connection.
    await until(() => !actor.cutUnnoticed, 'every cut noticed');
    await waitForState(
      actor.client,
      (s) => s.connection.status === 'ready' && s.outbox[run.roomId] === undefined,
      'connected with an empty outbox',
      15_000,
    );
  }
  const [a, b] = run.actors as [Actor, Actor];
  await storeTypingBarrier(a.client.socket, run.roomId, b.client);
  await storeTypingBarrier(b.client.socket, run.roomId, a.client);
}

/** What a client of the same user that starts from nothing shows, every page loaded. */
async function freshView(user: TestUser) {
  const fresh = await clients.connect(t.url, user.token);
  for (const roomId of Object.keys(fresh.getState().rooms)) await loadAllHistory(fresh, roomId);
  return view(fresh.getState());
}

describe('random races between two SDK clients and the server', () => {
  it(
    'end with every client equal to a fresh load, every send stored once, seqs gapless',
    // Fifteen runs of up to thirty commands, each with its users, room and clients: a guard against
    // a hang, set for a busy machine.
    { timeout: 240_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          const run = await startRun();
          try {
            await fc.asyncModelRun(() => ({ model: {}, real: run }), cmds);
            await settle(run);
            for (const actor of run.actors) {
              const fresh = await freshView(actor.user);
              // Receipts reach a sender in gathered batches, a moment after the mark is stored.
              await expect
                .poll(() => view(actor.client.getState()), {
                  message: `${actor.user.user.username}'s state`,
                  timeout: 5_000,
                })
                .toEqual(fresh);
            }
            await expectRoomInvariants({
              url: t.url,
              token: run.actors[0]?.user.token ?? '',
              roomId: run.roomId,
              acked: [],
              sentClientIds: run.sent,
              views: [],
            });
          } finally {
            clients.closeAll();
          }
        }),
        { numRuns: 15 },
      );
    },
  );
});
