import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { AppError, notFound, parseInput } from '../errors.js';
import type { LocalFileAccess } from './file-storage.js';
import { isLinkPreviewImageKey, isObjectKey, objectKeys } from './object-keys.js';
import type { ServedAs } from './file-storage.js';
import { LINK_PREVIEW_IMAGE_SERVED_AS, servedAs } from './serving-policy.js';
import { findUpload } from './upload-repository.js';

const paramsSchema = z.object({ id: z.string().refine(isObjectKey, 'no such file') });
const previewImageParamsSchema = z.object({
  key: z.string().refine(isLinkPreviewImageKey, 'no such file'),
});
const signedQuerySchema = z.object({ expires: z.string().max(20), sig: z.string().max(100) });

const badSignature = () => new AppError('forbidden', 'the URL is invalid or has expired');

/**
 * The local driver's endpoints. They need no session: the signature in the URL is the
 * permission, issued only to the uploader (PUT) or to members the message was presented to (GET).
 */
export function registerLocalFileRoutes(
  app: FastifyInstance,
  deps: { db: Db; files: LocalFileAccess },
): void {
  const { db, files } = deps;

  // Upload bodies are streamed to disk, never buffered: this scope parses no body at all.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    scope.put('/api/uploads/:id/content', async (request, reply) => {
      const { id } = parseInput(paramsSchema, request.params);
      const { expires, sig } = parseInput(signedQuerySchema, request.query);
      const upload = await findUpload(db, id);
      if (!upload) throw notFound('no such upload');
      const file = { size: upload.size, contentType: upload.declaredType };
      if (!(await files.verifyUpload(objectKeys.original(id), file, expires, sig))) {
        throw badSignature();
      }
      // Once checked (or attached), the bytes are final: replacing them would skip the check.
      if (upload.state !== 'pending') throw new AppError('conflict', 'already uploaded');
      const declaredLength = Number(request.headers['content-length'] ?? 0);
      if (declaredLength > upload.size) {
        reply.header('connection', 'close');
        throw new AppError('payload_too_large', 'the body is larger than the declared size');
      }
      await files.write(objectKeys.original(id), request.raw, upload.size);
      return reply.status(204).send();
    });
  });

  const serve = async (
    reply: FastifyReply,
    params: unknown,
    query: unknown,
    variant: 'original' | 'thumbnail',
  ) => {
    const { id } = parseInput(paramsSchema, params);
    const { expires, sig } = parseInput(signedQuerySchema, query);
    const key = variant === 'original' ? objectKeys.original(id) : objectKeys.thumbnail(id);
    if (!(await files.verifyRead(key, expires, sig))) throw badSignature();
    // A deleted message's uploads are forgotten: its URLs stop working at once.
    const upload = await findUpload(db, id);
    if (!upload?.messageId) throw notFound('no such file');
    return send(reply, key, servedAs(upload, variant));
  };

  /** A stored object with the headers it is served as; never run as a page on our origin. */
  const send = async (reply: FastifyReply, key: string, headers: ServedAs) => {
    const opened = await files.open(key);
    if (!opened) throw notFound('no such file');
    return reply
      .header('content-type', headers.contentType)
      .header('content-disposition', headers.contentDisposition)
      .header('content-length', opened.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=300')
      .send(opened.stream);
  };

  app.get('/api/files/:id', (request, reply) =>
    serve(reply, request.params, request.query, 'original'),
  );
  app.get('/api/files/:id/thumbnail', (request, reply) =>
    serve(reply, request.params, request.query, 'thumbnail'),
  );
  // A link preview's image belongs to no upload: the signature, handed out with the message to
  // its room's members, is the whole permission (as for the others).
  app.get('/api/link-preview-images/:key', async (request, reply) => {
    const { key } = parseInput(previewImageParamsSchema, request.params);
    const { expires, sig } = parseInput(signedQuerySchema, request.query);
    if (!(await files.verifyRead(key, expires, sig))) throw badSignature();
    return send(reply, key, LINK_PREVIEW_IMAGE_SERVED_AS);
  });
}
