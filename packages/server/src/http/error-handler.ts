import type { FastifyError, FastifyInstance } from 'fastify';
import { ERROR_HTTP_STATUS } from '@natter/protocol';
import type { ErrorBody, ErrorCode } from '@natter/protocol';
import { AppError, toErrorBody } from '../errors.js';

/** Fastify's own 4xx errors (bad JSON, body too large, poisoned prototypes), in our catalogue. */
const FRAMEWORK_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  413: 'payload_too_large',
  415: 'bad_request',
};

/** Every HTTP error leaves as `{ error: { code, message } }`; nothing else, no stack traces. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = describe(error);
    const status = ERROR_HTTP_STATUS[body.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (body.retryAfterMs !== undefined) {
      reply.header('retry-after', Math.ceil(body.retryAfterMs / 1000));
    }
    return reply.status(status).send({ error: body });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    }),
  );
}

function describe(error: FastifyError): ErrorBody {
  if (error instanceof AppError) return toErrorBody(error);
  const code =
    error.statusCode === undefined ? undefined : FRAMEWORK_STATUS_CODES[error.statusCode];
  return code ? { code, message: error.message } : toErrorBody(error);
}
