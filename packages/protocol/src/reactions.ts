import { z } from 'zod';
import { idSchema } from './primitives.js';
import { normalizeReactionEmoji } from './reaction-names.js';

/** `reaction:add` / `reaction:remove` (PROTOCOL.md *Reactions*): idempotent per user and emoji. */
export const reactionPayloadSchema = z.strictObject({
  messageId: idSchema,
  emoji: z
    .string()
    .max(64, 'emoji must be one emoji or a short name such as "+1"')
    .transform((text, context) => {
      const emoji = normalizeReactionEmoji(text);
      if (emoji === undefined) {
        context.addIssue({
          code: 'custom',
          message: 'emoji must be one emoji or a short name such as "+1"',
        });
        return z.NEVER;
      }
      return emoji;
    }),
});
export type ReactionPayload = z.input<typeof reactionPayloadSchema>;
