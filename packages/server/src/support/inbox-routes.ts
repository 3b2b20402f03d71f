import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import {
  assignBodySchema,
  conversationParamsSchema,
  conversationStatusBodySchema,
  conversationsQuerySchema,
  noteBodySchema,
} from '@natter/protocol';
import { parseInput } from '../errors.js';
import { sessionOf } from '../http/authenticate.js';
import type { ConversationService } from './conversation-service.js';

const INBOX_PAGE_DEFAULT = 50;

/**
 * `/api/support/conversations`: the agents' inbox. Every command is bounded to the sites the
 * caller is an agent of (the repository joins `site_agents`); visitors are refused at the door.
 */
export function registerInboxRoutes(
  app: FastifyInstance,
  deps: { conversations: ConversationService; authenticate: preHandlerAsyncHookHandler },
): void {
  const { conversations } = deps;
  const opts = { preHandler: deps.authenticate };
  const actor = (request: FastifyRequest) => sessionOf(request).userId;
  const roomOf = (request: FastifyRequest) =>
    parseInput(conversationParamsSchema, request.params).roomId;

  app.get('/api/support/conversations', opts, async (request) => {
    const query = parseInput(conversationsQuerySchema, request.query);
    return conversations.list(actor(request), {
      ...query,
      limit: query.limit ?? INBOX_PAGE_DEFAULT,
    });
  });

  /** The conversation with its visitor's details (name, email, page, browser, verified). */
  app.get('/api/support/conversations/:roomId', opts, async (request) => ({
    conversation: await conversations.get(actor(request), roomOf(request)),
  }));

  app.post('/api/support/conversations/:roomId/claim', opts, async (request) => ({
    conversation: await conversations.assign(actor(request), roomOf(request), actor(request)),
  }));

  app.post('/api/support/conversations/:roomId/assign', opts, async (request) => {
    const { userId } = parseInput(assignBodySchema, request.body);
    return { conversation: await conversations.assign(actor(request), roomOf(request), userId) };
  });

  /** Resolve (`resolved`), reopen (`open`), or wait for the visitor (`pending`). */
  app.put('/api/support/conversations/:roomId/status', opts, async (request) => {
    const { status } = parseInput(conversationStatusBodySchema, request.body);
    return { conversation: await conversations.setStatus(actor(request), roomOf(request), status) };
  });

  /** Private notes: the site's agents only (docs/widget.md). */
  app.get('/api/support/conversations/:roomId/notes', opts, async (request) => ({
    notes: await conversations.notes(actor(request), roomOf(request)),
  }));

  app.post('/api/support/conversations/:roomId/notes', opts, async (request, reply) => {
    const { content } = parseInput(noteBodySchema, request.body);
    const note = await conversations.addNote(actor(request), roomOf(request), content);
    return reply.status(201).send({ note });
  });
}
