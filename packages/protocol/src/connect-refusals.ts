import { z } from 'zod';

// The data a refused handshake carries (handshake.ts lists the refusals), apart from the
// handshake's constants so that a client reads those without loading Zod.

/** The data of an `unsupported_protocol_version` refusal. */
export const unsupportedVersionDataSchema = z.object({
  supportedVersions: z.array(z.number().int().positive()),
});
export type UnsupportedVersionData = z.infer<typeof unsupportedVersionDataSchema>;

/** The data of an `unavailable` refusal: how long to wait before the next handshake. */
export const unavailableDataSchema = z.object({
  retryAfterMs: z.number().int().nonnegative(),
});
export type UnavailableData = z.infer<typeof unavailableDataSchema>;
