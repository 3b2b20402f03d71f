import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, UploadResponse } from '@natter/protocol';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FilesConfig } from '../../src/config.js';
import { resolveFilesConfig } from '../../src/config.js';
import { openFileStorage } from '../../src/files/file-storage-factory.js';
import type { FileStorage } from '../../src/files/file-storage.js';
import type { ClientSocket, HttpResult } from './clients.js';
import { http, newClientId, ok, request } from './clients.js';
import { socketPool } from './message-helpers.js';
import { startS3Server } from './s3-server.js';
import type { TestServer } from './test-server.js';
import { startTestServer } from './test-server.js';

export type FileDriver = 'local' | 's3';
export const FILE_DRIVERS: readonly FileDriver[] = ['local', 's3'];

/** A Natter server with one file driver (and, for S3, its own s3rver), plus direct storage access. */
export interface FileTestServer extends TestServer {
  driver: FileDriver;
  dataDir: string;
  /** The same storage the server uses, to look at objects behind its back. */
  storage: FileStorage;
  /** Starts another server on the same storage with different file settings. */
  variant(files: Partial<FilesConfig>): Promise<TestServer>;
}

export async function startFileTestServer(driver: FileDriver): Promise<FileTestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'natter-files-'));
  const s3 = driver === 's3' ? await startS3Server() : undefined;
  const base: Partial<FilesConfig> = { s3: s3?.config };
  const { storage } = await openFileStorage(resolveFilesConfig(base), dataDir);
  const started: TestServer[] = [];
  const start = async (files: Partial<FilesConfig>) => {
    const server = await startTestServer({ dataDir, files: { ...base, ...files } });
    started.push(server);
    return server;
  };
  const main = await start({});
  return {
    ...main,
    driver,
    dataDir,
    storage,
    variant: start,
    async close() {
      await Promise.all(started.map((s) => s.close()));
      await s3?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `POST /api/uploads`. */
export function requestUpload(
  baseUrl: string,
  token: string,
  body: { roomId: string; filename: string; mimeType: string; size: number },
): Promise<HttpResult<UploadResponse>> {
  return http<UploadResponse>(baseUrl, 'POST', '/api/uploads', { token, body });
}

/** Sends bytes where the server said, as a browser would (relative URLs are the server's own). */
export async function putBytes(
  baseUrl: string,
  upload: UploadResponse,
  bytes: Uint8Array,
): Promise<Response> {
  const response = await fetch(new URL(upload.uploadUrl, baseUrl), {
    method: upload.uploadMethod,
    headers: upload.uploadHeaders,
    body: new Uint8Array(bytes),
  });
  await response.arrayBuffer();
  return response;
}

/** Fetches a read URL from a message (relative URLs are the server's own). */
export async function download(baseUrl: string, url: string) {
  const response = await fetch(new URL(url, baseUrl));
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Requests an upload and sends the bytes; asserts both steps succeed. */
export async function uploadFile(
  baseUrl: string,
  token: string,
  file: { roomId: string; filename: string; mimeType: string; bytes: Uint8Array },
): Promise<string> {
  const { status, body } = await requestUpload(baseUrl, token, {
    roomId: file.roomId,
    filename: file.filename,
    mimeType: file.mimeType,
    size: file.bytes.length,
  });
  if (status !== 201) throw new Error(`upload request failed: ${status} ${JSON.stringify(body)}`);
  const put = await putBytes(baseUrl, body, file.bytes);
  if (!put.ok) throw new Error(`upload PUT failed: ${put.status}`);
  return body.attachmentId;
}

/** Sends a message naming uploads; returns the ack unasserted. */
export function sendWithAttachments(
  socket: ClientSocket,
  roomId: string,
  attachmentIds: string[],
  type: 'image' | 'file' | 'text' = 'file',
  content = '',
) {
  return request(socket, 'message:send', {
    roomId,
    clientId: newClientId(),
    type,
    content,
    attachmentIds,
  });
}

export async function sendWithAttachmentsOk(
  socket: ClientSocket,
  roomId: string,
  attachmentIds: string[],
  type: 'image' | 'file' = 'file',
): Promise<Message> {
  return ok(await sendWithAttachments(socket, roomId, attachmentIds, type)).message;
}

/** A real PNG of the given size. */
export function pngBytes(width = 640, height = 480): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } },
  })
    .png()
    .toBuffer();
}

export const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The usual set-up of a file whose messages carry real attachments: one file server for the
 * file (or the describe that calls it), and a pool of sockets closed after each test.
 */
export function useFileTestServer(driver: FileDriver = 'local') {
  let server: FileTestServer | undefined;
  const started = (): FileTestServer => {
    if (!server) throw new Error('the file test server is not started yet');
    return server;
  };
  const sockets = socketPool(() => started().url);
  beforeAll(async () => {
    server = await startFileTestServer(driver);
  });
  afterEach(() => sockets.closeAll());
  afterAll(() => server?.close());
  return { started, sockets };
}
