import { z } from 'zod';
import {
  groupColorSchema,
  memberAddPolicySchema,
  memberRoleSchema,
  roomSchema,
  userSchema,
} from './entities.js';
import { LIMITS } from './limits.js';
import {
  displayNameSchema,
  idSchema,
  passwordSchema,
  roomNameSchema,
  usernameSchema,
} from './primitives.js';
import { RESERVED_USERNAMES } from './mentions.js';

/** Request bodies are strict: an unknown or server-owned field is a `bad_request`. */

export const registerBodySchema = z.strictObject({
  // ➕ The words that mention a whole group (`@all`, `@here`...) are nobody's name.
  username: usernameSchema.refine((name) => !RESERVED_USERNAMES.includes(name), {
    message: `username must not be one of ${RESERVED_USERNAMES.join(', ')}: they mention a whole group`,
  }),
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

export const loginBodySchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const authResponseSchema = z.object({ user: userSchema, token: z.string() });
export type AuthResponse = z.infer<typeof authResponseSchema>;

/**
 * `GET /api/me`. `isAdmin` (extension) tells the web app to offer the instance's settings; it is
 * the caller's own flag, never part of a `User` anyone else reads.
 */
export const meResponseSchema = z.object({ user: userSchema, isAdmin: z.boolean().optional() });
export type MeResponse = z.infer<typeof meResponseSchema>;

/**
 * ➕ `PATCH /api/me`: changes the caller's own profile. `avatarAttachmentId` names an upload from
 * `POST /api/me/avatar-upload` (the server crops it to a square and stores its own copy);
 * `avatar: null` removes the avatar. At least one change; answers `{ user }`.
 */
export const updateMeBodySchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    avatarAttachmentId: idSchema.optional(),
    avatar: z.null().optional(),
  })
  .refine((body) => !(body.avatarAttachmentId !== undefined && body.avatar === null), {
    message: 'avatarAttachmentId and avatar: null are exclusive: set an avatar or remove it',
    path: ['avatar'],
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'name at least one of displayName, avatarAttachmentId, avatar',
  });
export type UpdateMeBody = z.input<typeof updateMeBodySchema>;

export const userResponseSchema = z.object({ user: userSchema });
export type UserResponse = z.infer<typeof userResponseSchema>;

/** Image types an avatar may be uploaded as (the server re-encodes it as WebP). */
export const AVATAR_SOURCE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

/**
 * ➕ `POST /api/me/avatar-upload`: asks for a URL to send an avatar image to, before
 * `PATCH /api/me` names it. Answered like `POST /api/uploads` (`uploadResponseSchema`).
 */
export const avatarUploadBodySchema = z.strictObject({
  mimeType: z.enum(AVATAR_SOURCE_TYPES),
  size: z.number().int().positive().max(LIMITS.avatarSourceMaxBytes),
});
export type AvatarUploadBody = z.input<typeof avatarUploadBodySchema>;

/** ➕ `POST /api/me/password`: the current password proves it is the owner asking. */
export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

/** `query` searches usernames and display names; `ids` (extension) fetches profiles by id. */
export const usersQuerySchema = z.strictObject({
  query: z.string().trim().max(64).optional(),
  ids: z
    .string()
    .max(64 * 200)
    .transform((ids) => ids.split(',').filter(Boolean))
    .pipe(z.array(idSchema).max(200))
    .optional(),
});
export type UsersQuery = z.input<typeof usersQuerySchema>;

/** ➕ `PUT`/`DELETE /api/users/:id/block`: the user to block or unblock. */
export const userIdParamsSchema = z.strictObject({ id: idSchema });

export const usersResponseSchema = z.object({ users: z.array(userSchema) });
export type UsersResponse = z.infer<typeof usersResponseSchema>;

export const createDirectRoomBodySchema = z.strictObject({
  type: z.literal('direct'),
  participantIds: z.tuple([idSchema]),
});

export const createGroupRoomBodySchema = z.strictObject({
  type: z.literal('group'),
  name: roomNameSchema,
  participantIds: z.array(idSchema).max(LIMITS.groupParticipantsMax),
});

export const createRoomBodySchema = z.discriminatedUnion('type', [
  createDirectRoomBodySchema,
  createGroupRoomBodySchema,
]);
export type CreateRoomBody = z.infer<typeof createRoomBodySchema>;

export const addMemberBodySchema = z.strictObject({ userId: idSchema });
export type AddMemberBody = z.infer<typeof addMemberBodySchema>;

/** ➕ `PUT /api/rooms/:id/members/:userId`: the owner names or unnames an admin. */
export const setMemberRoleBodySchema = z.strictObject({
  role: memberRoleSchema.exclude(['owner']),
});
export type SetMemberRoleBody = z.infer<typeof setMemberRoleBodySchema>;

/** ➕ `PATCH /api/rooms/:id`: a group's name, colour and settings, changed by its owner or admins. */
export const updateRoomBodySchema = z
  .strictObject({
    name: roomNameSchema.optional(),
    color: groupColorSchema.optional(),
    memberAddPolicy: memberAddPolicySchema.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'name, color or memberAddPolicy is required',
  });
export type UpdateRoomBody = z.infer<typeof updateRoomBodySchema>;

export const roomIdParamsSchema = z.strictObject({ id: idSchema });
export const roomMemberParamsSchema = z.strictObject({ id: idSchema, userId: idSchema });

export const roomResponseSchema = z.object({ room: roomSchema });
export type RoomResponse = z.infer<typeof roomResponseSchema>;

/**
 * ➕ `GET /api/rooms?limit=&cursor=`: one page of the caller's rooms, most recent activity first.
 * Without parameters it answers the first `LIMITS.roomsPageDefault` rooms.
 */
export const roomsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(LIMITS.roomsPageMax).optional(),
  cursor: z.string().min(1).max(200).optional(),
});
export type RoomsQuery = z.input<typeof roomsQuerySchema>;

/** `nextCursor` (extension) is there when more rooms follow: pass it as `cursor`. */
export const roomsResponseSchema = z.object({
  rooms: z.array(roomSchema),
  nextCursor: z.string().optional(),
});
export type RoomsResponse = z.infer<typeof roomsResponseSchema>;

export const healthResponseSchema = z.object({ ok: z.literal(true) });

/**
 * `POST /api/uploads`: asks for a URL to send one file's bytes to. `size` is the exact byte
 * count the client will send; the server refuses more (and anything over its upload limit).
 */
export const uploadRequestBodySchema = z.strictObject({
  roomId: idSchema,
  filename: z.string().min(1).max(1024),
  mimeType: z
    .string()
    .max(255)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as image/png')
    .transform((type) => type.toLowerCase()),
  size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export type UploadRequestBody = z.input<typeof uploadRequestBodySchema>;

/** Where to send the bytes: `uploadMethod` to `uploadUrl` with `uploadHeaders`, within minutes. */
export const uploadResponseSchema = z.object({
  attachmentId: idSchema,
  /** Absolute, or relative to the server's own origin (the local driver). */
  uploadUrl: z.string(),
  uploadMethod: z.literal('PUT'),
  uploadHeaders: z.record(z.string(), z.string()),
});
export type UploadResponse = z.infer<typeof uploadResponseSchema>;
