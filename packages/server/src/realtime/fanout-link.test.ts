import { EventEmitter } from 'node:events';
import type { RedisClientType } from 'redis';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import { watchFanoutLink } from './fanout-link.js';
import type { NatterServer } from './socket-types.js';

const SYNC_NEEDED = ['sync:needed', { reason: 'fanout_interrupted', withinMs: 1_000 }];

/** A link over stand-ins: connections are event emitters, `io` records who it tells what. */
function setup() {
  const namespace = Object.assign(new EventEmitter(), { sockets: new Map() });
  const io = {
    serverSideEmit: vi.fn(),
    local: { emit: vi.fn() },
    of: () => namespace,
  };
  const client = new EventEmitter();
  const link = watchFanoutLink(
    io as unknown as NatterServer,
    client as unknown as RedisClientType,
    createLogger('silent'),
  );
  const connection = () => new EventEmitter() as unknown as RedisClientType;
  /** Another node's `serverSideEmit` arriving here. */
  const fromOtherNode = () => namespace.emit('fanout:interrupted');
  return { io, client, link, connection, fromOtherNode };
}

describe('the fan-out link through Redis', () => {
  it('owes a failed send to the other nodes and tells them once the connection is back', async () => {
    const { io, client, link } = setup();
    await expect(link.sent(Promise.reject(new Error('down')), 0)).resolves.toBe(0);
    expect(io.serverSideEmit).not.toHaveBeenCalled();

    client.emit('ready');
    expect(io.serverSideEmit.mock.calls).toEqual([['fanout:interrupted']]);
    client.emit('ready');
    expect(io.serverSideEmit).toHaveBeenCalledTimes(1);
    // This node's own sockets had its events directly.
    expect(io.local.emit).not.toHaveBeenCalled();
  });

  it("tells this node's sockets when another node's sends had failed", () => {
    const { io, fromOtherNode } = setup();
    fromOtherNode();
    expect(io.local.emit.mock.calls).toEqual([SYNC_NEEDED]);
  });

  it('pays the debt on the first send that works, if it comes before the ready', async () => {
    const { io, link } = setup();
    await link.sent(Promise.reject(new Error('down')), 0);
    await link.sent(Promise.resolve(1), 0);
    await link.sent(Promise.resolve(1), 0);
    expect(io.serverSideEmit).toHaveBeenCalledTimes(1);
  });

  it('tells nobody when no send failed', async () => {
    const { io, client, link } = setup();
    await link.sent(Promise.resolve(1), 0);
    client.emit('ready');
    expect(io.serverSideEmit).not.toHaveBeenCalled();
  });

  it("tells this node's sockets when a receiving connection is back after an outage, not at its first ready", () => {
    const { io, link, connection } = setup();
    const subscriber = link.receiving(connection());
    subscriber.emit('ready');
    expect(io.local.emit).not.toHaveBeenCalled();

    subscriber.emit('error', new Error('gone'));
    subscriber.emit('error', new Error('still gone'));
    subscriber.emit('ready');
    expect(io.local.emit.mock.calls).toEqual([SYNC_NEEDED]);
    expect(io.serverSideEmit).not.toHaveBeenCalled();
  });

  it('says nothing more once closed', async () => {
    const { io, client, link, connection, fromOtherNode } = setup();
    const subscriber = link.receiving(connection());
    await link.sent(Promise.reject(new Error('down')), 0);
    subscriber.emit('error', new Error('gone'));
    link.close();
    client.emit('ready');
    subscriber.emit('ready');
    fromOtherNode();
    expect(io.serverSideEmit).not.toHaveBeenCalled();
    expect(io.local.emit).not.toHaveBeenCalled();
  });
});
