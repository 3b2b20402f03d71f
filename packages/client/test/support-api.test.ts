import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventAction } from '../src/index.js';
import { NatterError, createSupportClient } from '../src/index.js';
import { registerUser } from '../../server/test/helpers/clients.js';
import {
  SITE_ORIGIN,
  registerAdmin,
  startTalkingVisitor,
  startVisitor,
} from '../../server/test/helpers/support-helpers.js';
import type { TestServer } from '../../server/test/helpers/test-server.js';
import { startTestServer } from '../../server/test/helpers/test-server.js';
import { clientPool, until } from './helpers/sdk.js';

let t: TestServer;
const clients = clientPool();

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

describe('the support API and onEvent', () => {
  it('lets the admin set up a site, and an agent work a conversation told by onEvent', async () => {
    const admin = await registerAdmin(t);
    const agent = await registerUser(t.url, 'agent');
    const asAdmin = createSupportClient({ baseUrl: t.url, token: admin.token });
    const asAgent = createSupportClient({ baseUrl: t.url, token: agent.token });

    expect((await asAdmin.access()).isAdmin).toBe(true);
    const site = await asAdmin.createSite({ name: 'Shop', allowedOrigins: [SITE_ORIGIN] });
    // autoAssign stays off: the conversation below must wait, unassigned, for the agent's claim.
    const updated = await asAdmin.updateSite(site.id, { greeting: 'Hello!' });
    expect(updated).toMatchObject({ greeting: 'Hello!', autoAssign: false });
    // The admin who made the site is its first agent; the agent joins them.
    const agents = await asAdmin.addAgent(site.id, agent.user.id);
    expect(agents.map((a) => a.id).sort()).toEqual([admin.user.id, agent.user.id].sort());
    expect((await asAgent.access()).sites.map((s) => s.id)).toEqual([site.id]);

    const sdk = await clients.connect(t.url, agent.token);
    const events: ServerEventAction[] = [];
    const stop = sdk.onEvent((event) => events.push(event));
    const visitor = await startTalkingVisitor(t, site, 'Is anyone there?');
    const roomId = visitor.room.id;
    const page = await asAgent.listConversations({ status: 'open', assignee: 'unassigned' });
    expect(page.conversations.map((c) => c.roomId)).toContain(roomId);

    const claimed = await asAgent.claim(roomId);
    expect(claimed.assigneeId).toBe(agent.user.id);
    await until(
      () => events.some((e) => e.type === 'conversation:updated' && e.payload.roomId === roomId),
      'conversation:updated through onEvent',
    );
    const note = await asAgent.addNote(roomId, 'Called them back');
    expect(await asAgent.listNotes(roomId)).toEqual([note]);
    expect((await asAgent.setStatus(roomId, 'resolved')).status).toBe('resolved');

    // An unsubscribed listener hears nothing more; one still subscribed is the witness.
    stop();
    const before = events.length;
    const witnessed: ServerEventAction[] = [];
    const stopWitness = sdk.onEvent((event) => witnessed.push(event));
    await asAgent.setStatus(roomId, 'open');
    await until(
      () => witnessed.some((e) => e.type === 'conversation:updated' && e.payload.status === 'open'),
      'the reopen reaches the witness',
    );
    stopWitness();
    expect(events.length).toBe(before);
  });

  it('connects a widget visitor without asking for the presence it may not ask for', async () => {
    const admin = await registerAdmin(t);
    const site = await createSupportClient({ baseUrl: t.url, token: admin.token }).createSite({
      name: 'Shop',
      allowedOrigins: [SITE_ORIGIN],
    });
    const visitor = await startVisitor(t, site);
    const errors: NatterError[] = [];
    const sdk = await clients.connect(t.url, visitor.token, { onError: (e) => errors.push(e) });
    // The same refusal, asked after the connect: it takes the path a presence:get of the connect
    // would have taken, so that one (found by the soak, #16, on every visitor's reconnect) has
    // been answered and reported by the time this one is.
    await expect(sdk.request('presence:get', { userIds: [admin.user.id] })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
  });

  it('answers refusals as NatterErrors: a non-admin creating a site, a bad body', async () => {
    const stranger = await registerUser(t.url, 'stranger');
    const api = createSupportClient({ baseUrl: t.url, token: stranger.token });
    expect(await api.access()).toEqual({ isAdmin: false, sites: [] });
    const refused = await api
      .createSite({ name: 'Mine', allowedOrigins: [SITE_ORIGIN] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NatterError);
    expect((refused as NatterError).code).toBe('forbidden');

    const admin = await registerAdmin(t);
    const bad = await createSupportClient({ baseUrl: t.url, token: admin.token })
      .createSite({ name: 'Bad', allowedOrigins: ['not an origin'] })
      .catch((e: unknown) => e);
    expect((bad as NatterError).code).toBe('bad_request');
    expect((bad as NatterError).message).toContain('origin');
  });
});
