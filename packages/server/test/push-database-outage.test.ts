import type { PushPayload } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectRoom, ok, registerUser, sendText } from './helpers/clients.js';
import { useNodeBehindDatabaseProxy } from './helpers/postgres-faults.js';
import { startPushService, subscribeDevice, testPushConfig } from './helpers/push-helpers.js';
import type { PushService } from './helpers/push-service.js';
import { testDriver } from './helpers/test-server.js';

/**
 * A push pass reads who should hear of new messages from the database. When the database is
 * down at that moment (restarting, unreachable), the messages were stored and acked already:
 * their pushes must wait for it, not be lost. The node reaches its own scratch database through a
 * proxy, so only the server-postgres project runs it.
 */
describe.skipIf(testDriver !== 'postgres')('a push pass while PostgreSQL is unreachable', () => {
  let service: PushService;
  beforeAll(async () => {
    service = await startPushService();
  });
  afterAll(() => service?.close());
  // Passes run only when the test flushes them; the retry after a failure runs by itself.
  const world = useNodeBehindDatabaseProxy('natter_push_outage', () => ({
    push: { ...testPushConfig(service), passDelayMs: 600_000 },
  }));

  it('is tried again once the database is back, and the push goes out once', async () => {
    const { proxy, node, alice, aliceSocket } = world;
    // Carol is away (no socket shows the chat), so she is pushed to.
    const carol = await registerUser(node.url, 'carol');
    const room = await createDirectRoom(node.url, alice.token, carol.user.id);
    const carolDevice = await subscribeDevice(node.url, carol.token, service);
    const message = ok(await sendText(aliceSocket, room.id, 'stored before the outage')).message;

    proxy.cut();
    await node.server.pushes.flush();
    expect(service.requestsTo(carolDevice)).toHaveLength(0);

    proxy.heal();
    await service.waitFor(() => service.deliveriesTo(carolDevice).length === 1, 'the push');
    expect((service.deliveriesTo(carolDevice)[0]?.payload as PushPayload).messageId).toBe(
      message.id,
    );
    // Nothing is left to push twice.
    await node.server.pushes.flush();
    expect(service.requestsTo(carolDevice)).toHaveLength(1);
  });
});
