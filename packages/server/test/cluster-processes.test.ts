import type { Message } from '@natter/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupRoom, http, registerUser } from './helpers/clients.js';
import { clusterCanRun } from './helpers/cluster.js';
import { eventually } from './helpers/message-helpers.js';
import type { NodeProcess, ProcessCluster } from './helpers/node-processes.js';
import { startProcessCluster } from './helpers/node-processes.js';
import { RoamingClient } from './helpers/roaming-client.js';
import { expectRoomInvariants } from './helpers/room-invariants.js';
import { lockRoom } from './helpers/row-locks.js';

const CLIENTS = 6;

/**
 * Clients spread over the nodes, each sending into one group room without pause, one send at a
 * time, every send retried with its clientId until acked (through reconnects): what the SDK's
 * outbox does.
 */
async function startTraffic(cluster: ProcessCluster, liveUrls: () => readonly string[]) {
  const first = cluster.nodes[0] as NodeProcess;
  const users = [];
  for (let i = 0; i < CLIENTS; i++) users.push(await registerUser(first.url, `p${i}`));
  const [owner, ...others] = users;
  if (!owner) throw new Error('no users');
  const room = await createGroupRoom(
    first.url,
    owner.token,
    others.map((u) => u.user.id),
  );
  const clients = users.map(
    (user, i) =>
      new RoamingClient(
        `p${i}`,
        user.token,
        room.id,
        liveUrls,
        (cluster.nodes[i % cluster.nodes.length] as NodeProcess).url,
      ),
  );
  await Promise.all(clients.map((client) => client.ready()));

  const acked = clients.map(() => new Map<string, Message>());
  const sentIds = clients.map(() => [] as string[]);
  let stopping = false;
  let failure: unknown;
  const loops = clients.map(async (client, i) => {
    try {
      for (let n = 0; !stopping; n++) {
        const clientId = `${client.name}-${n}-${room.id.slice(0, 8)}`;
        sentIds[i]?.push(clientId);
        acked[i]?.set(clientId, await client.sendUntilAcked(`${client.name} #${n}`, clientId));
      }
    } catch (error) {
      failure ??= error;
    }
  });
  const ackedCount = (i: number) => acked[i]?.size ?? 0;
  return {
    room,
    /** A member's token, for a fresh load of the room. */
    memberToken: owner.token,
    clients,
    acked,
    sentIds,
    ackedCount,
    totalAcked: () => acked.reduce((sum, map) => sum + map.size, 0),
    /** Stops after each client's send in flight is acked; throws what made a client give up. */
    async stop() {
      stopping = true;
      await Promise.all(loops);
      if (failure) throw failure;
    },
    /** Stops at once: closes the clients, abandoning their sends in flight. */
    close() {
      stopping = true;
      for (const client of clients) client.close();
    },
  };
}

type Traffic = Awaited<ReturnType<typeof startTraffic>>;

/** What must hold after any node death: the room's invariants, each client synced first. */
async function expectNothingLost(traffic: Traffic, url: string) {
  await Promise.all(traffic.clients.map((client) => client.sync()));
  await expectRoomInvariants({
    url,
    token: traffic.memberToken,
    roomId: traffic.room.id,
    acked: traffic.acked.flatMap((map) => [...map.values()]),
    sentClientIds: traffic.sentIds.flat(),
    views: traffic.clients.map((client) => ({
      name: client.name,
      messages: client.messages.values(),
    })),
  });
}

describe.skipIf(!clusterCanRun)('node processes dying and draining', () => {
  let cluster: ProcessCluster | undefined;
  let traffic: Traffic | undefined;
  afterEach(async () => {
    traffic?.close();
    traffic = undefined;
    await cluster?.close();
    cluster = undefined;
  });

  /** Runs `run`, adding every node's output to its failure. */
  async function withOutput(run: () => Promise<void>) {
    try {
      await run();
    } catch (error) {
      const logs = (cluster?.nodes ?? []).map(
        (n, i) => `--- node ${i}\n${n.output().slice(-4000)}`,
      );
      throw new Error(`${String(error)}\n${logs.join('\n')}`, { cause: error });
    }
  }

  it('SIGKILL mid-traffic: its clients reconnect elsewhere, sync, and miss nothing acked', async () => {
    cluster = await startProcessCluster({ nodes: 3 });
    const [a, victim, c] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    let live = [a.url, victim.url, c.url];
    traffic = await startTraffic(cluster, () => live);
    const t = traffic;
    await withOutput(async () => {
      await eventually(async () => t.totalAcked() >= 60, { timeoutMs: 15_000 });
      live = [a.url, c.url];
      expect(await victim.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      const atKill = t.clients.map((_, i) => t.ackedCount(i));
      // Every client goes on sending, those of the dead node from another one.
      await eventually(async () => atKill.every((n, i) => t.ackedCount(i) >= n + 10), {
        timeoutMs: 15_000,
      });
      await t.stop();
      for (let i = 1; i < CLIENTS; i += 3) {
        expect(t.clients[i]?.disconnects).toEqual(['transport close']);
      }
      await expectNothingLost(t, a.url);
    });
  });

  it('SIGTERM mid-traffic: not ready, sends in flight acked, exit 0, clients move on', async () => {
    cluster = await startProcessCluster({ nodes: 3 });
    const [a, b, leaving] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    let live = [a.url, b.url, leaving.url];
    traffic = await startTraffic(cluster, () => live);
    const t = traffic;
    await withOutput(async () => {
      await eventually(async () => t.totalAcked() >= 60, { timeoutMs: 15_000 });
      // Sends held in their append by the room's row lock: one batch per node waits on it, so
      // the leaving node has sends in flight when it is told to go.
      const lock = await lockRoom(cluster?.databaseUrl ?? '', t.room.id);
      let exited;
      const atTerm = t.clients.map((_, i) => t.ackedCount(i));
      try {
        await eventually(async () => (await lock.waiters()) >= 3, { timeoutMs: 10_000 });
        live = [a.url, b.url];
        exited = leaving.kill('SIGTERM');
        await eventually(async () => (await http(leaving.url, 'GET', '/readyz')).status === 503);
        expect((await http(a.url, 'GET', '/readyz')).status).toBe(200);
      } finally {
        await lock.release();
      }
      expect(await exited).toEqual({ code: 0, signal: null });
      await eventually(async () => atTerm.every((n, i) => t.ackedCount(i) >= n + 10), {
        timeoutMs: 15_000,
      });
      await t.stop();
      // Sent away by a transport close, which socket.io-client answers by reconnecting.
      for (let i = 2; i < CLIENTS; i += 3) {
        expect(t.clients[i]?.disconnects).toEqual(['transport close']);
      }
      await expectNothingLost(t, a.url);
    });
  });

  it('SIGTERM on a node stuck in a send: it still exits, with status 1, once the bound is up', async () => {
    cluster = await startProcessCluster({ nodes: 1, env: { SHUTDOWN_TIMEOUT_SECONDS: '1' } });
    const node = cluster.nodes[0] as NodeProcess;
    traffic = await startTraffic(cluster, () => [node.url]);
    const lock = await lockRoom(cluster.databaseUrl, traffic.room.id);
    try {
      await eventually(async () => (await lock.waiters()) > 0);
      expect(await node.kill('SIGTERM')).toEqual({ code: 1, signal: null });
      expect(node.output()).toContain('shutdown did not finish in time');
    } finally {
      await lock.release();
    }
  });
});
