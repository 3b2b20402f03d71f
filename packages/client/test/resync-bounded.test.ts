import { describe, expect, it } from 'vitest';
import {
  createDirectRoom,
  newClientId,
  ok,
  registerUser,
  request,
} from '../../server/test/helpers/clients.js';
import { SYNC_MESSAGES_MAX } from '../../server/src/messages/sync-budget.js';
import { selectTimeline } from '../src/index.js';
import { useIntegrationServer } from './helpers/integration.js';

const { t, clients, rawSocket } = useIntegrationServer();

describe('resync against a server that caps each sync answer', () => {
  it(`catches up on more than ${SYNC_MESSAGES_MAX} missed messages across rooms, each exactly once`, async () => {
    const me = await registerUser(t.url, 'reader');
    const rooms = [];
    for (let i = 0; i < 11; i++) {
      const peer = await registerUser(t.url, 'peer');
      rooms.push({ peer, room: await createDirectRoom(t.url, me.token, peer.user.id) });
    }
    const client = await clients.connect(t.url, me.token);
    client.disconnect();

    // 11 × 100 messages while away: more than one answer carries.
    const PER_ROOM = 100;
    for (const { peer, room } of rooms) {
      const socket = await rawSocket(peer);
      for (let i = 0; i < PER_ROOM; i += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, j) =>
            request(socket, 'message:send', {
              roomId: room.id,
              clientId: newClientId(),
              type: 'text',
              content: `m ${i + j + 1}`,
            }).then(ok),
          ),
        );
      }
    }

    await client.connect();
    for (const { room } of rooms) {
      expect(selectTimeline(client.getState(), room.id).map((m) => m.seq)).toEqual(
        Array.from({ length: PER_ROOM }, (_, i) => i + 1),
      );
    }
  });
});
