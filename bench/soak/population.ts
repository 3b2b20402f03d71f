import { randomBytes } from 'node:crypto';
import type { WidgetSessionResponse } from '@natter/protocol';
import { createSupportClient, register } from '../../packages/client/src/index.js';
import { Actor } from './actor.js';
import type { SoakLedger } from './actor.js';

/** The page the soak's widget visitors come from: the site's allowed origin. */
const SITE_ORIGIN = 'https://shop.example';

/**
 * The soak's people, made through the API as real ones are: `users` accounts (the first is the
 * instance's admin and, with the second, an agent of one support site), each in one direct room
 * and one group of four; and `visitors` widget visitors, each in their support conversation with
 * the agents. Alternate actors use WebSocket only or the SDK's default (long-polling first).
 */
export async function populate(
  baseUrl: string,
  users: number,
  visitors: number,
  ledger: SoakLedger,
): Promise<Actor[]> {
  const run = randomBytes(3).toString('hex');
  const people: Actor[] = [];
  for (let i = 0; i < users; i++) {
    const { user, token } = await register({
      baseUrl,
      username: `soak_${run}_${i}`,
      password: 'correct horse battery staple',
      displayName: `Soak ${i}`,
    });
    const kind = i < 2 ? 'agent' : 'user';
    people.push(new Actor(`user${i}`, kind, user.id, token, baseUrl, [], ledger, i % 2 === 0));
  }
  for (let i = 0; i + 1 < people.length; i += 2) {
    const [a, b] = [people[i]!, people[i + 1]!];
    const room = await a.client.rooms.openDirect(b.userId);
    a.rooms.push(room.id);
    b.rooms.push(room.id);
  }
  for (let i = 0; i + 3 < people.length; i += 4) {
    const members = people.slice(i, i + 4);
    const room = await members[0]!.client.rooms.createGroup(
      `Group ${i / 4}`,
      members.slice(1).map((m) => m.userId),
    );
    for (const member of members) member.rooms.push(room.id);
  }

  const [admin, second] = people;
  if (admin && visitors > 0) {
    const support = createSupportClient({ baseUrl, token: admin.token });
    const site = await support.createSite({ name: 'Shop', allowedOrigins: [SITE_ORIGIN] });
    if (second) await support.addAgent(site.id, second.userId);
    for (let i = 0; i < visitors; i++) {
      const session = await startWidgetSession(baseUrl, site.key);
      people.push(
        new Actor(
          `visitor${i}`,
          'visitor',
          session.visitor.id,
          session.token,
          baseUrl,
          [session.room.id],
          ledger,
          false,
        ),
      );
    }
  }
  // Agents learn of every support room through `room:new` before or after they connect: the
  // conversations that exist already are in their room list.
  await Promise.all(people.map((person) => person.start()));
  for (const agent of people.filter((p) => p.kind === 'agent')) {
    for (const room of Object.values(agent.client.getState().rooms)) {
      if (room.type === 'support' && !agent.rooms.includes(room.id)) agent.rooms.push(room.id);
    }
  }
  return people;
}

/** `POST /api/widget/session` as the widget on the site's page calls it. */
async function startWidgetSession(baseUrl: string, siteKey: string) {
  const response = await fetch(`${baseUrl}/api/widget/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SITE_ORIGIN },
    body: JSON.stringify({ siteKey }),
  });
  if (response.status !== 200) {
    throw new Error(`widget session: ${response.status} ${await response.text()}`);
  }
  return (await response.json()) as WidgetSessionResponse;
}
