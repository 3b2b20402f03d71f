import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { newClientId, nextEvent, ok, recordEvents, sendText } from './helpers/clients.js';
import { codeOf, eventually } from './helpers/message-helpers.js';
import { useNodeBehindDatabaseProxy } from './helpers/postgres-faults.js';
import { testDriver } from './helpers/test-server.js';

/**
 * A send whose statement committed while its answer was lost with the connection to PostgreSQL:
 * the sender is told `unavailable` and resends, and the members still see the message live, once.
 * The node reaches its own scratch database through a proxy that holds PostgreSQL's answers and
 * then cuts the connections, so only the server-postgres project runs it.
 */
describe.skipIf(testDriver !== 'postgres')('a send whose commit outcome was lost', () => {
  const world = useNodeBehindDatabaseProxy('natter_unsettled');

  it('is published once the database answers again, and its resend adds nothing', async () => {
    const { scratch, proxy, roomId, aliceSocket, bobSocket } = world;
    const clientId = newClientId();
    const seenByBob = recordEvents(bobSocket, 'message:new');
    const published = nextEvent(bobSocket, 'message:new', (m) => m.clientId === clientId, 15_000);

    // PostgreSQL runs the statement and commits; its answer is held here, then the line is cut.
    proxy.freeze('down');
    const answer = sendText(aliceSocket, roomId, 'committed, answer lost', clientId);
    await eventually(async () => (await storedIds(scratch.url, clientId)).length === 1);
    proxy.dropAll();
    proxy.thaw();
    expect(codeOf(await answer)).toBe('unavailable');

    const message = await published;
    const [storedId] = await storedIds(scratch.url, clientId);
    expect(message.id).toBe(storedId);

    // The client resends, as told: the stored message is its ack, and nothing is published again.
    const resent = ok(await sendText(aliceSocket, roomId, 'committed, answer lost', clientId));
    expect(resent.message.id).toBe(storedId);
    const barrier = ok(await sendText(aliceSocket, roomId, 'after'));
    await eventually(async () => seenByBob.seen.some((m) => m.id === barrier.message.id));
    expect(seenByBob.seen.filter((m) => m.clientId === clientId)).toHaveLength(1);
  });
});

/** The ids of the rows stored for a clientId, read beside the node, not through its proxy. */
async function storedIds(databaseUrl: string, clientId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM messages WHERE client_id = $1',
      [clientId],
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}
