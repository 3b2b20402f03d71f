import type { ClientEvent, Message, Room, Site, WidgetSessionResponse } from '@natter/protocol';
import type { TestUser } from './clients.js';

/**
 * The authorization matrix of issue #16: who may call every HTTP route the server registers and
 * every client event of the protocol's tables, and how everyone else is refused. The generated
 * checks (authorization-coverage.test.ts) read it; its completeness check fails for a route or
 * event without a row, and for a row naming one that no longer exists.
 */

/** Who may call a route, and so which callers must be refused and how. */
export type Access =
  /** No session: probes, sign-up and sign-in, the widget's door. Nothing to refuse. */
  | 'public'
  /** No session: a signed URL (or upload token) in the request is the whole permission. */
  | 'capability'
  /** Any session (visitors only where `visitors` allows): acts on the caller's own data. */
  | 'signed-in'
  /** A member of the room named in the request: anyone else, removed members too, `nonMember`. */
  | 'room-member'
  /** An owner or admin of the group named: non-members 404, plain members 403. */
  | 'room-admin'
  /** An agent of the site (or support conversation) named, or the admin: anyone else 404. */
  | 'site-agent'
  /** The instance admin only: anyone else 403. */
  | 'server-admin'
  /** A website visitor's session only (its own details): accounts 403. */
  | 'visitor-only';

/** Everything a request of the matrix may name: set up once by the test file. */
export interface AuthzWorld {
  /** The group's owner (a room admin), a plain member, a former member, and a stranger to it. */
  owner: TestUser;
  member: TestUser;
  removed: TestUser;
  outsider: TestUser;
  group: Room;
  byOwner: Message;
  admin: TestUser;
  siteA: Site;
  siteB: Site;
  /** An agent of site A only, and one of site B only. */
  agentA: TestUser;
  agentB: TestUser;
  visitorA: WidgetSessionResponse;
  visitorB: WidgetSessionResponse;
  byVisitorA: Message;
  cannedA: string;
  webhookId: string;
}

export interface HttpCall {
  path: string;
  body?: unknown;
}

export interface HttpRow {
  access: Access;
  /** Whether a website visitor's session passes the door (`config.visitors` of the route). */
  visitors: 'allowed' | 'refused';
  /** A well-formed request (so a refusal is not a validation error); `roomId` for room rows. */
  call?: (w: AuthzWorld, roomId: string) => HttpCall;
  /** What a non-member of the room gets (room rows): 404 unless the route says otherwise. */
  nonMember?: 403 | 404;
  /** Why the row is what it is, where that is not obvious. */
  note?: string;
}

const ID = '00000000-0000-4000-8000-000000000000';

/** Every HTTP route, as `METHOD /path` the way Fastify registers it (HEAD follows its GET). */
export const httpMatrix: Record<string, HttpRow> = {
  'GET /healthz': { access: 'public', visitors: 'allowed' },
  'GET /readyz': { access: 'public', visitors: 'allowed' },
  'GET /api/debug/commit-timings': {
    access: 'public',
    visitors: 'allowed',
    note: 'only with DEBUG_STATS=on, an operator option; timings, no user data',
  },
  'GET /api/debug/event-loop-lag': {
    access: 'public',
    visitors: 'allowed',
    note: 'as commit-timings',
  },
  'POST /api/auth/register': { access: 'public', visitors: 'allowed' },
  'POST /api/auth/login': { access: 'public', visitors: 'allowed' },
  'OPTIONS /api/widget/session': { access: 'public', visitors: 'allowed' },
  'POST /api/widget/session': {
    access: 'public',
    visitors: 'allowed',
    note: "the site's key and allowed origins are checked (support-visitors.test.ts)",
  },
  'POST /api/widget/link-session': {
    access: 'public',
    visitors: 'allowed',
    note: "the emailed link's secret is the credential (support-reply-emails.test.ts)",
  },

  'GET /api/files/:id': {
    access: 'capability',
    visitors: 'allowed',
    call: () => ({ path: `/api/files/${ID}` }),
  },
  'GET /api/files/:id/thumbnail': {
    access: 'capability',
    visitors: 'allowed',
    call: () => ({ path: `/api/files/${ID}/thumbnail` }),
  },
  'GET /api/link-preview-images/:key': {
    access: 'capability',
    visitors: 'allowed',
    call: () => ({ path: `/api/link-preview-images/${'a'.repeat(64)}` }),
  },
  'PUT /api/uploads/:id/content': {
    access: 'capability',
    visitors: 'allowed',
    call: () => ({ path: `/api/uploads/${ID}/content`, body: 'bytes' }),
  },

  'POST /api/auth/logout': {
    access: 'signed-in',
    visitors: 'allowed',
    call: () => ({ path: '/api/auth/logout' }),
  },
  'POST /api/auth/logout-all': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/auth/logout-all' }),
  },
  'GET /api/me': { access: 'signed-in', visitors: 'allowed', call: () => ({ path: '/api/me' }) },
  'PATCH /api/me': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/me', body: { displayName: 'Hijacked' } }),
  },
  'POST /api/me/avatar-upload': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({
      path: '/api/me/avatar-upload',
      body: { filename: 'a.png', mimeType: 'image/png', size: 10 },
    }),
  },
  'POST /api/me/password': {
    access: 'signed-in',
    visitors: 'refused',
    call: (w) => ({
      path: '/api/me/password',
      body: { currentPassword: w.member.password, newPassword: 'a new secret phrase' },
    }),
  },
  'GET /api/avatars/:id': {
    access: 'signed-in',
    visitors: 'allowed',
    call: (w) => ({ path: `/api/avatars/${w.owner.user.id}` }),
  },
  'GET /api/me/notifications': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/me/notifications' }),
  },
  'PUT /api/me/notifications': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/me/notifications', body: { missedMessageEmails: false } }),
  },
  'GET /api/me/privacy': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/me/privacy' }),
  },
  'PUT /api/me/privacy': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/me/privacy', body: { readReceipts: false } }),
  },
  'GET /api/users': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/users?query=o' }),
  },
  'GET /api/users/blocked': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/users/blocked' }),
  },
  'PUT /api/users/:id/block': {
    access: 'signed-in',
    visitors: 'refused',
    call: (w) => ({ path: `/api/users/${w.owner.user.id}/block` }),
  },
  'DELETE /api/users/:id/block': {
    access: 'signed-in',
    visitors: 'refused',
    call: (w) => ({ path: `/api/users/${w.owner.user.id}/block` }),
  },
  'GET /api/search': {
    access: 'signed-in',
    visitors: 'allowed',
    call: () => ({ path: '/api/search?q=owner' }),
    note: 'results are bounded to the caller’s rooms (search.test.ts)',
  },
  'GET /api/push/vapid-public-key': {
    access: 'signed-in',
    visitors: 'allowed',
    call: () => ({ path: '/api/push/vapid-public-key' }),
  },
  'POST /api/push/subscriptions': {
    access: 'signed-in',
    visitors: 'allowed',
    call: () => ({
      path: '/api/push/subscriptions',
      body: {
        endpoint: 'https://push.example/x',
        keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
      },
    }),
  },
  'DELETE /api/push/subscriptions': {
    access: 'signed-in',
    visitors: 'allowed',
    call: () => ({ path: '/api/push/subscriptions', body: { endpoint: 'https://push.example/x' } }),
  },
  'GET /api/rooms': {
    access: 'signed-in',
    visitors: 'allowed',
    call: () => ({ path: '/api/rooms' }),
  },
  'POST /api/rooms': {
    access: 'signed-in',
    visitors: 'refused',
    call: (w) => ({
      path: '/api/rooms',
      body: { type: 'group', name: 'Sneaky', participantIds: [w.owner.user.id] },
    }),
  },
  'GET /api/support/conversations': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/support/conversations' }),
    note: 'lists the caller’s sites’ conversations only (support-inbox.test.ts)',
  },
  'GET /api/sites': {
    access: 'signed-in',
    visitors: 'refused',
    call: () => ({ path: '/api/sites' }),
    note: 'the admin sees every site, an agent theirs, anyone else none (support-sites.test.ts)',
  },

  'GET /api/rooms/:id': {
    access: 'room-member',
    visitors: 'allowed',
    call: (_w, roomId) => ({ path: `/api/rooms/${roomId}` }),
  },
  'PUT /api/rooms/:id/mute': {
    access: 'room-member',
    visitors: 'allowed',
    nonMember: 403,
    call: (_w, roomId) => ({ path: `/api/rooms/${roomId}/mute`, body: { muted: true } }),
    note: 'forbidden whether or not the room exists: the answer tells nothing either way',
  },
  'POST /api/uploads': {
    access: 'room-member',
    visitors: 'allowed',
    call: (_w, roomId) => ({
      path: '/api/uploads',
      body: { roomId, filename: 'a.txt', mimeType: 'text/plain', size: 10 },
    }),
  },
  'POST /api/rooms/:id/members': {
    access: 'room-member',
    visitors: 'refused',
    call: (w, roomId) => ({
      path: `/api/rooms/${roomId}/members`,
      body: { userId: w.outsider.user.id },
    }),
    note: 'any member adds under the default policy; "admins" policy in moderation.test.ts',
  },
  'DELETE /api/rooms/:id/members/:userId': {
    access: 'room-admin',
    visitors: 'refused',
    call: (w, roomId) => ({ path: `/api/rooms/${roomId}/members/${w.owner.user.id}` }),
    note: 'removing another member; leaving (one’s own id) is any member’s',
  },
  'PATCH /api/rooms/:id': {
    access: 'room-admin',
    visitors: 'refused',
    call: (_w, roomId) => ({ path: `/api/rooms/${roomId}`, body: { name: 'Renamed' } }),
  },
  'PUT /api/rooms/:id/members/:userId': {
    access: 'room-admin',
    visitors: 'refused',
    call: (w, roomId) => ({
      path: `/api/rooms/${roomId}/members/${w.member.user.id}`,
      body: { role: 'admin' },
    }),
  },

  'GET /api/sites/:id': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({ path: `/api/sites/${w.siteA.id}` }),
  },
  'GET /api/sites/:id/agents': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({ path: `/api/sites/${w.siteA.id}/agents` }),
  },
  'GET /api/sites/:id/canned-responses': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({ path: `/api/sites/${w.siteA.id}/canned-responses` }),
  },
  'POST /api/sites/:id/canned-responses': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({
      path: `/api/sites/${w.siteA.id}/canned-responses`,
      body: { shortcut: 'sneaky', content: 'sneaky' },
    }),
  },
  'DELETE /api/sites/:id/canned-responses/:responseId': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({ path: `/api/sites/${w.siteA.id}/canned-responses/${w.cannedA}` }),
  },
  'GET /api/support/conversations/:roomId': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({ path: `/api/support/conversations/${w.visitorA.room.id}` }),
  },
  'POST /api/support/conversations/:roomId/claim': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({ path: `/api/support/conversations/${w.visitorA.room.id}/claim` }),
  },
  'POST /api/support/conversations/:roomId/assign': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({
      path: `/api/support/conversations/${w.visitorA.room.id}/assign`,
      body: { userId: w.agentA.user.id },
    }),
  },
  'PUT /api/support/conversations/:roomId/status': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({
      path: `/api/support/conversations/${w.visitorA.room.id}/status`,
      body: { status: 'resolved' },
    }),
  },
  'GET /api/support/conversations/:roomId/notes': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({ path: `/api/support/conversations/${w.visitorA.room.id}/notes` }),
  },
  'POST /api/support/conversations/:roomId/notes': {
    access: 'site-agent',
    visitors: 'refused',
    call: (w) => ({
      path: `/api/support/conversations/${w.visitorA.room.id}/notes`,
      body: { content: 'sneaky note' },
    }),
  },

  'POST /api/sites': {
    access: 'server-admin',
    visitors: 'refused',
    call: () => ({
      path: '/api/sites',
      body: { name: 'Sneaky', allowedOrigins: ['https://sneaky.example'] },
    }),
  },
  'PATCH /api/sites/:id': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/sites/${w.siteA.id}`, body: { name: 'Renamed' } }),
  },
  'POST /api/sites/:id/agents': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/sites/${w.siteA.id}/agents`, body: { userId: w.member.user.id } }),
  },
  'DELETE /api/sites/:id/agents/:userId': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/sites/${w.siteA.id}/agents/${w.agentA.user.id}` }),
  },
  'GET /api/webhooks': {
    access: 'server-admin',
    visitors: 'refused',
    call: () => ({ path: '/api/webhooks' }),
  },
  'POST /api/webhooks': {
    access: 'server-admin',
    visitors: 'refused',
    call: () => ({
      path: '/api/webhooks',
      body: { url: 'https://hooks.example/x', events: ['message.created'] },
    }),
  },
  'PATCH /api/webhooks/:id': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/webhooks/${w.webhookId}`, body: { enabled: false } }),
  },
  'DELETE /api/webhooks/:id': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/webhooks/${w.webhookId}` }),
  },
  'POST /api/webhooks/:id/secret': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/webhooks/${w.webhookId}/secret` }),
  },
  'POST /api/webhooks/:id/test': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/webhooks/${w.webhookId}/test` }),
  },
  'GET /api/webhooks/:id/deliveries': {
    access: 'server-admin',
    visitors: 'refused',
    call: (w) => ({ path: `/api/webhooks/${w.webhookId}/deliveries` }),
  },

  'PATCH /api/widget/visitor': {
    access: 'visitor-only',
    visitors: 'allowed',
    call: () => ({ path: '/api/widget/visitor', body: { name: 'Hijacked' } }),
  },
};

/** A room, and a message in it, that a socket event names. */
export interface SocketTarget {
  roomId: string;
  messageId: string;
}

export interface SocketRow {
  /**
   * `room`: bounded by membership of the room (or the message's room): non-members are refused
   * (`forbidden` in the ack; a signal is dropped). `people`: answers only about users who share
   * a room with the caller. `self`: the caller's own socket state, nothing to refuse.
   */
  scope: 'room' | 'people' | 'self';
  visitors: 'allowed' | 'refused';
  /**
   * `refused`: in a direct room, someone the other person blocks is refused it too (PROTOCOL.md,
   * "Blocking"); otherwise a block does not bound the event.
   */
  blocked?: 'refused';
  /** A well-formed payload naming the target. */
  payload: (target: SocketTarget, w: AuthzWorld) => unknown;
}

/** Every client event of the protocol (`clientRequests` and `clientSignals`). */
export const socketMatrix: Record<ClientEvent, SocketRow> = {
  'message:send': {
    scope: 'room',
    visitors: 'allowed',
    blocked: 'refused',
    payload: (t) => ({
      roomId: t.roomId,
      clientId: `authz${Math.random().toString(36).slice(2)}`,
      type: 'text',
      content: 'sneaky',
    }),
  },
  'message:edit': {
    scope: 'room',
    visitors: 'allowed',
    blocked: 'refused',
    payload: (t) => ({ messageId: t.messageId, content: 'hijacked' }),
  },
  'message:delete': {
    scope: 'room',
    visitors: 'allowed',
    payload: (t) => ({ messageId: t.messageId }),
  },
  'reaction:add': {
    scope: 'room',
    visitors: 'allowed',
    blocked: 'refused',
    payload: (t) => ({ messageId: t.messageId, emoji: '👍' }),
  },
  'reaction:remove': {
    scope: 'room',
    visitors: 'allowed',
    payload: (t) => ({ messageId: t.messageId, emoji: '👍' }),
  },
  'message:preview:remove': {
    scope: 'room',
    visitors: 'allowed',
    payload: (t) => ({ messageId: t.messageId }),
  },
  'messages:load': { scope: 'room', visitors: 'allowed', payload: (t) => ({ roomId: t.roomId }) },
  'messages:sync': {
    scope: 'room',
    visitors: 'allowed',
    payload: (t) => ({ rooms: [{ roomId: t.roomId, afterSeq: 0, changesSince: '0' }] }),
  },
  'messages:read': {
    scope: 'room',
    visitors: 'allowed',
    payload: (t) => ({ roomId: t.roomId, upToMessageId: t.messageId }),
  },
  'presence:get': {
    scope: 'people',
    visitors: 'refused',
    payload: (_t, w) => ({ userIds: [w.member.user.id] }),
  },
  'visibility:set': { scope: 'self', visitors: 'allowed', payload: () => ({ visible: true }) },
  'typing:start': { scope: 'room', visitors: 'allowed', payload: (t) => ({ roomId: t.roomId }) },
  'typing:stop': { scope: 'room', visitors: 'allowed', payload: (t) => ({ roomId: t.roomId }) },
};
