import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushPayloadSchema } from '@natter/protocol';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClientSocket } from './helpers/clients.js';
import { connect, createDirectRoom, http, ok, registerUser, sendText } from './helpers/clients.js';
import type { NodeProcess } from './helpers/node-processes.js';
import { startNodeProcess } from './helpers/node-processes.js';
import { startPushService, subscribeDevice } from './helpers/push-helpers.js';
import type { PushService } from './helpers/push-service.js';
import { testDriver } from './helpers/test-server.js';

/**
 * The built server as an operator runs it: a process that trusts the push service's certificate
 * only because NODE_EXTRA_CA_CERTS says so, with PUSH_ENDPOINT_ORIGINS naming that service.
 * (Run `npx tsc -b packages/server` first when running this file alone.)
 */
let service: PushService;
let dataDir: string;
let node: NodeProcess | undefined;
let socket: ClientSocket | undefined;

const start = () =>
  startNodeProcess({
    DATA_DIR: dataDir,
    ...(testDriver === 'postgres' ? { DATABASE_URL: inject('databaseUrl') } : {}),
    NODE_EXTRA_CA_CERTS: inject('pushCertificate').certPath,
    PUSH_ENDPOINT_ORIGINS: service.origin,
    VAPID_SUBJECT: 'mailto:ops@natter.example',
    RATE_LIMITS: 'off',
  });

const vapidKeyOf = async (url: string, token: string) =>
  (await http<{ publicKey: string }>(url, 'GET', '/api/push/vapid-public-key', { token })).body
    .publicKey;

beforeAll(async () => {
  service = await startPushService();
  dataDir = await mkdtemp(join(tmpdir(), 'natter-push-'));
});

afterAll(async () => {
  socket?.close();
  await node?.stop();
  await service?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Web Push from a real server process', () => {
  it('delivers a VAPID-signed, encrypted push to an offline member; the key pair outlives a restart', async () => {
    node = await start();
    const [alice, bob] = await Promise.all([
      registerUser(node.url, 'al'),
      registerUser(node.url, 'bo'),
    ]);
    const room = await createDirectRoom(node.url, alice.token, bob.user.id);
    const bobDevice = await subscribeDevice(node.url, bob.token, service);
    socket = await connect(node.url, alice.token);
    const message = ok(await sendText(socket, room.id, 'from the process')).message;

    await service.waitFor(() => service.deliveriesTo(bobDevice).length === 1, 'the push');
    const [delivery] = service.deliveriesTo(bobDevice);
    expect(pushPayloadSchema.parse(delivery?.payload)).toMatchObject({
      roomId: room.id,
      messageId: message.id,
      senderName: alice.user.displayName,
      body: 'from the process',
    });
    const publicKey = await vapidKeyOf(node.url, bob.token);
    expect(delivery?.vapid).toMatchObject({ publicKey, sub: 'mailto:ops@natter.example' });
    expect(service.rejections).toEqual([]);

    // Made once and kept (in DATA_DIR's embedded database, or in PostgreSQL): browsers'
    // subscriptions are bound to it.
    socket.close();
    await node.stop();
    node = await start();
    expect(await vapidKeyOf(node.url, bob.token)).toBe(publicKey);
  }, 90_000);
});
