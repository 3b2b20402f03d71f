import { z } from 'zod';

/**
 * ➕ `GET /api/me/privacy` and `PUT /api/me/privacy`: what the caller shares. As in WhatsApp,
 * the settings are mutual: with `readReceipts` off nobody learns when the caller read a
 * message, and the caller sees no one's reads (statuses stop at `delivered`); with
 * `typingIndicators` off the caller's typing is not shown and others' is not sent to them.
 */
export const privacySettingsSchema = z.object({
  readReceipts: z.boolean(),
  typingIndicators: z.boolean(),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

export const privacySettingsBodySchema = z
  .strictObject({ readReceipts: z.boolean().optional(), typingIndicators: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'name at least one of readReceipts, typingIndicators',
  });
export type PrivacySettingsBody = z.input<typeof privacySettingsBodySchema>;
