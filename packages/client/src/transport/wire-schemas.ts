import { z } from 'zod';

/**
 * Every schema the SDK checks the server's answers and events with, in a module of its own that
 * `loadWireSchemas` imports on first use: an app bundling the SDK gets Zod and the schemas as a
 * chunk fetched while the socket connects, not in its first screen's scripts (docs/performance.md,
 * round two, "Browser: Preact and a first screen without Zod"). Nothing here is imported statically.
 */
export {
  agentsResponseSchema,
  authResponseSchema,
  cannedResponseResponseSchema,
  cannedResponsesResponseSchema,
  clientRequests,
  conversationResponseSchema,
  conversationsResponseSchema,
  errorBodySchema,
  httpErrorSchema,
  meResponseSchema,
  noteResponseSchema,
  notesResponseSchema,
  notificationSettingsSchema,
  privacySettingsSchema,
  roomMuteResponseSchema,
  roomResponseSchema,
  roomsResponseSchema,
  searchResponseSchema,
  serverEventSchemas,
  siteResponseSchema,
  sitesResponseSchema,
  unavailableDataSchema,
  unsupportedVersionDataSchema,
  userResponseSchema,
  usersResponseSchema,
  vapidPublicKeyResponseSchema,
  webhookDeliveriesResponseSchema,
  webhookDeliveryResponseSchema,
  webhookResponseSchema,
  webhooksResponseSchema,
} from '@natter/protocol';

/** `POST /api/uploads`: where to send a file's bytes, and the id to name it by afterwards. */
export const uploadTicketSchema = z.object({
  attachmentId: z.string(),
  uploadUrl: z.string(),
  uploadMethod: z.literal('PUT'),
  uploadHeaders: z.record(z.string(), z.string()).default({}),
});
