import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createDirectRoom,
  ok,
  registerUser,
  sendText,
  nextEvent,
} from './helpers/clients.js';
import type { TestServer } from './helpers/test-server.js';
import { startTestServer } from './helpers/test-server.js';

describe('smoke', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('two users exchange a message', async () => {
    const alice = await registerUser(t.url, 'alice');
    const bob = await registerUser(t.url, 'bob');
    const room = await createDirectRoom(t.url, alice.token, bob.user.id);
    const a = await connect(t.url, alice.token);
    const b = await connect(t.url, bob.token);
    const arrival = nextEvent(b, 'message:new');
    const ack = ok(await sendText(a, room.id, 'hello'));
    expect(ack.message.seq).toBe(1);
    expect((await arrival).id).toBe(ack.message.id);
    a.close();
    b.close();
  });
});
