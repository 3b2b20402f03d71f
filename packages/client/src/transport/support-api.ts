import type { agentsResponseSchema } from '@natter/protocol';
import type {
  CannedResponse,
  CannedResponseBody,
  Conversation,
  ConversationStatus,
  ConversationsQuery,
  CreateSiteBody,
  Note,
  Site,
  UpdateSiteBody,
} from '@natter/protocol';
import type { z } from 'zod';
import type { HttpClient } from './http-client.js';
import type { RestClientOptions } from './rest-api.js';
import { standaloneHttpClient } from './rest-api.js';

export type Agent = z.infer<typeof agentsResponseSchema>['agents'][number];

/** What the signed-in user may do in the support chat: manage sites (admin), serve some (agent). */
export interface SupportAccess {
  isAdmin: boolean;
  /** The admin: every site; an agent: the sites they serve; anyone else: none. */
  sites: Site[];
}

/** The support chat's REST endpoints (docs/widget.md): sites and agents, the inbox, notes. */
export interface SupportApi {
  access(): Promise<SupportAccess>;
  listSites(): Promise<Site[]>;
  getSite(siteId: string): Promise<Site>;
  createSite(body: CreateSiteBody): Promise<Site>;
  updateSite(siteId: string, body: UpdateSiteBody): Promise<Site>;
  listAgents(siteId: string): Promise<Agent[]>;
  addAgent(siteId: string, userId: string): Promise<Agent[]>;
  removeAgent(siteId: string, userId: string): Promise<void>;
  listCannedResponses(siteId: string): Promise<CannedResponse[]>;
  createCannedResponse(siteId: string, body: CannedResponseBody): Promise<CannedResponse>;
  deleteCannedResponse(siteId: string, responseId: string): Promise<void>;
  /** One page of the inbox; pass `nextCursor` back as `cursor` for the next. */
  listConversations(
    query: ConversationsQuery,
  ): Promise<{ conversations: Conversation[]; nextCursor?: string | undefined }>;
  getConversation(roomId: string): Promise<Conversation>;
  claim(roomId: string): Promise<Conversation>;
  assign(roomId: string, userId: string): Promise<Conversation>;
  setStatus(roomId: string, status: ConversationStatus): Promise<Conversation>;
  listNotes(roomId: string): Promise<Note[]>;
  addNote(roomId: string, content: string): Promise<Note>;
}

export function createSupportApi(http: HttpClient): SupportApi {
  const seg = encodeURIComponent;
  const site = (id: string) => `/api/sites/${seg(id)}`;
  const conversation = (roomId: string) => `/api/support/conversations/${seg(roomId)}`;
  const listSites = async () =>
    (await http.request('GET', '/api/sites', { schema: (s) => s.sitesResponseSchema })).sites;
  return {
    async access() {
      const [me, sites] = await Promise.all([
        http.request('GET', '/api/me', { schema: (s) => s.meResponseSchema }),
        listSites(),
      ]);
      return { isAdmin: me.isAdmin === true, sites };
    },
    listSites,
    getSite: async (id) =>
      (await http.request('GET', site(id), { schema: (s) => s.siteResponseSchema })).site,
    createSite: async (body) =>
      (await http.request('POST', '/api/sites', { body, schema: (s) => s.siteResponseSchema }))
        .site,
    updateSite: async (id, body) =>
      (await http.request('PATCH', site(id), { body, schema: (s) => s.siteResponseSchema })).site,
    listAgents: async (id) =>
      (await http.request('GET', `${site(id)}/agents`, { schema: (s) => s.agentsResponseSchema }))
        .agents,
    addAgent: async (id, userId) =>
      (
        await http.request('POST', `${site(id)}/agents`, {
          body: { userId },
          schema: (s) => s.agentsResponseSchema,
        })
      ).agents,
    removeAgent: (id, userId) => http.request('DELETE', `${site(id)}/agents/${seg(userId)}`),
    listCannedResponses: async (id) =>
      (
        await http.request('GET', `${site(id)}/canned-responses`, {
          schema: (s) => s.cannedResponsesResponseSchema,
        })
      ).cannedResponses,
    createCannedResponse: async (id, body) =>
      (
        await http.request('POST', `${site(id)}/canned-responses`, {
          body,
          schema: (s) => s.cannedResponseResponseSchema,
        })
      ).cannedResponse,
    deleteCannedResponse: (id, responseId) =>
      http.request('DELETE', `${site(id)}/canned-responses/${seg(responseId)}`),
    listConversations: (query) =>
      http.request('GET', '/api/support/conversations', {
        query: {
          status: query.status,
          assignee: query.assignee,
          siteId: query.siteId,
          limit: query.limit === undefined ? undefined : String(query.limit),
          cursor: query.cursor,
        },
        schema: (s) => s.conversationsResponseSchema,
      }),
    getConversation: async (roomId) =>
      (
        await http.request('GET', conversation(roomId), {
          schema: (s) => s.conversationResponseSchema,
        })
      ).conversation,
    claim: async (roomId) =>
      (
        await http.request('POST', `${conversation(roomId)}/claim`, {
          schema: (s) => s.conversationResponseSchema,
        })
      ).conversation,
    assign: async (roomId, userId) =>
      (
        await http.request('POST', `${conversation(roomId)}/assign`, {
          body: { userId },
          schema: (s) => s.conversationResponseSchema,
        })
      ).conversation,
    setStatus: async (roomId, status) =>
      (
        await http.request('PUT', `${conversation(roomId)}/status`, {
          body: { status },
          schema: (s) => s.conversationResponseSchema,
        })
      ).conversation,
    listNotes: async (roomId) =>
      (
        await http.request('GET', `${conversation(roomId)}/notes`, {
          schema: (s) => s.notesResponseSchema,
        })
      ).notes,
    addNote: async (roomId, content) =>
      (
        await http.request('POST', `${conversation(roomId)}/notes`, {
          body: { content },
          schema: (s) => s.noteResponseSchema,
        })
      ).note,
  };
}

/** The support API on its own, in cookie mode without a token (the web app), or with one. */
export function createSupportClient(options: RestClientOptions): SupportApi {
  return createSupportApi(standaloneHttpClient(options));
}
