import { LIMITS } from '@natter/protocol';
import type {
  AuthResponse,
  AvatarUploadBody,
  ChangePasswordBody,
  Room,
  RoomsResponse,
  UpdateMeBody,
  UpdateRoomBody,
  User,
} from '@natter/protocol';
import type { z } from 'zod';
import type { FetchLike, HttpClient } from './http-client.js';
import { createHttpClient } from './http-client.js';
import type { PrivacyApi } from './privacy-api.js';
import { createPrivacyApi } from './privacy-api.js';
import type { PushApi } from './push-api.js';
import { createPushApi } from './push-api.js';
import type { uploadTicketSchema } from './wire-schemas.js';

/** `POST /api/uploads`: where to send a file's bytes, and the id to name it by afterwards. */
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

export interface UploadTicketRequest {
  roomId: string;
  filename: string;
  mimeType: string;
  size: number;
}

/** The REST endpoints of PROTOCOL.md the SDK needs, typed and validated. */
export interface RestApi extends PushApi, PrivacyApi {
  me(): Promise<User>;
  logout(): Promise<void>;
  /** Ends every session of the user, this one included (`POST /api/auth/logout-all`). */
  logoutAll(): Promise<void>;
  /** Changes the caller's display name or avatar (`PATCH /api/me`); answers the new profile. */
  updateMe(changes: UpdateMeBody): Promise<User>;
  /** Where to upload an avatar image before `updateMe({ avatarAttachmentId })`. */
  createAvatarUpload(request: AvatarUploadBody): Promise<UploadTicket>;
  /** Changes the password; every other session of the user ends (403 for a wrong current one). */
  changePassword(request: ChangePasswordBody): Promise<void>;
  searchUsers(query: string): Promise<User[]>;
  /** Profiles by id (at most 200 per call). */
  usersByIds(ids: readonly string[]): Promise<User[]>;
  /** All of the caller's rooms: every page of `GET /api/rooms`. */
  listRooms(): Promise<Room[]>;
  getRoom(roomId: string): Promise<Room>;
  /** The one direct room with another user, created on first use. */
  openDirectRoom(otherUserId: string): Promise<Room>;
  createGroupRoom(name: string, participantIds: readonly string[]): Promise<Room>;
  addMember(roomId: string, userId: string): Promise<Room>;
  removeMember(roomId: string, userId: string): Promise<void>;
  /** `PATCH /api/rooms/:id`: a group's name or add policy. */
  updateRoom(roomId: string, changes: UpdateRoomBody): Promise<Room>;
  /** Asks where to upload a file (413 `payload_too_large` over the limit). */
  createUpload(request: UploadTicketRequest): Promise<UploadTicket>;
}

export function createRestApi(http: HttpClient): RestApi {
  const path = (...segments: string[]) => segments.map(encodeURIComponent).join('/');
  return {
    ...createPushApi(http),
    ...createPrivacyApi(http),
    me: async () =>
      (await http.request('GET', '/api/me', { schema: (s) => s.meResponseSchema })).user,
    logout: () => http.request('POST', '/api/auth/logout'),
    logoutAll: () => http.request('POST', '/api/auth/logout-all'),
    updateMe: async (changes) =>
      (
        await http.request('PATCH', '/api/me', {
          body: changes,
          schema: (s) => s.userResponseSchema,
        })
      ).user,
    createAvatarUpload: (request) =>
      http.request('POST', '/api/me/avatar-upload', {
        body: request,
        schema: (s) => s.uploadTicketSchema,
      }),
    changePassword: (request) => http.request('POST', '/api/me/password', { body: request }),
    searchUsers: async (query) =>
      (
        await http.request('GET', '/api/users', {
          query: { query },
          schema: (s) => s.usersResponseSchema,
        })
      ).users,
    usersByIds: async (ids) =>
      (
        await http.request('GET', '/api/users', {
          query: { ids: ids.join(',') },
          schema: (s) => s.usersResponseSchema,
        })
      ).users,
    listRooms: async () => {
      // Every page, largest first: a user in thousands of rooms costs a few requests.
      const rooms: Room[] = [];
      let cursor: string | undefined;
      do {
        const page: RoomsResponse = await http.request('GET', '/api/rooms', {
          query: { limit: String(LIMITS.roomsPageMax), ...(cursor && { cursor }) },
          schema: (s) => s.roomsResponseSchema,
        });
        rooms.push(...page.rooms);
        cursor = page.nextCursor;
      } while (cursor);
      return rooms;
    },
    getRoom: async (roomId) =>
      (
        await http.request('GET', `/api/rooms/${path(roomId)}`, {
          schema: (s) => s.roomResponseSchema,
        })
      ).room,
    openDirectRoom: async (otherUserId) =>
      (
        await http.request('POST', '/api/rooms', {
          body: { type: 'direct', participantIds: [otherUserId] },
          schema: (s) => s.roomResponseSchema,
        })
      ).room,
    createGroupRoom: async (name, participantIds) =>
      (
        await http.request('POST', '/api/rooms', {
          body: { type: 'group', name, participantIds },
          schema: (s) => s.roomResponseSchema,
        })
      ).room,
    addMember: async (roomId, userId) =>
      (
        await http.request('POST', `/api/rooms/${path(roomId)}/members`, {
          body: { userId },
          schema: (s) => s.roomResponseSchema,
        })
      ).room,
    removeMember: (roomId, userId) =>
      http.request('DELETE', `/api/rooms/${path(roomId)}/members/${path(userId)}`),
    updateRoom: async (roomId, changes) =>
      (
        await http.request('PATCH', `/api/rooms/${path(roomId)}`, {
          body: changes,
          schema: (s) => s.roomResponseSchema,
        })
      ).room,
    createUpload: (request) =>
      http.request('POST', '/api/uploads', {
        body: {
          roomId: request.roomId,
          filename: request.filename,
          mimeType: request.mimeType,
          size: request.size,
        },
        schema: (s) => s.uploadTicketSchema,
      }),
  };
}

export interface RestClientOptions {
  baseUrl: string;
  /** Without one, cookie mode: the browser's session cookie authenticates every call. */
  token?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

/**
 * The REST API on its own, without a socket: for a web app in cookie mode (its session is an
 * httpOnly cookie no script can read) before or beside a `createNatterClient`.
 */
export function createRestClient(options: RestClientOptions): RestApi {
  return createRestApi(standaloneHttpClient(options));
}

/** The HTTP client of an API used on its own: this REST API, or the support API. */
export function standaloneHttpClient(options: RestClientOptions): HttpClient {
  return createHttpClient({
    baseUrl: options.baseUrl,
    getToken: () => options.token,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

export interface CredentialsOptions {
  baseUrl: string;
  username: string;
  password: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

const anonymous = (options: CredentialsOptions) =>
  createHttpClient({
    baseUrl: options.baseUrl,
    getToken: () => undefined,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
  });

/** Signs in and returns the user and a token to pass to `createNatterClient`. */
export function login(options: CredentialsOptions): Promise<AuthResponse> {
  return anonymous(options).request('POST', '/api/auth/login', {
    body: { username: options.username, password: options.password },
    schema: (s) => s.authResponseSchema,
  });
}

/** Creates an account and returns it with a token, like `login`. */
export function register(
  options: CredentialsOptions & { displayName?: string },
): Promise<AuthResponse> {
  const body: Record<string, string> = { username: options.username, password: options.password };
  if (options.displayName !== undefined) body.displayName = options.displayName;
  return anonymous(options).request('POST', '/api/auth/register', {
    body,
    schema: (s) => s.authResponseSchema,
  });
}
